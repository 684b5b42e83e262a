package io.queuey.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connect loop without a Cassandra: each attempt is a stand-in that fails the way the driver or
 * the JVM does.
 */
class CassandraConnectionTest {

  private static final Duration NO_HANG = Duration.ofSeconds(30);

  private final AtomicInteger attempts = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);
  private CassandraConnection connection;

  private CassandraConnection connectionWhoseAttempts(
      long deployWaitMillis, long reconnectDelayMillis, Supplier<CqlSession> attempt) {
    var settings = new CassandraSettings();
    settings.contactPoints = List.of("127.0.0.1:1");
    settings.keyspace = "queuey_test";
    settings.deployWaitMillis = deployWaitMillis;
    settings.reconnectDelayMillis = reconnectDelayMillis;
    connection =
        new CassandraConnection() {
          @Override
          CqlSession openSession() {
            attempts.incrementAndGet();
            return attempt.get();
          }
        };
    connection.settings = settings;
    return connection;
  }

  private HealthCheckResponse liveness() {
    var check = new CassandraLiveness();
    check.storage = "cassandra";
    check.connection = connection;
    return check.call();
  }

  @AfterEach
  void stop() {
    release.countDown();
    connection.close();
  }

  @Test
  void startReturnsOnlyOnceTheFirstAttemptIsOver() {
    connectionWhoseAttempts(
        60_000,
        60_000,
        () -> {
          throw new IllegalStateException("connection refused");
        });
    assertTimeoutPreemptively(NO_HANG, connection::start);
    assertEquals(1, attempts.get(), "the deploying thread waited for the first attempt");
    assertFalse(connection.isReady());
  }

  @Test
  void startStopsWaitingAfterTheDeployWaitAndConnectingGoesOn() {
    connectionWhoseAttempts(
        50,
        60_000,
        () -> {
          try {
            release.await();
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
          }
          throw new IllegalStateException("timed out");
        });
    assertTimeoutPreemptively(NO_HANG, connection::start);
    assertEquals(1, release.getCount(), "the attempt was still under way when start returned");
    assertEquals(1, attempts.get());
  }

  @Test
  void aFailingAttemptIsRetriedAndTheInstanceStaysLive() throws InterruptedException {
    connectionWhoseAttempts(
        60_000,
        5,
        () -> {
          throw new IllegalStateException("connection refused");
        });
    connection.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (attempts.get() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertTrue(attempts.get() >= 3, "retried: " + attempts.get());
    assertEquals(HealthCheckResponse.Status.UP, liveness().getStatus());
  }

  @Test
  void aLinkageErrorIsNotRetriedAndLivenessTurnsDown() throws InterruptedException {
    // What CI saw: a lambda linked while Payara closed the WAR's jars; the JVM keeps the failure.
    connectionWhoseAttempts(
        60_000,
        5,
        () -> {
          throw new BootstrapMethodError(new IllegalStateException("zip file closed"));
        });
    assertTimeoutPreemptively(NO_HANG, connection::start);
    // Forty reconnect delays: a retry would have happened by now.
    Thread.sleep(200);
    assertEquals(1, attempts.get(), "not retried");
    var liveness = liveness();
    assertEquals(HealthCheckResponse.Status.DOWN, liveness.getStatus());
    assertEquals(
        BootstrapMethodError.class.getName(), liveness.getData().orElseThrow().get("failed-with"));
    assertTrue(connection.brokenBy().isPresent());
  }

  @Test
  void aServiceConfigurationErrorIsRetried() throws InterruptedException {
    connectionWhoseAttempts(
        60_000,
        5,
        () -> {
          throw new java.util.ServiceConfigurationError("provider file unreadable");
        });
    connection.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (attempts.get() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertTrue(attempts.get() >= 2, "retried: " + attempts.get());
    assertTrue(connection.brokenBy().isEmpty());
  }
}
