package io.queuey.messages.storage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.ToLongFunction;

/**
 * Gathers concurrent writes to one key (a Cassandra partition: queue, partition, time bucket) into
 * one write. While a write to a key is in flight, the next requests for that key wait; when it
 * completes, all that waited (up to the caps) go together as one write. There is no timer: a
 * request to an idle key is sent at once, so coalescing adds no latency at low load, and under load
 * it turns many writes, each waiting for Cassandra's group commit-log sync, into one.
 *
 * <p>Each request is answered when the write that carried it is: it succeeds or fails with exactly
 * that write, never with another. Writes of one key go in the order their requests arrived, one at
 * a time; a request larger than the caps goes alone.
 *
 * @param <K> what writes are gathered by
 * @param <T> one item of a request (a message's insert)
 */
final class WriteCoalescer<K, T> {

  private final BiFunction<K, List<T>, CompletionStage<Void>> send;
  private final ToLongFunction<T> bytesOf;
  private final int maxItems;
  private final long maxBytes;

  private final Map<K, Lane> lanes = new ConcurrentHashMap<>();

  /**
   * @param send writes the items of one gathered write to its key (e.g. as one unlogged batch)
   * @param bytesOf the estimated size of an item
   * @param maxItems most items gathered into one write (a single larger request goes alone)
   * @param maxBytes most estimated bytes gathered into one write (likewise)
   */
  WriteCoalescer(
      BiFunction<K, List<T>, CompletionStage<Void>> send,
      ToLongFunction<T> bytesOf,
      int maxItems,
      long maxBytes) {
    if (maxItems < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("the caps must be positive");
    }
    this.send = send;
    this.bytesOf = bytesOf;
    this.maxItems = maxItems;
    this.maxBytes = maxBytes;
  }

  /** Writes the items, together with whatever else is waiting for the same key. */
  CompletionStage<Void> write(K key, List<T> items) {
    long bytes = 0;
    for (T item : items) {
      bytes += bytesOf.applyAsLong(item);
    }
    var request = new Request<T>(items, bytes, new CompletableFuture<>());
    while (true) {
      Lane lane = lanes.computeIfAbsent(key, Lane::new);
      synchronized (lane) {
        if (lane.retired) {
          continue; // it was just emptied and removed: take the new one
        }
        if (lane.inFlight) {
          lane.waiting.add(request);
          return request.answer;
        }
        lane.inFlight = true;
      }
      lane.send(List.of(request));
      return request.answer;
    }
  }

  /** Keys with a write in flight (for tests: an idle key keeps nothing). */
  int activeKeys() {
    return lanes.size();
  }

  private record Request<T>(List<T> items, long bytes, CompletableFuture<Void> answer) {}

  /** One key's state: whether a write is in flight, and the requests waiting for it to end. */
  private final class Lane {
    private final K key;
    private final Queue<Request<T>> waiting = new ArrayDeque<>();
    private boolean inFlight;
    private boolean retired;

    Lane(K key) {
      this.key = key;
    }

    private void send(List<Request<T>> requests) {
      List<T> items;
      if (requests.size() == 1) {
        items = requests.get(0).items();
      } else {
        items = new ArrayList<>();
        for (Request<T> request : requests) {
          items.addAll(request.items());
        }
      }
      CompletionStage<Void> written;
      try {
        written = send.apply(key, items);
      } catch (RuntimeException failure) {
        written = CompletableFuture.failedFuture(failure);
      }
      written.whenComplete(
          (done, failure) -> {
            // The next write goes first, and the lane is free (or has its next requests) before
            // any answer runs its callbacks: a client that posts again as soon as it is answered
            // finds an idle lane and is not held back behind a write it was not part of.
            List<Request<T>> next = next();
            if (!next.isEmpty()) {
              send(next);
            }
            for (Request<T> request : requests) {
              if (failure == null) {
                request.answer().complete(null);
              } else {
                request.answer().completeExceptionally(failure);
              }
            }
          });
    }

    /** The requests of the next write, in arrival order; none when the lane goes idle. */
    private List<Request<T>> next() {
      synchronized (this) {
        if (waiting.isEmpty()) {
          inFlight = false;
          retired = true;
          lanes.remove(key, this);
          return List.of();
        }
        List<Request<T>> next = new ArrayList<>();
        int items = 0;
        long bytes = 0;
        while (!waiting.isEmpty()) {
          Request<T> candidate = waiting.peek();
          boolean fits =
              items + candidate.items().size() <= maxItems && bytes + candidate.bytes() <= maxBytes;
          if (!next.isEmpty() && !fits) {
            break;
          }
          waiting.poll();
          next.add(candidate);
          items += candidate.items().size();
          bytes += candidate.bytes();
        }
        return next;
      }
    }
  }
}
