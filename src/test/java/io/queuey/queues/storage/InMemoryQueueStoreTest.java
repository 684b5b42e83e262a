package io.queuey.queues.storage;

import io.queuey.queues.control.QueueStore;

class InMemoryQueueStoreTest extends QueueStoreContract {

  private final InMemoryQueueStore store = new InMemoryQueueStore();

  @Override
  protected QueueStore store() {
    return store;
  }
}
