package io.queuey.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.servererrors.DefaultWriteType;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.ReadTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import io.queuey.errors.QueueNotFound;
import io.queuey.errors.StorageUnavailable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CassandraErrorsTest {

  @Test
  void timeoutsBecomeStorageUnavailable() {
    for (RuntimeException timeout :
        List.of(
            new DriverTimeoutException("Query timed out after PT5S"),
            new ReadTimeoutException(null, DefaultConsistencyLevel.QUORUM, 1, 2, false),
            new WriteTimeoutException(
                null, DefaultConsistencyLevel.QUORUM, 1, 2, DefaultWriteType.SIMPLE))) {
      StorageUnavailable translated = assertStorageUnavailable(timeout);
      assertEquals(CassandraErrors.TIMED_OUT, translated.getMessage());
    }
  }

  @Test
  void unreachableReplicasAndNodesBecomeStorageUnavailable() {
    for (RuntimeException unreachable :
        List.of(
            new UnavailableException(null, DefaultConsistencyLevel.QUORUM, 2, 1),
            new NoNodeAvailableException(),
            AllNodesFailedException.fromErrors(Map.of()),
            new ClosedConnectionException("Lost connection to remote peer"),
            new OverloadedException(null))) {
      StorageUnavailable translated = assertStorageUnavailable(unreachable);
      assertEquals(CassandraErrors.UNREACHABLE, translated.getMessage());
    }
  }

  @Test
  void driverFailureInsideACompletionExceptionIsUnwrapped() {
    var timeout = new DriverTimeoutException("late");

    StorageUnavailable translated =
        assertStorageUnavailable(new CompletionException(new ExecutionException(timeout)));

    assertSame(timeout, translated.detail());
  }

  @Test
  void queueyExceptionsAndBugsPassUnchanged() {
    var notFound = new QueueNotFound();
    var bug = new IllegalArgumentException("bug");

    assertSame(notFound, CassandraErrors.translate(new CompletionException(notFound)));
    assertSame(bug, CassandraErrors.translate(bug));
  }

  @Test
  void translatedStageFailsWithStorageUnavailable() {
    var stage =
        CassandraErrors.translated(
            CompletableFuture.<String>failedFuture(new NoNodeAvailableException()));

    ExecutionException failure =
        assertThrows(
            ExecutionException.class, () -> stage.toCompletableFuture().get(1, TimeUnit.SECONDS));
    assertInstanceOf(StorageUnavailable.class, failure.getCause());
  }

  @Test
  void asyncTurnsAnImmediateThrowIntoAFailedStage() {
    var stage =
        CassandraErrors.<String>async(
            () -> {
              throw new DriverTimeoutException("late");
            });

    ExecutionException failure =
        assertThrows(
            ExecutionException.class, () -> stage.toCompletableFuture().get(1, TimeUnit.SECONDS));
    assertInstanceOf(StorageUnavailable.class, failure.getCause());
  }

  private static StorageUnavailable assertStorageUnavailable(Throwable failure) {
    RuntimeException translated = CassandraErrors.translate(failure);
    assertInstanceOf(StorageUnavailable.class, translated);
    assertEquals(503, ((StorageUnavailable) translated).status());
    return (StorageUnavailable) translated;
  }
}
