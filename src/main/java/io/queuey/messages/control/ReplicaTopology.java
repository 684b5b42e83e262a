package io.queuey.messages.control;

/**
 * What the read delays need to know of the storage's cluster; the storage adapter answers, so that
 * the rules do not depend on it.
 */
public interface ReplicaTopology {

  /** True when every message has a single replica: no write can land late on another one. */
  boolean isSingleNode();
}
