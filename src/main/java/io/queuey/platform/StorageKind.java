package io.queuey.platform;

import java.util.Locale;

/** Which storage the deployment uses: property {@code queuey.storage}. */
public enum StorageKind {
  /** The product: Apache Cassandra. */
  CASSANDRA,
  /** This JVM's memory: unit tests and a quick dev mode; everything is lost on restart. */
  MEMORY;

  public static final String PROPERTY = "queuey.storage";

  public static StorageKind parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException unknown) {
      throw new IllegalStateException(
          PROPERTY + " must be 'cassandra' or 'memory', not '" + text + "'", unknown);
    }
  }
}
