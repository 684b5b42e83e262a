package io.queuey.groups.entity;

import java.util.Map;

/**
 * The answer to an ack, release or extend: how many receipts took effect, and why the others did
 * not ({@code stale} or {@code unknown}).
 */
public record Settled(int done, Map<String, String> failed) {

  public static final String STALE = "stale";
  public static final String UNKNOWN = "unknown";

  public Settled {
    failed = Map.copyOf(failed);
  }
}
