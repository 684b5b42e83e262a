package io.queuey.groups.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.queuey.groups.entity.Cursor;
import io.queuey.groups.entity.Group;
import io.queuey.groups.entity.GroupName;
import io.queuey.groups.entity.Lease;
import io.queuey.groups.entity.Mode;
import io.queuey.groups.entity.Position;
import io.queuey.messages.entity.MessageId;
import io.queuey.messages.entity.MessageIdGenerator;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClaimsPlanTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private final MessageIdGenerator ids = new MessageIdGenerator();

  private static Group group(boolean ordered, int maxDeliveries) {
    return new Group(
        UUID.randomUUID(),
        GroupName.parse("g"),
        UUID.randomUUID(),
        Mode.AT_LEAST_ONCE,
        30,
        maxDeliveries,
        Optional.empty(),
        ordered,
        NOW,
        0,
        Position.earliest());
  }

  private Lease lease(int deliveries, Instant deadline, boolean acked) {
    MessageId id = ids.next();
    return new Lease(
        id,
        ids.next().uuid(),
        deadline,
        deliveries,
        acked ? Optional.of(NOW) : Optional.empty(),
        Optional.empty(),
        false);
  }

  private static Cursor cursor() {
    return new Cursor(Optional.of(UUID.randomUUID()), Optional.empty(), Optional.empty(), 0);
  }

  @Test
  void expiredUnacknowledgedLeasesAreHandedOutAgainUpToMax() {
    Lease acked = lease(1, NOW.minusSeconds(5), true);
    Lease expired1 = lease(1, NOW.minusSeconds(5), false);
    Lease holding = lease(1, NOW.plusSeconds(5), false);
    Lease expired2 = lease(2, NOW, false);
    var plan =
        Claims.plan(group(false, 0), cursor(), List.of(acked, expired1, holding, expired2), 1, NOW);
    assertEquals(List.of(expired1), plan.redeliver());
    assertEquals(List.of(), plan.dying());
    assertTrue(plan.freshAllowed(), "unordered groups take fresh messages beside leases");
  }

  @Test
  void aLeaseHandedOutMaxDeliveriesTimesDies() {
    Lease tired = lease(3, NOW.minusSeconds(1), false);
    Lease young = lease(1, NOW.minusSeconds(1), false);
    var plan = Claims.plan(group(false, 3), cursor(), List.of(tired, young), 10, NOW);
    assertEquals(List.of(tired), plan.dying());
    assertEquals(List.of(young), plan.redeliver());
  }

  @Test
  void anOrderedGroupHandsOutNothingWhileALeaseHolds() {
    Lease holding = lease(1, NOW.plusSeconds(5), false);
    Lease expired = lease(1, NOW.minusSeconds(5), false);
    var plan = Claims.plan(group(true, 0), cursor(), List.of(holding, expired), 10, NOW);
    assertEquals(List.of(), plan.redeliver());
    assertFalse(plan.freshAllowed());
  }

  @Test
  void anOrderedGroupTakesFreshMessagesOnlyBehindEveryOlderOne() {
    Lease expired1 = lease(1, NOW.minusSeconds(5), false);
    Lease expired2 = lease(1, NOW.minusSeconds(5), false);
    var partial = Claims.plan(group(true, 0), cursor(), List.of(expired1, expired2), 1, NOW);
    assertEquals(List.of(expired1), partial.redeliver());
    assertFalse(partial.freshAllowed(), "expired2 is older than any fresh message");
    var all = Claims.plan(group(true, 0), cursor(), List.of(expired1, expired2), 5, NOW);
    assertEquals(List.of(expired1, expired2), all.redeliver());
    assertTrue(all.freshAllowed());
  }
}
