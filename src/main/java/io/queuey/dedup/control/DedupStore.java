package io.queuey.dedup.control;

import io.queuey.dedup.entity.IdempotencyKey;
import io.queuey.dedup.entity.Original;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/** Where keys are remembered per queue incarnation, each for a window of seconds. */
public interface DedupStore {

  /**
   * Remembers {@code candidate} for the key unless the key is remembered already: empty when it was
   * not (the caller now stores its message), else the original it stands for. Atomic: of two
   * concurrent claims of one key, exactly one gets empty.
   */
  CompletionStage<Optional<Original>> claim(
      UUID queueId, IdempotencyKey key, Original candidate, int windowSeconds);

  /** Forgets the key if it still stands for {@code mine}: its post failed, a retry may store. */
  CompletionStage<Void> forget(UUID queueId, IdempotencyKey key, Original mine);
}
