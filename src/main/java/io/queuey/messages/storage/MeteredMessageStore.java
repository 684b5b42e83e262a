package io.queuey.messages.storage;

import io.queuey.messages.control.MessageStore;
import io.queuey.messages.entity.Message;
import io.queuey.messages.entity.MessageRef;
import io.queuey.messages.entity.NewMessage;
import io.queuey.messages.entity.Partition;
import io.queuey.messages.entity.ReadRequest;
import io.queuey.messages.entity.Ttl;
import io.queuey.observability.control.StorageTimer;
import io.queuey.queues.entity.Queue;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** A message store whose every call is timed, and its failures counted, in the metrics. */
final class MeteredMessageStore implements MessageStore {

  private final MessageStore store;
  private final StorageTimer timer;

  MeteredMessageStore(MessageStore store, StorageTimer timer) {
    this.store = store;
    this.timer = timer;
  }

  @Override
  public CompletionStage<Void> post(Queue queue, List<NewMessage> messages) {
    return timer.timeAsync("post", () -> store.post(queue, messages));
  }

  @Override
  public CompletionStage<List<Message>> read(
      Queue queue, Partition partition, ReadRequest request) {
    return timer.timeAsync("read", () -> store.read(queue, partition, request));
  }

  @Override
  public CompletionStage<List<Message>> fetch(Queue queue, List<MessageRef> refs) {
    return timer.timeAsync("fetch", () -> store.fetch(queue, refs));
  }

  @Override
  public CompletionStage<Void> overwrite(
      Queue queue, List<MessageRef> refs, String body, String contentType, Ttl ttl) {
    return timer.timeAsync("overwrite", () -> store.overwrite(queue, refs, body, contentType, ttl));
  }

  @Override
  public CompletionStage<Void> delete(Queue queue, List<MessageRef> refs) {
    return timer.timeAsync("delete", () -> store.delete(queue, refs));
  }

  @Override
  public CompletionStage<Long> count(Queue queue) {
    return timer.timeAsync("count", () -> store.count(queue));
  }

  @Override
  public CompletionStage<Void> deleteAll(Queue queue) {
    return timer.timeAsync("delete_all", () -> store.deleteAll(queue));
  }
}
