package io.queuey.messages.storage;

import io.queuey.messages.entity.Message;
import io.queuey.platform.Utf8;

/**
 * The memory bound of one read: how many rows to ask Cassandra for in the next page, so that a page
 * holds about {@link #PAGE_TARGET_BYTES} of bodies whatever their size (learnt from the rows seen
 * so far), and whether a message still fits the read's byte bound. Whole messages only; the first
 * one always fits, so that a reader walking with {@code since} always gets on.
 */
final class BytePages {

  /** Rows of the first page, before any size is known: 16 MiB at the largest message size. */
  static final int FIRST_PAGE_ROWS = 16;

  /** About this many bytes of bodies per page once sizes are known. */
  static final long PAGE_TARGET_BYTES = 2L * 1024 * 1024;

  private final long maxBytes;
  private long bytes;
  private long rows;
  private boolean full;

  BytePages(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Rows for the next page: at most {@code remaining}, at least one. */
  int nextPageRows(int remaining) {
    long rowsWanted;
    if (rows == 0) {
      rowsWanted = FIRST_PAGE_ROWS;
    } else {
      long average = Math.max(1, bytes / rows);
      long budgetRows = (maxBytes - bytes) / average + 1;
      rowsWanted = Math.min(PAGE_TARGET_BYTES / average, budgetRows);
    }
    return (int) Math.max(1, Math.min(remaining, rowsWanted));
  }

  /** Counts the message in, or answers false (and from then on) if it would go over the bound. */
  boolean take(Message message) {
    long size = Utf8.length(message.body());
    if (full || (rows > 0 && bytes + size > maxBytes)) {
      full = true;
      return false;
    }
    bytes += size;
    rows++;
    return true;
  }

  /** True once a message was left out for the byte bound. */
  boolean full() {
    return full;
  }

  long bytes() {
    return bytes;
  }
}
