package io.queuey.dedup.entity;

import java.util.Objects;
import java.util.UUID;

/**
 * The post a key first stood for: its message id and partition number (kept as plain values so that
 * this feature needs nothing of the messages feature, which uses it).
 */
public record Original(UUID messageId, int partition) {

  public Original {
    Objects.requireNonNull(messageId, "messageId");
  }
}
