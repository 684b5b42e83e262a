package io.queuey.groups.control;

import io.queuey.groups.entity.ClaimCommit;
import io.queuey.groups.entity.Cursor;
import io.queuey.groups.entity.DeliveryKey;
import io.queuey.groups.entity.Lease;
import io.queuey.messages.entity.MessageId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * The delivery state of a group in one queue partition: the cursor and one lease row per message
 * handed out. Conditional writes are linearizable per {@link DeliveryKey} (one Paxos partition in
 * Cassandra). A conditional write whose outcome is unknown fails with {@code OutcomeUnknown}; the
 * caller then reads with {@code serial} set, which sees every write that was applied.
 */
public interface DeliveryStore {

  CompletionStage<Cursor> cursor(DeliveryKey key, boolean serial);

  /** Up to {@code limit} lease rows after {@code after} (exclusive; empty: from the first). */
  CompletionStage<List<Lease>> leasesAfter(DeliveryKey key, Optional<MessageId> after, int limit);

  /** The rows of those messages that exist, in id order. */
  CompletionStage<List<Lease>> leases(DeliveryKey key, List<MessageId> ids, boolean serial);

  /**
   * Writes the commit if the cursor's token is still {@code commit.expectedToken()} and every
   * existing row written still has its expected lease and no acknowledgement; true if it did.
   */
  CompletionStage<Boolean> commit(ClaimCommit commit);

  /** Acknowledges the message if {@code lease} is its current lease. */
  CompletionStage<Boolean> ackIf(DeliveryKey key, MessageId id, UUID lease, Instant at);

  /**
   * Acknowledges every message of {@code leases} in one conditional write, if each lease given is
   * its message's current one: all of them or, when one is not, none. True if it did.
   */
  CompletionStage<Boolean> ackAllIf(DeliveryKey key, Map<MessageId, UUID> leases, Instant at);

  /** Acknowledges the messages unconditionally, in one write. */
  CompletionStage<Void> ack(DeliveryKey key, List<MessageId> ids, Instant at);

  /**
   * Replaces the lease by {@code newLease} ending at {@code deadline}, if {@code lease} is current
   * and the message unacknowledged: a release (the new lease belongs to nobody).
   */
  CompletionStage<Boolean> releaseIf(
      DeliveryKey key, MessageId id, UUID lease, UUID newLease, Instant deadline);

  /** Moves the deadline if {@code lease} is current, unacknowledged and holds after {@code now}. */
  CompletionStage<Boolean> extendIf(
      DeliveryKey key, MessageId id, UUID lease, Instant now, Instant deadline);
}
