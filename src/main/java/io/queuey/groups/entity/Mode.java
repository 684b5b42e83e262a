package io.queuey.groups.entity;

import io.queuey.errors.InvalidParameter;

/** A group's delivery guarantee (API.md, What each mode promises). */
public enum Mode {
  AT_MOST_ONCE("at_most_once"),
  AT_LEAST_ONCE("at_least_once"),
  EXACTLY_ONCE("exactly_once");

  public static final Mode DEFAULT = AT_LEAST_ONCE;

  private final String wire;

  Mode(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** Whether claims leave leases behind that are acknowledged, released and redelivered. */
  public boolean leases() {
    return this != AT_MOST_ONCE;
  }

  public static Mode parse(String text) {
    for (Mode mode : values()) {
      if (mode.wire.equals(text)) {
        return mode;
      }
    }
    throw new InvalidParameter(
        "mode", "mode must be 'at_most_once', 'at_least_once' or 'exactly_once'.");
  }
}
