package io.queuey.groups.control;

import io.queuey.errors.OutcomeUnknown;
import io.queuey.groups.entity.BucketMarks;
import io.queuey.groups.entity.Buckets;
import io.queuey.groups.entity.ClaimCommit;
import io.queuey.groups.entity.Cursor;
import io.queuey.groups.entity.Delivery;
import io.queuey.groups.entity.DeliveryKey;
import io.queuey.groups.entity.Group;
import io.queuey.groups.entity.Lease;
import io.queuey.groups.entity.LeaseWrite;
import io.queuey.groups.entity.Receipt;
import io.queuey.messages.control.MessageStore;
import io.queuey.messages.control.ReadDelays;
import io.queuey.messages.entity.Message;
import io.queuey.messages.entity.MessageId;
import io.queuey.messages.entity.MessageIdGenerator;
import io.queuey.messages.entity.MessageRef;
import io.queuey.messages.entity.Order;
import io.queuey.messages.entity.Partition;
import io.queuey.messages.entity.ReadRequest;
import io.queuey.messages.entity.Timestamp;
import io.queuey.queues.entity.Queue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One claim of one queue partition, as a small state machine over the stores. The delivery state is
 * kept per time bucket of the messages, each bucket with its own cursor; a claim walks the buckets
 * from the oldest one not yet settled (the marker of {@link BucketMarks}), and in the first bucket
 * where it finds work it reads the cursor (and the unsettled leases after its floor), reads the
 * fresh messages of the bucket after its dispatch mark, then commits the new cursor and the lease
 * rows in one conditional write. A bucket whose messages were all handed out is passed over (unless
 * the group is ordered and some of them are unsettled), so leases still in flight never hold up
 * fresh messages of later buckets; once it is settled the marker moves past it. Losing the write to
 * another claim just means trying again with fresh (serial) reads; an unknown outcome is resolved
 * by reading the cursor at SERIAL: only this claim writes its own token there.
 */
final class Claims {

  /** Unsettled leases one claim looks at: bounds the sweep of a group whose consumers lag. */
  static final int SWEEP_LIMIT = 1000;

  /** Claims that lost the conditional write to others try again this often before giving up. */
  static final int ATTEMPTS = 8;

  /**
   * Buckets one claim walks over at most: bounds its round trips when many buckets in a row hold
   * nothing to hand out (leases in flight); the marker it moves lets the next claim go on.
   */
  static final int MAX_BUCKETS = 32;

  private final DeliveryStore deliveries;
  private final MessageStore messages;
  private final ReadDelays readDelays;
  private final MessageIdGenerator tokens;
  private final int stateTtlSeconds;
  private final FirstUse firstUse;
  private final long settleMillis;
  private final Turns turns;
  private final Buckets buckets;

  /**
   * The newest message time a group may hand out: the queue's read delay, but at least {@code
   * settleMillis} ago even on a single node. Ids are assigned by the instance that takes a post,
   * before its write reaches Cassandra, so a message with an earlier id can be stored after one
   * with a later id (two instances, or two requests of one); a claim that had moved its cursor past
   * the later one would never see the earlier one.
   */
  static Timestamp settledBefore(Queue queue, ReadDelays readDelays, long settleMillis) {
    Timestamp now = Timestamp.now();
    Timestamp settled = Timestamp.ofInstant(now.toInstant().minusMillis(settleMillis));
    return readDelays
        .notAfter(queue.settings().consistency(), now)
        .filter(delayed -> delayed.compareTo(settled) < 0)
        .orElse(settled);
  }

  Claims(
      DeliveryStore deliveries,
      MessageStore messages,
      ReadDelays readDelays,
      MessageIdGenerator tokens,
      int stateTtlSeconds,
      FirstUse firstUse,
      long settleMillis,
      Turns turns,
      Buckets buckets) {
    this.turns = turns;
    this.buckets = buckets;
    this.firstUse = firstUse;
    this.settleMillis = settleMillis;
    this.deliveries = deliveries;
    this.messages = messages;
    this.readDelays = readDelays;
    this.tokens = tokens;
    this.stateTtlSeconds = stateTtlSeconds;
  }

  /** What a claim of one partition handed out, and the messages it found dead. */
  record Outcome(List<Delivery> delivered, List<Message> dead, int lwts, int retries) {
    static final Outcome NOTHING = new Outcome(List.of(), List.of(), 0, 0);
  }

  record Plan(
      Cursor cursor,
      List<Lease> redeliver,
      List<Lease> dying,
      boolean freshAllowed,
      List<Lease> unsettled,
      List<Lease> rows) {}

  /**
   * Where messages a claim declares dead go, before the claim's conditional write marks them dead:
   * a post that is safe to repeat (idempotent per group and message), so that a claim that loses
   * its write, or an instance that dies before it, only repeats a post that stores nothing.
   */
  interface DeadLetterSink {
    CompletionStage<Void> post(List<Message> dead);
  }

  CompletionStage<Outcome> claim(
      Queue queue, Group group, Partition partition, int max, int visibility, DeadLetterSink sink) {
    DeliveryKey key = DeliveryKey.of(group, partition, queue.settings().consistency());
    return turns.take(key, () -> attempt(queue, group, key, max, visibility, sink, 0, 0));
  }

  private CompletionStage<Outcome> attempt(
      Queue queue,
      Group group,
      DeliveryKey key,
      int max,
      int visibility,
      DeadLetterSink sink,
      int tried,
      int lwts) {
    boolean serial = tried > 0;
    Timestamp settled = settledBefore(queue, readDelays, settleMillis);
    return marks(key, serial)
        .thenCompose(
            marks ->
                new Walk(queue, group, key, marks, settled, max, visibility, sink, serial).run())
        .thenCompose(
            prepared -> {
              if (prepared == null) {
                return CompletableFuture.completedFuture(
                    new Outcome(List.of(), List.of(), lwts, tried));
              }
              return commit(prepared.commit)
                  .thenCompose(
                      applied -> {
                        if (applied) {
                          return CompletableFuture.completedFuture(
                              new Outcome(prepared.delivered, prepared.dead, lwts + 1, tried));
                        }
                        if (tried + 1 >= ATTEMPTS) {
                          return CompletableFuture.completedFuture(
                              new Outcome(List.of(), List.of(), lwts + 1, tried + 1));
                        }
                        return attempt(
                            queue, group, key, max, visibility, sink, tried + 1, lwts + 1);
                      });
            });
  }

  /**
   * The bucket of the first message after {@code bucket} up to {@code settled}, if there is one.
   */
  private CompletionStage<Optional<Long>> nextBucket(
      Queue queue, Partition partition, long bucket, Timestamp settled) {
    long following = buckets.next(bucket);
    if (buckets.first(following).compareTo(settled) > 0) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    var request =
        new ReadRequest(
            Optional.of(buckets.firstId(following)), 1, Order.ASCENDING, Optional.of(settled));
    return firstUse
        .call(() -> messages.read(queue, partition, request))
        .thenApply(read -> read.stream().findFirst().map(message -> buckets.of(message.id())));
  }

  /** What a group partition holds, summed over its buckets: see {@link #stats}. */
  record Tally(
      long inFlight, long dead, Optional<MessageId> oldestUnsettled, Optional<MessageId> next) {}

  /**
   * In flight, dead, the oldest unsettled message and the oldest not handed out, over the buckets a
   * claim would walk (at most {@link #MAX_BUCKETS} of them), without writing anything. Dead counts
   * the buckets behind the marker as the marker recorded them.
   */
  CompletionStage<Tally> stats(Queue queue, Group group, Partition partition, Instant now) {
    DeliveryKey key = DeliveryKey.of(group, partition, queue.settings().consistency());
    Timestamp settled = settledBefore(queue, readDelays, settleMillis);
    return deliveries
        .marks(key)
        .thenCompose(
            marks -> {
              long from = marks.walkFrom(buckets.of(group.start()));
              var tally = new Tally(0, marks.deadBefore(), Optional.empty(), Optional.empty());
              return tallyReopened(
                  queue,
                  group,
                  key,
                  new ArrayList<>(marks.reopenedBefore(from).keySet()),
                  0,
                  from,
                  settled,
                  now,
                  tally);
            });
  }

  private CompletionStage<Tally> tallyReopened(
      Queue queue,
      Group group,
      DeliveryKey key,
      List<Long> reopened,
      int index,
      long from,
      Timestamp settled,
      Instant now,
      Tally tally) {
    if (index >= reopened.size()) {
      return tallyFrom(queue, group, key, from, 1, settled, now, tally);
    }
    return tally(queue, group, key.inBucket(reopened.get(index)), settled, now, tally, false)
        .thenCompose(
            next ->
                tallyReopened(queue, group, key, reopened, index + 1, from, settled, now, next));
  }

  private CompletionStage<Tally> tallyFrom(
      Queue queue,
      Group group,
      DeliveryKey key,
      long bucket,
      int visited,
      Timestamp settled,
      Instant now,
      Tally tally) {
    return tally(queue, group, key.inBucket(bucket), settled, now, tally, true)
        .thenCompose(
            next ->
                nextBucket(queue, key.partition(), bucket, settled)
                    .thenCompose(
                        following ->
                            following.isEmpty() || visited >= MAX_BUCKETS
                                ? CompletableFuture.completedFuture(next)
                                : tallyFrom(
                                    queue,
                                    group,
                                    key,
                                    following.get(),
                                    visited + 1,
                                    settled,
                                    now,
                                    next)));
  }

  private CompletionStage<Tally> tally(
      Queue queue,
      Group group,
      DeliveryKey bucket,
      Timestamp settled,
      Instant now,
      Tally tally,
      boolean countDead) {
    return deliveries
        .cursor(bucket, false)
        .thenCompose(
            cursor -> {
              CompletionStage<List<Lease>> rows =
                  cursor.hasUnsettled() && group.mode().leases()
                      ? deliveries.leasesAfter(bucket, cursor.floor(), SWEEP_LIMIT)
                      : CompletableFuture.completedFuture(List.of());
              boolean exhausted =
                  cursor
                      .dispatch()
                      .map(mark -> mark.compareTo(buckets.lastId(bucket.bucket())) >= 0)
                      .orElse(false);
              CompletionStage<Optional<MessageId>> waiting =
                  tally.next().isPresent() || exhausted
                      ? CompletableFuture.completedFuture(tally.next())
                      : fresh(queue, group, bucket, cursor, 1, settled)
                          .thenApply(fresh -> fresh.stream().findFirst().map(Message::id));
              return rows.thenCombine(
                  waiting,
                  (leases, next) -> {
                    long inFlight = tally.inFlight();
                    Optional<MessageId> oldest = tally.oldestUnsettled();
                    for (Lease lease : leases) {
                      if (lease.holdsAt(now)) {
                        inFlight++;
                      }
                      if (!lease.settled() && oldest.isEmpty()) {
                        oldest = Optional.of(lease.messageId());
                      }
                    }
                    long dead = tally.dead() + (countDead ? cursor.dead() : 0);
                    return new Tally(inFlight, dead, oldest, next);
                  });
            });
  }

  /**
   * How long this instance reuses the bucket marks it read or wrote, instead of reading them for
   * every claim. Only a hint that saves a round trip: marks older than the stored ones only make a
   * walk start at a bucket that is settled already (it passes over it); a bucket reopened by
   * another instance meanwhile is walked once the hint is renewed, at most this much later.
   */
  static final long HINT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

  /** Hints of at most this many group partitions; more, and they are all dropped. */
  static final int MAX_HINTS = 10_000;

  private record Hint(BucketMarks marks, long readAt) {}

  private final java.util.concurrent.ConcurrentHashMap<DeliveryKey, Hint> hints =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The marks of the group partition: the hint if fresh and not {@code serial}, else read. */
  private CompletionStage<BucketMarks> marks(DeliveryKey key, boolean serial) {
    Hint hint = hints.get(key);
    long now = System.nanoTime();
    if (!serial && hint != null && now - hint.readAt < HINT_NANOS) {
      return CompletableFuture.completedFuture(hint.marks);
    }
    return deliveries
        .marks(key)
        .thenApply(
            marks -> {
              remember(key, marks, now);
              return marks;
            });
  }

  private void remember(DeliveryKey key, BucketMarks marks, long readAt) {
    if (hints.size() >= MAX_HINTS) {
      hints.clear();
    }
    hints.put(key, new Hint(marks, readAt));
  }

  /** What one bucket of a walk came to: a commit to make there, a stop, or on to the next. */
  private record Step(Prepared prepared, boolean stop, long dead, boolean settled) {
    static final Step STOP = new Step(null, true, 0, false);

    static Step commit(Prepared prepared) {
      return new Step(prepared, true, 0, false);
    }
  }

  /**
   * One claim's walk over the buckets of a group partition: first the buckets behind the marker
   * that late messages reopened, then from the marker on, each next bucket being the one of the
   * first message after the last (so empty buckets cost nothing). It ends at the first bucket with
   * something to commit, at a bucket that must hold the walk up (an ordered group's unsettled
   * lease, a bucket not yet complete), or after {@link #MAX_BUCKETS}. Buckets it found settled from
   * the marker on move the marker, in a plain write that can only move it forward.
   */
  private final class Walk {
    private final Queue queue;
    private final Group group;
    private final DeliveryKey key;
    private final BucketMarks marks;
    private final Timestamp settled;
    private final int max;
    private final int visibility;
    private final DeadLetterSink sink;
    private final boolean serial;
    private final long from;
    private final List<Map.Entry<Long, UUID>> reopened;
    private int visited;
    private boolean prefixSettled = true;
    private long deadPassed;
    private Optional<Long> marker = Optional.empty();

    Walk(
        Queue queue,
        Group group,
        DeliveryKey key,
        BucketMarks marks,
        Timestamp settled,
        int max,
        int visibility,
        DeadLetterSink sink,
        boolean serial) {
      this.queue = queue;
      this.group = group;
      this.key = key;
      this.marks = marks;
      this.settled = settled;
      this.max = max;
      this.visibility = visibility;
      this.sink = sink;
      this.serial = serial;
      this.from = marks.walkFrom(buckets.of(group.start()));
      this.reopened = new ArrayList<>(marks.reopenedBefore(from).entrySet());
    }

    CompletionStage<Prepared> run() {
      return reopenedFrom(0)
          .thenCompose(
              prepared -> {
                Optional<Long> moved = marker.filter(to -> to > from);
                if (moved.isEmpty()) {
                  return CompletableFuture.completedFuture(prepared);
                }
                long dead = marks.deadBefore() + deadPassed;
                long before = System.nanoTime();
                return deliveries
                    .settleTo(key, moved.get(), dead)
                    .thenApply(
                        written -> {
                          remember(
                              key,
                              new BucketMarks(moved, dead, marks.reopenedBefore(moved.get())),
                              before);
                          return prepared;
                        });
              });
    }

    private CompletionStage<Prepared> reopenedFrom(int index) {
      if (index >= reopened.size()) {
        return walkFrom(from);
      }
      var entry = reopened.get(index);
      DeliveryKey bucket = key.inBucket(entry.getKey());
      return step(bucket)
          .thenCompose(
              step -> {
                if (step.stop) {
                  return CompletableFuture.completedFuture(step.prepared);
                }
                CompletionStage<Void> closed =
                    step.settled
                        ? deliveries.close(bucket, entry.getValue())
                        : CompletableFuture.completedFuture(null);
                return closed.thenCompose(done -> reopenedFrom(index + 1));
              });
    }

    private CompletionStage<Prepared> walkFrom(long bucket) {
      visited++;
      return step(key.inBucket(bucket))
          .thenCompose(
              step -> {
                if (step.stop) {
                  return CompletableFuture.completedFuture(step.prepared);
                }
                if (prefixSettled && step.settled) {
                  deadPassed += step.dead;
                } else {
                  prefixSettled = false;
                }
                return nextBucket(queue, key.partition(), bucket, settled)
                    .thenCompose(
                        next -> {
                          if (prefixSettled) {
                            marker = Optional.of(next.orElse(buckets.next(bucket)));
                          }
                          if (next.isEmpty() || visited >= MAX_BUCKETS) {
                            return CompletableFuture.completedFuture(null);
                          }
                          return walkFrom(next.get());
                        });
              });
    }

    private CompletionStage<Step> step(DeliveryKey bucket) {
      return deliveries
          .cursor(bucket, serial)
          .thenCompose(
              cursor -> {
                CompletionStage<List<Lease>> rows =
                    cursor.hasUnsettled() && group.mode().leases()
                        ? deliveries.leasesAfter(bucket, cursor.floor(), SWEEP_LIMIT)
                        : CompletableFuture.completedFuture(List.of());
                return rows.thenApply(found -> plan(group, cursor, found, max, Instant.now()));
              })
          .thenCompose(plan -> inBucket(bucket, plan));
    }

    private CompletionStage<Step> inBucket(DeliveryKey bucket, Plan plan) {
      boolean complete = buckets.last(bucket.bucket()).compareTo(settled) <= 0;
      boolean exhausted =
          plan.cursor
              .dispatch()
              .map(mark -> mark.compareTo(buckets.lastId(bucket.bucket())) >= 0)
              .orElse(false);
      boolean work = !plan.redeliver.isEmpty() || !plan.dying.isEmpty();
      CompletionStage<Prepared> prepared =
          work || (plan.freshAllowed && !exhausted)
              ? withMessages(
                  queue, group, bucket, plan, max, visibility, sink, exhausted, complete, settled)
              : CompletableFuture.completedFuture(null);
      return prepared.thenApply(
          found -> {
            if (found != null
                && (!found.delivered.isEmpty()
                    || !found.dead.isEmpty()
                    || !found.commit.writes().isEmpty())) {
              return Step.commit(found);
            }
            if (!plan.freshAllowed || !complete) {
              return Step.STOP;
            }
            boolean settledHere = plan.rows.size() < SWEEP_LIMIT && plan.unsettled.isEmpty();
            if (group.ordered() && !settledHere) {
              return Step.STOP;
            }
            return new Step(null, false, plan.cursor.dead(), settledHere);
          });
    }
  }

  /**
   * Makes a group partition hand out messages that were stored late (see {@code StoredMessages}):
   * one it has already passed (its dispatch mark is at or after the message) without a lease row
   * for it gets an expired lease row with no deliveries, and the floor moves below it, so that the
   * sweep of expired leases hands it out like a redelivery (then with {@code deliveries} 1). Every
   * outcome, also "not passed yet", is committed as a claim is, conditional on the claim token read
   * at SERIAL: a claim that read the messages before this one landed and commits after this read
   * must fail and read again, or it could move its dispatch mark past the message unseen. True if
   * some message was re-armed; a failed stage when the commit kept losing or the storage failed.
   */
  CompletionStage<Boolean> rearm(
      Queue queue, Group group, Partition partition, List<MessageId> ids) {
    DeliveryKey key = DeliveryKey.of(group, partition, queue.settings().consistency());
    List<MessageId> late =
        ids.stream().filter(id -> id.compareTo(group.start()) >= 0).sorted().distinct().toList();
    if (late.isEmpty()) {
      return CompletableFuture.completedFuture(false);
    }
    var byBucket = new TreeMap<Long, List<MessageId>>();
    late.forEach(id -> byBucket.computeIfAbsent(buckets.of(id), b -> new ArrayList<>()).add(id));
    // This instance's next claim reads the marks again, so that it walks a reopened bucket at once.
    return turns
        .take(key, () -> rearmBuckets(key, new ArrayList<>(byBucket.entrySet()), 0, false))
        .whenComplete((rearmed, failure) -> hints.remove(key));
  }

  /**
   * Re-arms bucket after bucket; a bucket that has ended (or is about to, allowing for clocks a
   * little apart) may be behind the marker already, where no claim looks: it is reopened after its
   * commit, so that the next claim walks it again.
   */
  private CompletionStage<Boolean> rearmBuckets(
      DeliveryKey key, List<Map.Entry<Long, List<MessageId>>> byBucket, int index, boolean any) {
    if (index >= byBucket.size()) {
      return CompletableFuture.completedFuture(any);
    }
    var entry = byBucket.get(index);
    DeliveryKey bucket = key.inBucket(entry.getKey());
    long current = buckets.of(Timestamp.ofInstant(Instant.now().plus(REOPEN_SKEW)));
    return rearmAttempt(bucket, entry.getValue(), 0)
        .thenCompose(
            rearmed ->
                entry.getKey() < current
                    ? deliveries.reopen(bucket, tokens.next().uuid()).thenApply(done -> rearmed)
                    : CompletableFuture.completedFuture(rearmed))
        .thenCompose(rearmed -> rearmBuckets(key, byBucket, index + 1, any || rearmed));
  }

  /** How far apart the clocks of instances may be, for {@link #rearmBuckets}. */
  private static final java.time.Duration REOPEN_SKEW = java.time.Duration.ofMinutes(1);

  private CompletionStage<Boolean> rearmAttempt(DeliveryKey key, List<MessageId> late, int tried) {
    return deliveries
        .cursor(key, true)
        .thenCompose(
            cursor ->
                deliveries
                    .leases(key, late, true)
                    .thenCompose(
                        rows -> {
                          var known = new java.util.HashSet<MessageId>();
                          rows.forEach(row -> known.add(row.messageId()));
                          Instant now =
                              Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
                          var writes = new ArrayList<LeaseWrite>();
                          Optional<MessageId> floor = cursor.floor();
                          for (MessageId id : late) {
                            boolean passed =
                                cursor.dispatch().isPresent()
                                    && id.compareTo(cursor.dispatch().get()) <= 0;
                            if (!passed || known.contains(id)) {
                              continue;
                            }
                            writes.add(
                                new LeaseWrite(
                                    Optional.empty(),
                                    new Lease(
                                        id,
                                        tokens.next().uuid(),
                                        now,
                                        0,
                                        Optional.empty(),
                                        Optional.empty(),
                                        false)));
                            if (floor.isPresent() && floor.get().compareTo(id) >= 0) {
                              floor =
                                  Optional.of(
                                      MessageId.lowestAt(
                                          Timestamp.ofTicks(id.timestamp().ticks() - 1)));
                            }
                          }
                          Cursor next =
                              new Cursor(
                                  Optional.of(tokens.next().uuid()),
                                  cursor.dispatch(),
                                  floor,
                                  cursor.dead());
                          return commit(
                                  new ClaimCommit(
                                      key, cursor.token(), next, writes, stateTtlSeconds))
                              .thenCompose(
                                  applied -> {
                                    if (applied) {
                                      return CompletableFuture.completedFuture(!writes.isEmpty());
                                    }
                                    if (tried + 1 >= ATTEMPTS) {
                                      return CompletableFuture.<Boolean>failedFuture(
                                          new io.queuey.errors.StorageUnavailable(
                                              io.queuey.errors.StorageUnavailable.Kind.TIMEOUT,
                                              "the group's cursor is contended; try again",
                                              null));
                                    }
                                    return rearmAttempt(key, late, tried + 1);
                                  });
                        }));
  }

  /**
   * True if the commit took effect. When the storage cannot tell, the cursor read at SERIAL
   * decides: it carries this claim's token exactly when the commit was applied, as every later
   * claim replaces the token only after reading this one.
   */
  private CompletionStage<Boolean> commit(ClaimCommit commit) {
    UUID mine = commit.next().token().orElseThrow();
    return deliveries
        .commit(commit)
        .handle(
            (applied, failure) -> {
              if (failure == null) {
                return CompletableFuture.completedFuture(applied);
              }
              if (!(unwrap(failure) instanceof OutcomeUnknown)) {
                return CompletableFuture.<Boolean>failedFuture(unwrap(failure));
              }
              return deliveries
                  .cursor(commit.key(), true)
                  .thenApply(cursor -> cursor.token().map(mine::equals).orElse(false));
            })
        .thenCompose(stage -> stage);
  }

  static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while (current instanceof java.util.concurrent.CompletionException
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /**
   * Which leases to hand out again and which to declare dead. Ordered groups hand out nothing while
   * a lease of the partition holds, and fresh messages only once every older one is settled or part
   * of this claim.
   */
  static Plan plan(Group group, Cursor cursor, List<Lease> rows, int max, Instant now) {
    var unsettled = new ArrayList<Lease>();
    for (Lease row : rows) {
      if (!row.settled()) {
        unsettled.add(row);
      }
    }
    boolean blocked = group.ordered() && unsettled.stream().anyMatch(row -> row.holdsAt(now));
    var redeliver = new ArrayList<Lease>();
    var dying = new ArrayList<Lease>();
    boolean allTaken = true;
    if (!blocked) {
      for (Lease row : unsettled) {
        if (!row.expiredAt(now)) {
          allTaken = false;
          continue;
        }
        if (group.maxDeliveries() > 0 && row.deliveries() >= group.maxDeliveries()) {
          dying.add(row);
        } else if (redeliver.size() < max) {
          redeliver.add(row);
        } else {
          allTaken = false;
          if (group.ordered()) {
            break;
          }
        }
      }
    }
    boolean freshAllowed = !blocked && (!group.ordered() || allTaken);
    return new Plan(cursor, redeliver, dying, freshAllowed, unsettled, List.copyOf(rows));
  }

  private record Prepared(ClaimCommit commit, List<Delivery> delivered, List<Message> dead) {}

  /**
   * Reads the bodies and the fresh messages of the bucket of {@code key} (none if {@code
   * exhausted}), and builds the commit; null when nothing changes. {@code complete}: the bucket
   * ended before {@code settled}, so a read of it that finds fewer than wanted has seen all of it.
   */
  private CompletionStage<Prepared> withMessages(
      Queue queue,
      Group group,
      DeliveryKey key,
      Plan found,
      int max,
      int visibility,
      DeadLetterSink sink,
      boolean exhausted,
      boolean complete,
      Timestamp settled) {
    Fresh bounds = new Fresh(exhausted, complete, settled);
    return bodiesOf(queue, key, found)
        .thenCompose(
            byId -> {
              var dead = new ArrayList<Message>();
              found.dying.forEach(
                  row -> {
                    if (byId.containsKey(row.messageId())) {
                      dead.add(byId.get(row.messageId()));
                    }
                  });
              if (dead.isEmpty()) {
                return withBodies(queue, group, key, found, byId, max, visibility, bounds);
              }
              // Dead letters are posted first; if that fails they stay as they are (expired,
              // not handed out again) and the next claim tries again.
              return sink.post(dead)
                  .handle(
                      (posted, failure) ->
                          failure == null
                              ? found
                              : new Plan(
                                  found.cursor,
                                  found.redeliver,
                                  found.dying.stream()
                                      .filter(row -> !byId.containsKey(row.messageId()))
                                      .toList(),
                                  false,
                                  found.unsettled,
                                  found.rows))
                  .thenCompose(
                      plan -> withBodies(queue, group, key, plan, byId, max, visibility, bounds));
            });
  }

  private CompletionStage<Map<MessageId, Message>> bodiesOf(
      Queue queue, DeliveryKey key, Plan plan) {
    var known = new ArrayList<MessageRef>();
    plan.redeliver.forEach(row -> known.add(new MessageRef(key.partition(), row.messageId())));
    plan.dying.forEach(row -> known.add(new MessageRef(key.partition(), row.messageId())));
    CompletionStage<List<Message>> bodies =
        known.isEmpty()
            ? CompletableFuture.completedFuture(List.of())
            : firstUse.call(() -> messages.fetch(queue, known));
    return bodies.thenApply(
        found -> {
          Map<MessageId, Message> byId = new HashMap<>();
          found.forEach(message -> byId.put(message.id(), message));
          return byId;
        });
  }

  /** How a claim reads the fresh messages of one bucket: see {@link #withMessages}. */
  private record Fresh(boolean exhausted, boolean complete, Timestamp settled) {}

  private CompletionStage<Prepared> withBodies(
      Queue queue,
      Group group,
      DeliveryKey key,
      Plan plan,
      Map<MessageId, Message> byId,
      int max,
      int visibility,
      Fresh bounds) {
    long relet = plan.redeliver.stream().filter(row -> byId.containsKey(row.messageId())).count();
    int wanted = (int) (max - relet);
    if (!plan.freshAllowed || wanted <= 0 || bounds.exhausted) {
      return CompletableFuture.completedFuture(
          build(group, key, plan, byId, List.of(), visibility, Optional.empty()));
    }
    return fresh(queue, group, key, plan.cursor, wanted, bounds.settled)
        .thenApply(
            fresh -> {
              // All of a complete bucket read: its dispatch mark goes to its end, which tells the
              // next claims to pass it over without reading its messages again.
              Optional<MessageId> end =
                  fresh.size() < wanted && bounds.complete
                      ? Optional.of(buckets.lastId(key.bucket()))
                      : Optional.empty();
              return build(group, key, plan, byId, fresh, visibility, end);
            });
  }

  /**
   * Messages of the bucket of {@code key} after its dispatch mark (or from the generation's start
   * or the bucket's), up to {@code settled}.
   */
  private CompletionStage<List<Message>> fresh(
      Queue queue, Group group, DeliveryKey key, Cursor cursor, int wanted, Timestamp settled) {
    MessageId first = buckets.firstId(key.bucket());
    MessageId from =
        cursor.dispatch().orElse(group.start().compareTo(first) > 0 ? group.start() : first);
    Timestamp last = buckets.last(key.bucket());
    var request =
        new ReadRequest(
            Optional.of(from),
            Math.min(wanted + 1, io.queuey.platform.Limit.MAX + 1),
            Order.ASCENDING,
            Optional.of(last.compareTo(settled) < 0 ? last : settled));
    return firstUse
        .call(() -> messages.read(queue, key.partition(), request))
        .thenApply(
            read -> {
              var after = new ArrayList<Message>(read.size());
              for (Message message : read) {
                boolean handedOut =
                    cursor.dispatch().isPresent()
                        && message.id().compareTo(cursor.dispatch().get()) <= 0;
                if (!handedOut && after.size() < wanted) {
                  after.add(message);
                }
              }
              return after;
            });
  }

  private Prepared build(
      Group group,
      DeliveryKey key,
      Plan plan,
      Map<MessageId, Message> bodies,
      List<Message> fresh,
      int visibility,
      Optional<MessageId> end) {
    // Milliseconds, as Cassandra stores them: the lease_expires a client sees is the deadline
    // that later claims compare with.
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    Instant deadline = now.plusSeconds(visibility);
    boolean leases = group.mode().leases();
    var writes = new ArrayList<LeaseWrite>();
    // The rows after the floor as they will be, to work out how far the floor moves.
    var after = new TreeMap<MessageId, Lease>();
    plan.rows.forEach(row -> after.put(row.messageId(), row));
    var delivered = new ArrayList<Delivery>();
    var dead = new ArrayList<Message>();
    for (Lease row : plan.dying) {
      Message message = bodies.get(row.messageId());
      Lease next =
          message == null
              ? new Lease(
                  row.messageId(),
                  row.lease(),
                  row.deadline(),
                  row.deliveries(),
                  Optional.empty(),
                  Optional.empty(),
                  true)
              : new Lease(
                  row.messageId(),
                  row.lease(),
                  row.deadline(),
                  row.deliveries(),
                  Optional.empty(),
                  Optional.of(now),
                  false);
      if (message != null) {
        dead.add(message);
      }
      writes.add(new LeaseWrite(Optional.of(row.lease()), next));
      after.put(row.messageId(), next);
    }
    for (Lease row : plan.redeliver) {
      Message message = bodies.get(row.messageId());
      Lease next;
      if (message == null) {
        // Deleted or expired: never handed out again, and no longer holding the floor back.
        next =
            new Lease(
                row.messageId(),
                row.lease(),
                row.deadline(),
                row.deliveries(),
                Optional.empty(),
                Optional.empty(),
                true);
      } else {
        UUID token = tokens.next().uuid();
        next =
            new Lease(
                row.messageId(),
                token,
                deadline,
                row.deliveries() + 1,
                Optional.empty(),
                Optional.empty(),
                false);
        delivered.add(
            new Delivery(
                message,
                Optional.of(receipt(key, row.messageId(), token)),
                next.deliveries(),
                deadline));
      }
      writes.add(new LeaseWrite(Optional.of(row.lease()), next));
      after.put(row.messageId(), next);
    }
    for (Message message : fresh) {
      if (leases) {
        UUID token = tokens.next().uuid();
        Lease next =
            new Lease(message.id(), token, deadline, 1, Optional.empty(), Optional.empty(), false);
        writes.add(new LeaseWrite(Optional.empty(), next));
        after.put(message.id(), next);
        delivered.add(
            new Delivery(message, Optional.of(receipt(key, message.id(), token)), 1, deadline));
      } else {
        delivered.add(new Delivery(message, Optional.empty(), 1, deadline));
      }
    }
    Cursor cursor = plan.cursor;
    Optional<MessageId> dispatch =
        fresh.isEmpty()
            ? cursor.dispatch()
            : Optional.of(end.orElse(fresh.get(fresh.size() - 1).id()));
    Optional<MessageId> floor;
    if (!leases) {
      floor = dispatch;
    } else {
      floor = cursor.floor();
      boolean sawAll = plan.rows.size() < SWEEP_LIMIT;
      boolean stopped = false;
      for (Lease row : after.values()) {
        if (!row.settled()) {
          stopped = true;
          break;
        }
        floor = Optional.of(row.messageId());
      }
      // Settled rows between the floor and the first unsettled one were not read (the sweep reads
      // only after the floor, and skips settled rows): with nothing unsettled and the sweep
      // complete, everything up to the dispatch mark is settled.
      if (!stopped && sawAll) {
        floor = dispatch;
      }
    }
    boolean changed =
        !writes.isEmpty() || !dispatch.equals(cursor.dispatch()) || !floor.equals(cursor.floor());
    if (!changed) {
      return null;
    }
    Cursor next =
        new Cursor(Optional.of(tokens.next().uuid()), dispatch, floor, cursor.dead() + dead.size());
    return new Prepared(
        new ClaimCommit(key, cursor.token(), next, writes, stateTtlSeconds), delivered, dead);
  }

  private static Receipt receipt(DeliveryKey key, MessageId id, UUID token) {
    return new Receipt(key.groupId(), key.generation(), key.partition(), id, token);
  }
}
