package io.queuey.groups.control;

import io.queuey.auth.entity.Caller;
import io.queuey.errors.InvalidParameter;
import io.queuey.errors.OutcomeUnknown;
import io.queuey.errors.StorageUnavailable;
import io.queuey.groups.entity.Buckets;
import io.queuey.groups.entity.ClaimRequest;
import io.queuey.groups.entity.Delivery;
import io.queuey.groups.entity.DeliveryKey;
import io.queuey.groups.entity.Group;
import io.queuey.groups.entity.GroupStats;
import io.queuey.groups.entity.Lease;
import io.queuey.groups.entity.Mode;
import io.queuey.groups.entity.Receipt;
import io.queuey.groups.entity.Settled;
import io.queuey.messages.control.MessageStore;
import io.queuey.messages.control.ReadDelays;
import io.queuey.messages.entity.MessageId;
import io.queuey.messages.entity.MessageIdGenerator;
import io.queuey.messages.entity.Partition;
import io.queuey.queues.control.QueueAccess;
import io.queuey.queues.control.QueueService;
import io.queuey.queues.entity.Queue;
import io.queuey.stats.control.TrafficRates;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Claiming, acknowledging, releasing, extending and seeking: the delivery rules of API.md, What
 * each mode promises. Nothing here is remembered between calls; every decision is made by a
 * conditional write to the storage.
 */
@ApplicationScoped
public class DeliveryService {

  /** A lease never lasts longer than this in all (API.md, extend). */
  static final Duration MAX_LEASE = Duration.ofHours(12);

  @Inject QueueService queues;
  @Inject GroupService groups;
  @Inject DeliveryStore deliveries;
  @Inject MessageStore messages;
  @Inject ReadDelays readDelays;
  @Inject LongPolls longPolls;
  @Inject DeadLetters deadLetters;
  @Inject GroupMetrics metrics;
  @Inject GroupGauges gauges;
  @Inject TrafficRates traffic;

  /**
   * How long delivery state is kept: it must outlive the messages it is about (see README, data
   * model), so by default a day longer than the default message TTL.
   */
  @Inject
  @ConfigProperty(name = "queuey.groups.state-ttl-seconds", defaultValue = "345600")
  int stateTtlSeconds;

  /** See {@link Claims#settledBefore}: longer than a post takes from its id to its write. */
  @Inject
  @ConfigProperty(name = "queuey.groups.settle-ms", defaultValue = "2000")
  long settleMillis;

  /**
   * The time buckets of the delivery state: those of the messages, so that a group's state of one
   * bucket lives and expires with the bucket's messages.
   */
  @Inject
  @ConfigProperty(name = "queuey.messages.bucket-seconds", defaultValue = "3600")
  long bucketSeconds;

  private Buckets buckets;

  private final MessageIdGenerator tokens = new MessageIdGenerator();
  private final FirstUse firstUse = new FirstUse();
  private final Turns turns = new Turns();
  private Claims claims;

  @PostConstruct
  void init() {
    if (stateTtlSeconds < 60) {
      throw new IllegalStateException("queuey.groups.state-ttl-seconds must be at least 60");
    }
    claims =
        new Claims(
            deliveries,
            messages,
            readDelays,
            tokens,
            stateTtlSeconds,
            firstUse,
            settleMillis,
            turns,
            buckets = new Buckets(bucketSeconds));
  }

  public CompletionStage<List<Delivery>> claim(
      Caller caller, String application, String queueName, String groupName, ClaimRequest request) {
    Queue queue = queues.require(application, queueName);
    QueueAccess.requireReaderOrDeleter(caller, queue);
    int partitions = queue.settings().partitions();
    for (Partition partition : request.partitions()) {
      partition.checkWithin("partitions", partitions);
    }
    long started = System.nanoTime();
    return groups
        .require(queue, groupName)
        .thenCompose(
            group -> {
              gauges.claimedFrom(queue, group);
              CompletionStage<List<Delivery>> first = claimOnce(queue, group, request);
              if (request.waitSeconds() == 0) {
                return first;
              }
              Instant deadline = Instant.now().plusSeconds(request.waitSeconds());
              return first.thenCompose(
                  delivered ->
                      delivered.isEmpty()
                          ? longPolls.await(
                              group.id(),
                              deadline,
                              () ->
                                  groups
                                      .require(queue, groupName)
                                      .thenCompose(latest -> claimOnce(queue, latest, request)))
                          : CompletableFuture.completedFuture(delivered));
            })
        .whenComplete(
            (delivered, failure) -> {
              if (delivered != null) {
                metrics.claimed(application, delivered, System.nanoTime() - started);
                traffic.read(application, queue.name().value(), delivered.size());
              }
            });
  }

  /** See {@link LateArrivals}: hands out again late messages this group partition passed. */
  public CompletionStage<Boolean> rearm(
      Queue queue, Group group, Partition partition, List<MessageId> late) {
    return claims.rearm(queue, group, partition, late);
  }

  /**
   * Claims from the partitions one after the other, from a random one on, until {@code max}; those
   * no other claim of this instance is working on come first, so that concurrent consumers spread
   * over the partitions instead of waiting for each other's turns.
   */
  CompletionStage<List<Delivery>> claimOnce(Queue queue, Group group, ClaimRequest request) {
    List<Partition> partitions = request.partitions();
    if (partitions.isEmpty()) {
      var all = new ArrayList<Partition>();
      for (int p = 1; p <= queue.settings().partitions(); p++) {
        all.add(Partition.of(p));
      }
      partitions = all;
    }
    int visibility = request.visibility().orElse(group.visibilitySeconds());
    int offset = ThreadLocalRandom.current().nextInt(partitions.size());
    var order = new ArrayList<Partition>(partitions.size());
    var taken = new ArrayList<Partition>();
    for (int i = 0; i < partitions.size(); i++) {
      Partition partition = partitions.get((offset + i) % partitions.size());
      if (turns.busy(DeliveryKey.of(group, partition, queue.settings().consistency()))) {
        taken.add(partition);
      } else {
        order.add(partition);
      }
    }
    order.addAll(taken);
    return claimFrom(queue, group, order, 0, request.max(), visibility, new ArrayList<>());
  }

  private CompletionStage<List<Delivery>> claimFrom(
      Queue queue,
      Group group,
      List<Partition> order,
      int index,
      int max,
      int visibility,
      List<Delivery> collected) {
    if (index >= order.size() || collected.size() >= max) {
      return CompletableFuture.completedFuture(collected);
    }
    return claims
        .claim(
            queue,
            group,
            order.get(index),
            max - collected.size(),
            visibility,
            dead -> deadLetters.post(queue, group, dead))
        .thenCompose(
            outcome -> {
              collected.addAll(outcome.delivered());
              metrics.lwts(queue.application(), outcome.lwts(), outcome.retries());
              if (!outcome.dead().isEmpty()) {
                metrics.deadLettered(queue.application(), outcome.dead().size());
              }
              return claimFrom(queue, group, order, index + 1, max, visibility, collected);
            });
  }

  public CompletionStage<Settled> ack(
      Caller caller, String application, String queueName, String groupName, List<String> texts) {
    return settle(
            caller,
            application,
            queueName,
            groupName,
            texts,
            (group, key, receipts) ->
                group.mode() == Mode.EXACTLY_ONCE
                    ? ackExactly(key, receipts)
                    : ackAtLeast(key, receipts))
        .whenComplete(
            (settled, failure) -> {
              if (settled != null) {
                metrics.acked(application, settled.done());
              }
            });
  }

  public CompletionStage<Settled> release(
      Caller caller,
      String application,
      String queueName,
      String groupName,
      List<String> texts,
      int delaySeconds) {
    return settle(
        caller,
        application,
        queueName,
        groupName,
        texts,
        (group, key, receipts) -> {
          Instant deadline = now().plusSeconds(delaySeconds);
          return oneByOne(
              key,
              receipts,
              receipt -> {
                UUID released = tokens.next().uuid();
                return resolve(
                    deliveries.releaseIf(key, receipt.id(), receipt.lease(), released, deadline),
                    key,
                    receipt,
                    row -> row.lease().equals(released));
              });
        });
  }

  public CompletionStage<Settled> extend(
      Caller caller,
      String application,
      String queueName,
      String groupName,
      List<String> texts,
      Optional<Integer> visibility) {
    return settle(
        caller,
        application,
        queueName,
        groupName,
        texts,
        (group, key, receipts) -> {
          Instant now = now();
          int seconds = visibility.orElse(group.visibilitySeconds());
          return oneByOne(
              key,
              receipts,
              receipt -> {
                Instant leasedAt = MessageId.of(receipt.lease()).timestamp().toInstant();
                Instant wanted = now.plusSeconds(seconds);
                Instant cap = leasedAt.plus(MAX_LEASE).truncatedTo(ChronoUnit.MILLIS);
                Instant deadline = wanted.isAfter(cap) ? cap : wanted;
                return resolve(
                    deliveries.extendIf(key, receipt.id(), receipt.lease(), now, deadline),
                    key,
                    receipt,
                    row -> row.lease().equals(receipt.lease()) && row.deadline().equals(deadline));
              });
        });
  }

  public CompletionStage<Void> seek(
      Caller caller, String application, String queueName, String groupName, MessageId position) {
    Queue queue = queues.require(application, queueName);
    QueueAccess.requireReaderOrDeleter(caller, queue);
    return groups
        .require(queue, groupName)
        .thenCompose(group -> groups.seek(queue, group, position))
        .thenAccept(moved -> {});
  }

  /** In flight, dead, oldest unacknowledged and lag, over every partition. */
  public CompletionStage<GroupStats> stats(Queue queue, Group group) {
    Instant now = Instant.now();
    var perPartition = new ArrayList<CompletableFuture<GroupStats>>();
    for (int p = 1; p <= queue.settings().partitions(); p++) {
      perPartition.add(statsOf(queue, group, Partition.of(p), now).toCompletableFuture());
    }
    return CompletableFuture.allOf(perPartition.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              long inFlight = 0;
              long dead = 0;
              Optional<Long> oldest = Optional.empty();
              Optional<Long> lag = Optional.empty();
              for (var stage : perPartition) {
                GroupStats stats = stage.join();
                inFlight += stats.inFlight();
                dead += stats.dead();
                oldest = max(oldest, stats.oldestUnackedAge());
                lag = max(lag, stats.lagSeconds());
              }
              return new GroupStats(inFlight, dead, oldest, lag);
            });
  }

  private CompletionStage<GroupStats> statsOf(
      Queue queue, Group group, Partition partition, Instant now) {
    return claims
        .stats(queue, group, partition, now)
        .thenApply(
            tally ->
                new GroupStats(
                    tally.inFlight(),
                    tally.dead(),
                    tally.oldestUnsettled().map(id -> ageOf(id, now)),
                    tally.next().map(id -> ageOf(id, now))));
  }

  private static long ageOf(MessageId id, Instant now) {
    return Math.max(0, Duration.between(id.timestamp().toInstant(), now).toSeconds());
  }

  private static Optional<Long> max(Optional<Long> a, Optional<Long> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return Optional.of(Math.max(a.get(), b.get()));
  }

  /** What settles the receipts of one delivery partition: "done" per receipt, or "stale". */
  private interface Settler {
    CompletionStage<Map<Receipt, Boolean>> apply(
        Group group, DeliveryKey key, List<Receipt> receipts);
  }

  private CompletionStage<Settled> settle(
      Caller caller,
      String application,
      String queueName,
      String groupName,
      List<String> texts,
      Settler settler) {
    Queue queue = queues.require(application, queueName);
    QueueAccess.requireReaderOrDeleter(caller, queue);
    return groups
        .require(queue, groupName)
        .thenCompose(
            group -> {
              if (!group.mode().leases()) {
                throw new InvalidParameter(
                    "mode", "An at_most_once group has no receipts to acknowledge.");
              }
              var failed = new LinkedHashMap<String, String>();
              var byKey = new LinkedHashMap<DeliveryKey, List<Receipt>>();
              var wireOf = new LinkedHashMap<Receipt, String>();
              for (String text : texts) {
                Optional<Receipt> parsed = Receipt.tryParse(text);
                if (parsed.isEmpty()
                    || !parsed.get().groupId().equals(group.id())
                    || parsed.get().partition().number() > queue.settings().partitions()
                    || parsed.get().generation() > group.generation()) {
                  failed.put(text, Settled.UNKNOWN);
                  continue;
                }
                Receipt receipt = parsed.get();
                if (receipt.generation() < group.generation()) {
                  failed.put(text, Settled.STALE);
                  continue;
                }
                wireOf.put(receipt, text);
                byKey
                    .computeIfAbsent(
                        DeliveryKey.of(group, receipt.partition(), queue.settings().consistency())
                            .of(receipt.id(), buckets),
                        key -> new ArrayList<>())
                    .add(receipt);
              }
              var parts = new ArrayList<CompletableFuture<Map<Receipt, Boolean>>>();
              byKey.forEach(
                  (key, receipts) ->
                      parts.add(settler.apply(group, key, receipts).toCompletableFuture()));
              return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                  .thenApply(
                      all -> {
                        int done = 0;
                        for (var part : parts) {
                          for (var entry : part.join().entrySet()) {
                            if (entry.getValue()) {
                              done++;
                            } else {
                              failed.put(wireOf.get(entry.getKey()), Settled.STALE);
                            }
                          }
                        }
                        return new Settled(done, failed);
                      });
            });
  }

  /**
   * Only the current lease acknowledges, definitively: the receipts of one partition in one
   * conditional write (one LWT for an ack of a whole claim, where one per receipt made a hundred
   * LWTs on one Paxos partition fight each other into timeouts), in this instance's turn of the
   * partition. The write applies to all or none; when it is not applied, a read at SERIAL tells the
   * current receipts from the stale ones, and the current ones are written again.
   */
  private CompletionStage<Map<Receipt, Boolean>> ackExactly(
      DeliveryKey key, List<Receipt> receipts) {
    Instant now = now();
    List<Receipt> distinct = receipts.stream().distinct().toList();
    boolean oneEach = distinct.stream().map(Receipt::id).distinct().count() == distinct.size();
    return turns.take(key, () -> ackRound(key, distinct, now, !oneEach, new LinkedHashMap<>(), 0));
  }

  /** Attempts at the batched ack before falling back to one conditional write per receipt. */
  static final int ACK_ROUNDS = 4;

  private CompletionStage<Map<Receipt, Boolean>> ackRound(
      DeliveryKey key,
      List<Receipt> pending,
      Instant now,
      boolean readFirst,
      Map<Receipt, Boolean> outcome,
      int round) {
    if (pending.isEmpty()) {
      return CompletableFuture.completedFuture(outcome);
    }
    if (round >= ACK_ROUNDS) {
      return ackEach(key, pending, now)
          .thenApply(
              each -> {
                outcome.putAll(each);
                return outcome;
              });
    }
    CompletionStage<List<Receipt>> current =
        readFirst ? currentOf(key, pending, outcome) : CompletableFuture.completedFuture(pending);
    return current.thenCompose(
        batch -> {
          if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(outcome);
          }
          var leases = new LinkedHashMap<MessageId, UUID>();
          batch.forEach(receipt -> leases.put(receipt.id(), receipt.lease()));
          return deliveries
              .ackAllIf(key, leases, now)
              .handle(
                  (applied, failure) -> {
                    if (failure == null) {
                      if (applied) {
                        batch.forEach(receipt -> outcome.put(receipt, true));
                        return CompletableFuture.completedFuture(outcome);
                      }
                      return ackRound(key, batch, now, true, outcome, round + 1);
                    }
                    Throwable cause = Claims.unwrap(failure);
                    if (!(cause instanceof OutcomeUnknown unknown)) {
                      return CompletableFuture.<Map<Receipt, Boolean>>failedFuture(cause);
                    }
                    return settledBatch(key, batch, unknown, outcome);
                  })
              .thenCompose(stage -> stage);
        });
  }

  /**
   * The receipts whose lease is their message's current one, read at SERIAL; the others are stale.
   * At most one receipt of a message can be current.
   */
  private CompletionStage<List<Receipt>> currentOf(
      DeliveryKey key, List<Receipt> pending, Map<Receipt, Boolean> outcome) {
    List<MessageId> ids = pending.stream().map(Receipt::id).distinct().toList();
    return deliveries
        .leases(key, ids, true)
        .thenApply(
            rows -> {
              Map<MessageId, Lease> byId = new LinkedHashMap<>();
              rows.forEach(row -> byId.put(row.messageId(), row));
              var current = new ArrayList<Receipt>();
              for (Receipt receipt : pending) {
                Lease row = byId.get(receipt.id());
                if (row != null && row.lease().equals(receipt.lease())) {
                  current.add(receipt);
                } else {
                  outcome.put(receipt, false);
                }
              }
              return current;
            });
  }

  /**
   * After a batched ack of unknown outcome, the rows read at SERIAL decide: the batch applied to
   * all its receipts or to none, so a current lease not acknowledged means it did not; as with one
   * receipt, the storage then cannot tell yet (a 503 the client may repeat).
   */
  private CompletionStage<Map<Receipt, Boolean>> settledBatch(
      DeliveryKey key, List<Receipt> batch, OutcomeUnknown unknown, Map<Receipt, Boolean> outcome) {
    List<MessageId> ids = batch.stream().map(Receipt::id).toList();
    return deliveries
        .leases(key, ids, true)
        .thenApply(
            rows -> {
              Map<MessageId, Lease> byId = new LinkedHashMap<>();
              rows.forEach(row -> byId.put(row.messageId(), row));
              for (Receipt receipt : batch) {
                Lease row = byId.get(receipt.id());
                if (row == null || !row.lease().equals(receipt.lease())) {
                  outcome.put(receipt, false);
                } else if (row.ackedAt().isPresent()) {
                  outcome.put(receipt, true);
                } else {
                  throw (StorageUnavailable) unknown;
                }
              }
              return outcome;
            });
  }

  /** One conditional write per receipt: the fallback when the batch keeps meeting changes. */
  private CompletionStage<Map<Receipt, Boolean>> ackEach(
      DeliveryKey key, List<Receipt> receipts, Instant now) {
    return each(
        receipts,
        receipt ->
            resolve(
                deliveries.ackIf(key, receipt.id(), receipt.lease(), now),
                key,
                receipt,
                row -> row.lease().equals(receipt.lease()) && row.ackedAt().isPresent()));
  }

  /**
   * One read of the rows, then one unconditional write for those whose lease is the receipt's. A
   * lease handed out again between the two is acknowledged all the same: at least once allows the
   * second delivery, and the message was processed.
   */
  private CompletionStage<Map<Receipt, Boolean>> ackAtLeast(
      DeliveryKey key, List<Receipt> receipts) {
    List<MessageId> ids = receipts.stream().map(Receipt::id).distinct().toList();
    return deliveries
        .leases(key, ids, false)
        .thenCompose(
            rows -> {
              Map<MessageId, Lease> byId = new LinkedHashMap<>();
              rows.forEach(row -> byId.put(row.messageId(), row));
              var outcome = new LinkedHashMap<Receipt, Boolean>();
              var toAck = new ArrayList<MessageId>();
              for (Receipt receipt : receipts) {
                Lease row = byId.get(receipt.id());
                boolean current = row != null && row.lease().equals(receipt.lease());
                outcome.put(receipt, current);
                if (current && row.ackedAt().isEmpty() && !toAck.contains(receipt.id())) {
                  toAck.add(receipt.id());
                }
              }
              if (toAck.isEmpty()) {
                return CompletableFuture.completedFuture(outcome);
              }
              return deliveries.ack(key, toAck, now()).thenApply(written -> outcome);
            });
  }

  /**
   * One conditional write per receipt, one after the other in this instance's turn of the
   * partition: sent at once, the writes of one partition would make each other's Paxos ballots fail
   * (see {@link Turns}).
   */
  private CompletionStage<Map<Receipt, Boolean>> oneByOne(
      DeliveryKey key,
      List<Receipt> receipts,
      java.util.function.Function<Receipt, CompletionStage<Boolean>> call) {
    List<Receipt> distinct = receipts.stream().distinct().toList();
    return turns.take(key, () -> next(distinct, 0, call, new LinkedHashMap<>()));
  }

  private CompletionStage<Map<Receipt, Boolean>> next(
      List<Receipt> receipts,
      int index,
      java.util.function.Function<Receipt, CompletionStage<Boolean>> call,
      Map<Receipt, Boolean> outcome) {
    if (index >= receipts.size()) {
      return CompletableFuture.completedFuture(outcome);
    }
    Receipt receipt = receipts.get(index);
    return call.apply(receipt)
        .thenCompose(
            done -> {
              outcome.put(receipt, done);
              return next(receipts, index + 1, call, outcome);
            });
  }

  private CompletionStage<Map<Receipt, Boolean>> each(
      List<Receipt> receipts, java.util.function.Function<Receipt, CompletionStage<Boolean>> call) {
    var stages = new LinkedHashMap<Receipt, CompletableFuture<Boolean>>();
    for (Receipt receipt : receipts) {
      stages.put(receipt, call.apply(receipt).toCompletableFuture());
    }
    return CompletableFuture.allOf(stages.values().toArray(CompletableFuture[]::new))
        .thenApply(
            all -> {
              var outcome = new LinkedHashMap<Receipt, Boolean>();
              stages.forEach((receipt, stage) -> outcome.put(receipt, stage.join()));
              return outcome;
            });
  }

  /**
   * The answer of a conditional write on one lease; when its outcome is unknown, the row read at
   * SERIAL decides: {@code applied} tells whether it shows the write. If it shows neither the write
   * nor a newer lease, the storage cannot tell yet: a 503 the client may repeat.
   */
  private CompletionStage<Boolean> resolve(
      CompletionStage<Boolean> write,
      DeliveryKey key,
      Receipt receipt,
      java.util.function.Predicate<Lease> applied) {
    return write
        .handle(
            (done, failure) -> {
              if (failure == null) {
                return CompletableFuture.completedFuture(done);
              }
              Throwable cause = Claims.unwrap(failure);
              if (!(cause instanceof OutcomeUnknown unknown)) {
                return CompletableFuture.<Boolean>failedFuture(cause);
              }
              return deliveries
                  .leases(key, List.of(receipt.id()), true)
                  .thenApply(
                      rows -> {
                        if (rows.isEmpty()) {
                          return false;
                        }
                        Lease row = rows.get(0);
                        if (applied.test(row)) {
                          return true;
                        }
                        if (row.lease().equals(receipt.lease())) {
                          throw (StorageUnavailable) unknown;
                        }
                        return false;
                      });
            })
        .thenCompose(stage -> stage);
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
