package io.queuey.groups.control;

import io.queuey.groups.entity.Group;
import io.queuey.messages.control.ReadDelays;
import io.queuey.messages.control.StoredMessages;
import io.queuey.messages.entity.MessageId;
import io.queuey.messages.entity.MessageRef;
import io.queuey.messages.entity.Partition;
import io.queuey.messages.entity.Timestamp;
import io.queuey.queues.entity.Queue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The rule that makes "nothing claimable is ever skipped" hold although ids are assigned before
 * writes land. A claim hands out only messages older than its settle bound S (max of the queue's
 * read delay and {@code queuey.groups.settle-ms}) and moves its dispatch mark to the newest one it
 * read. A post is answered only after its write was acknowledged; if that happened within S/2 of
 * the id's time, every claim that read up to that id (at least S after it) saw the message. If it
 * happened later (a slow write; a retried post that found or re-stored its original; a write
 * replayed from the commit log after a crash), the message is late: before the post is answered,
 * every at-least-once and exactly-once group of the queue that already passed it gets it back (see
 * {@link Claims#rearm}). At-most-once groups promise no delivery, so they are not told.
 */
@ApplicationScoped
public class LateArrivals implements StoredMessages {

  private static final Logger LOG = Logger.getLogger(LateArrivals.class.getName());

  @Inject GroupStore groups;
  @Inject DeliveryService deliveryService;
  @Inject ReadDelays readDelays;

  @Inject
  @ConfigProperty(name = "queuey.groups.settle-ms", defaultValue = "2000")
  long settleMillis;

  @Override
  public CompletionStage<Void> stored(Queue queue, List<MessageRef> messages) {
    Timestamp now = Timestamp.now();
    Timestamp settled = Claims.settledBefore(queue, readDelays, settleMillis);
    Timestamp lateBefore = Timestamp.ofTicks(now.ticks() - (now.ticks() - settled.ticks()) / 2);
    Map<Partition, List<MessageId>> late =
        new TreeMap<>(java.util.Comparator.comparingInt(Partition::number));
    for (MessageRef message : messages) {
      if (message.id().timestamp().compareTo(lateBefore) < 0) {
        late.computeIfAbsent(message.partition(), p -> new ArrayList<>()).add(message.id());
      }
    }
    if (late.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    // Off the driver thread the post completed on: the group store may prepare on first use.
    return CompletableFuture.supplyAsync(() -> queue.id())
        .thenCompose(groups::list)
        .thenCompose(
            all -> {
              var rearms = new ArrayList<CompletableFuture<Void>>();
              for (Group group : all) {
                if (!group.mode().leases()) {
                  continue;
                }
                late.forEach(
                    (partition, ids) ->
                        rearms.add(
                            deliveryService
                                .rearm(queue, group, partition, ids)
                                .thenAccept(
                                    rearmed -> {
                                      if (rearmed) {
                                        LOG.info(
                                            () ->
                                                "Late message(s) "
                                                    + ids
                                                    + " of queue "
                                                    + queue.name().value()
                                                    + " partition "
                                                    + partition.number()
                                                    + ": group "
                                                    + group.name().value()
                                                    + " had passed them; handed out again");
                                      }
                                    })
                                .toCompletableFuture()));
              }
              return CompletableFuture.allOf(rearms.toArray(CompletableFuture[]::new));
            });
  }
}
