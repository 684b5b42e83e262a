package io.queuey.groups.control;

import io.queuey.groups.entity.BucketMarks;
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
 * The delivery state of a group in one queue partition, per time bucket: the bucket's cursor and
 * one lease row per message of the bucket handed out (keys with a bucket), and the bucket marks of
 * the group partition (keys without). Conditional writes are linearizable per bucketed {@link
 * DeliveryKey} (one Paxos partition in Cassandra). A conditional write whose outcome is unknown
 * fails with {@code OutcomeUnknown}; the caller then reads with {@code serial} set, which sees
 * every write that was applied.
 */
public interface DeliveryStore {

  /** The bucket marks of the group partition {@code key} (its bucket is ignored). */
  CompletionStage<BucketMarks> marks(DeliveryKey key);

  /**
   * Moves the marker to {@code settledTo} with {@code deadBefore}, unless it is already there or
   * further: a write that can only move it forward, whatever order concurrent writes land in.
   */
  CompletionStage<Void> settleTo(DeliveryKey key, long settledTo, long deadBefore);

  /** Marks the bucket of {@code key} as reopened by {@code token}. */
  CompletionStage<Void> reopen(DeliveryKey key, UUID token);

  /** Marks the reopening {@code token} of the bucket of {@code key} as settled again. */
  CompletionStage<Void> close(DeliveryKey key, UUID token);

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
