package io.queuey.dedup.control;

import io.queuey.dedup.entity.IdempotencyKey;
import io.queuey.dedup.entity.Original;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Idempotent publishing (API.md): within {@code queuey.dedup.window-seconds} of the first post with
 * a key to a queue, a post with the same key stores nothing and answers the original.
 */
@ApplicationScoped
public class Deduplication {

  private static final Logger LOG = Logger.getLogger(Deduplication.class.getName());

  @Inject DedupStore store;

  @Inject
  @ConfigProperty(name = "queuey.dedup.window-seconds", defaultValue = "300")
  int windowSeconds;

  @PostConstruct
  void check() {
    if (windowSeconds < 1) {
      throw new IllegalStateException("queuey.dedup.window-seconds must be at least 1");
    }
  }

  /**
   * Claims each present key for its candidate, all at once; a key repeated within one batch makes
   * the later item a duplicate of the earlier one. Answers, per item, the original when it is a
   * duplicate, else empty.
   */
  public CompletionStage<List<Optional<Original>>> claim(
      UUID queueId, List<Optional<IdempotencyKey>> keys, List<Original> candidates) {
    var claims = new ArrayList<CompletableFuture<Optional<Original>>>(keys.size());
    var firstOf = new java.util.HashMap<IdempotencyKey, Integer>();
    for (int i = 0; i < keys.size(); i++) {
      Optional<IdempotencyKey> key = keys.get(i);
      Integer first = key.isEmpty() ? null : firstOf.putIfAbsent(key.get(), i);
      if (key.isEmpty()) {
        claims.add(CompletableFuture.completedFuture(Optional.empty()));
      } else if (first != null) {
        // The same key earlier in this batch: this item repeats that one, whatever it turns out.
        Original earlier = candidates.get(first);
        claims.add(claims.get(first).thenApply(original -> Optional.of(original.orElse(earlier))));
      } else {
        claims.add(
            store
                .claim(queueId, key.get(), candidates.get(i), windowSeconds)
                .toCompletableFuture());
      }
    }
    return CompletableFuture.allOf(claims.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              var originals = new ArrayList<Optional<Original>>(claims.size());
              claims.forEach(claim -> originals.add(claim.join()));
              return originals;
            });
  }

  /** After a failed post: forgets the keys it claimed, so that the producer's retry stores. */
  public void forget(UUID queueId, List<Optional<IdempotencyKey>> keys, List<Original> mine) {
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).isPresent()) {
        IdempotencyKey key = keys.get(i).get();
        store
            .forget(queueId, key, mine.get(i))
            .exceptionally(
                failure -> {
                  LOG.log(
                      Level.WARNING,
                      "An idempotency key of a failed post stays for its window",
                      failure);
                  return null;
                });
      }
    }
  }
}
