package io.queuey.cassandra;

import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.QueryConsistencyException;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import io.queuey.errors.QueueyException;
import io.queuey.errors.StorageUnavailable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns the driver's failures into {@link StorageUnavailable}, the one storage failure clients see
 * (a 503 they may retry), so that no driver exception reaches the HTTP layer as a 500.
 */
public final class CassandraErrors {

  private static final Logger LOG = Logger.getLogger(CassandraErrors.class.getName());

  static final String TIMED_OUT = "The storage did not answer in time.";
  static final String UNREACHABLE = "The storage cannot be reached.";

  private CassandraErrors() {}

  /**
   * The exception to throw for {@code failure}: a {@link QueueyException} as it is (also from
   * within a {@link CompletionException}), any driver failure as {@link StorageUnavailable}, any
   * other runtime exception unchanged, as it is a bug rather than a storage failure.
   */
  public static RuntimeException translate(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof QueueyException known) {
      return known;
    }
    if (cause instanceof DriverTimeoutException || cause instanceof QueryConsistencyException) {
      return new StorageUnavailable(StorageUnavailable.Kind.TIMEOUT, TIMED_OUT, cause);
    }
    if (cause instanceof QueryValidationException invalid) {
      // Not transient: the schema or a statement is wrong, which an operator must hear about
      // even though the client just sees the storage as unavailable.
      LOG.log(Level.SEVERE, "Cassandra rejected a statement", invalid);
      return new StorageUnavailable(StorageUnavailable.Kind.UNAVAILABLE, UNREACHABLE, cause);
    }
    if (cause instanceof DriverException) {
      return new StorageUnavailable(StorageUnavailable.Kind.UNAVAILABLE, UNREACHABLE, cause);
    }
    if (cause instanceof RuntimeException unexpected) {
      return unexpected;
    }
    return new CompletionException(cause);
  }

  /** {@code stage}, its failure translated: for the end of every asynchronous storage call. */
  public static <T> CompletionStage<T> translated(CompletionStage<T> stage) {
    return stage
        .handle(
            (value, failure) ->
                failure == null
                    ? CompletableFuture.completedFuture(value)
                    : CompletableFuture.<T>failedFuture(translate(failure)))
        .thenCompose(Function.identity());
  }

  /**
   * Runs {@code call}, which may fail before it returns a stage (e.g. while not connected), so that
   * callers always get a stage, failed with a translated exception if need be.
   */
  public static <T> CompletionStage<T> async(Supplier<CompletionStage<T>> call) {
    try {
      return translated(call.get());
    } catch (RuntimeException failure) {
      return CompletableFuture.failedFuture(translate(failure));
    }
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
