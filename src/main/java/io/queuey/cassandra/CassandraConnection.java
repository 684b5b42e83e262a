package io.queuey.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import com.datastax.oss.driver.api.core.ssl.ProgrammaticSslEngineFactory;
import com.datastax.oss.driver.internal.core.session.throttling.ConcurrencyLimitingRequestThrottler;
import io.queuey.errors.StorageUnavailable;
import io.queuey.platform.RequestsDrained;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.ServiceConfigurationError;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;

/**
 * The one Cassandra session of this instance. It connects in the background and keeps retrying, so
 * that the WAR deploys even while Cassandra is still starting; until then every storage call fails
 * fast with {@link StorageUnavailable} and readiness reports DOWN.
 */
@ApplicationScoped
public class CassandraConnection {

  private static final Logger LOG = Logger.getLogger(CassandraConnection.class.getName());

  @Inject CassandraSettings settings;
  @Inject CassandraSchema schema;
  @Inject ClusterTopology topology;
  @Inject @Any Instance<CassandraDaos> features;

  private final ScheduledExecutorService connector =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "queuey-cassandra-connect");
            thread.setDaemon(true);
            return thread;
          });
  private final Map<Class<?>, Object> daos = new ConcurrentHashMap<>();
  private volatile CqlSession session;
  private volatile boolean closed;
  private volatile OptionalLong batchSizeFailThreshold = OptionalLong.empty();
  private volatile Error brokenBy;

  /**
   * Starts connecting; called once as the WAR deploys, when Cassandra is the configured storage.
   *
   * <p>The deploying thread waits for the first attempt, up to {@code
   * queuey.cassandra.deploy-wait-ms}. Payara closes the WAR's jar files at the end of starting the
   * web module, while this method is still on its stack: a class that another thread loads from
   * them at that moment fails with "zip file closed", and when that happens while the JVM links a
   * lambda, the JVM keeps the failure for good (it happened in CI). Waiting here loads the driver's
   * classes before the jars close. If the attempt fails or takes longer, the WAR deploys anyway and
   * connecting goes on in the background.
   */
  public void start() {
    Future<?> first = connector.submit(this::connect);
    long wait = settings.deployWait().toMillis();
    if (wait == 0) {
      return;
    }
    try {
      first.get(wait, TimeUnit.MILLISECONDS);
    } catch (TimeoutException stillConnecting) {
      LOG.log(
          Level.INFO,
          "Still connecting to Cassandra after {0} ms; the WAR deploys and connecting goes on",
          wait);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException cannotHappen) {
      // connect() handles whatever an attempt throws.
      throw new IllegalStateException(cannotHappen.getCause());
    }
  }

  private void connect() {
    if (closed || session != null) {
      return;
    }
    CqlSession candidate = null;
    try {
      candidate = openSession();
      schema.apply(candidate, settings.keyspace(), settings.replication());
      prepareDaos(candidate);
      batchSizeFailThreshold =
          ServerLimits.batchSizeFailThreshold(candidate, settings.requestTimeout());
      session = candidate;
      LOG.info(
          () ->
              "Connected to Cassandra at "
                  + settings.contactPoints()
                  + ", keyspace "
                  + settings.keyspace());
    } catch (RuntimeException | ServiceConfigurationError notYet) {
      // A ServiceConfigurationError too: a provider file that could not be read this time.
      closeQuietly(candidate);
      LOG.log(
          Level.WARNING,
          "Cassandra at {0} is not reachable yet ({1}: {2}); retrying in {3} ms",
          new Object[] {
            settings.contactPoints(),
            notYet.getClass().getName(),
            notYet.getMessage(),
            settings.reconnectDelay().toMillis()
          });
      if (!closed) {
        connector.schedule(
            this::connect, settings.reconnectDelay().toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (Error broken) {
      // Not retried: the JVM keeps a failed linkage (the usual Error here) for good, so every
      // attempt would fail alike. Liveness turns DOWN so that the instance gets restarted; without
      // this catch the executor would swallow the Error and the instance stay unready in silence.
      closeQuietly(candidate);
      brokenBy = broken;
      LOG.log(
          Level.SEVERE,
          "Connecting to Cassandra failed with "
              + broken.getClass().getName()
              + ", which is not retried: this instance will not connect until it is restarted,"
              + " and /health/live reports DOWN",
          broken);
    }
  }

  private static void closeQuietly(CqlSession candidate) {
    if (candidate != null) {
      candidate.closeAsync();
    }
  }

  /**
   * The Error that ended connecting for good (see {@link #start()}), if one did: the instance must
   * be restarted.
   */
  public Optional<Error> brokenBy() {
    return Optional.ofNullable(brokenBy);
  }

  /** Every DAO of every feature, its statements prepared, before the session is handed out. */
  private void prepareDaos(CqlSession candidate) {
    Map<Class<?>, Object> prepared = new ConcurrentHashMap<>();
    CassandraDaos.Registry registry =
        new CassandraDaos.Registry() {
          @Override
          public <T> void put(Class<T> type, T dao) {
            prepared.put(type, type.cast(dao));
          }
        };
    for (CassandraDaos feature : features) {
      feature.prepare(candidate, settings.keyspace(), registry);
    }
    daos.clear();
    daos.putAll(prepared);
  }

  /** Opens a session with the configured settings; overridden by unit tests only. */
  CqlSession openSession() {
    var config =
        ExecutionProfiles.define(
                DriverConfigLoader.programmaticBuilder(),
                topology.serial(),
                settings.backgroundRequestTimeout())
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, settings.requestTimeout())
            .withDuration(
                DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, settings.requestTimeout())
            .withDuration(
                DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, settings.requestTimeout())
            .withDuration(
                DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT,
                settings.requestTimeout().multipliedBy(2))
            .withBoolean(DefaultDriverOption.REQUEST_DEFAULT_IDEMPOTENCE, false)
            .withString(DefaultDriverOption.PROTOCOL_VERSION, settings.protocolVersion())
            // The bulkhead of the asynchronous calls: past these, requests fail fast (503)
            // instead of piling up while Cassandra is slow.
            .withClass(
                DefaultDriverOption.REQUEST_THROTTLER_CLASS,
                ConcurrencyLimitingRequestThrottler.class)
            .withInt(
                DefaultDriverOption.REQUEST_THROTTLER_MAX_CONCURRENT_REQUESTS,
                settings.maxConcurrentRequests())
            .withInt(
                DefaultDriverOption.REQUEST_THROTTLER_MAX_QUEUE_SIZE, settings.maxQueuedRequests())
            .build();
    var builder =
        CqlSession.builder()
            // The driver reads its reference.conf through a class loader: inside an app server
            // the thread's context loader may not see the WAR's libraries.
            .withClassLoader(CqlSession.class.getClassLoader())
            .withConfigLoader(config)
            .withLocalDatacenter(settings.localDatacenter());
    for (String contactPoint : settings.contactPoints()) {
      builder.addContactPoint(parseAddress(contactPoint.trim()));
    }
    if (settings.username().isPresent()) {
      builder.withAuthCredentials(settings.username().get(), settings.password().orElse(""));
    }
    if (settings.tls()) {
      try {
        // Host name verification: without it any certificate the trust store accepts, for any
        // host, would do, and a man in the middle with one would see every message.
        builder.withSslEngineFactory(
            new ProgrammaticSslEngineFactory(
                SSLContext.getDefault(), null, settings.tlsHostnameVerification()));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("TLS is not available in this JVM", e);
      }
    }
    return builder.build();
  }

  static InetSocketAddress parseAddress(String hostAndPort) {
    int colon = hostAndPort.lastIndexOf(':');
    if (colon < 0 || hostAndPort.endsWith("]")) {
      return InetSocketAddress.createUnresolved(hostAndPort, 9042);
    }
    String host = hostAndPort.substring(0, colon).replace("[", "").replace("]", "");
    return new InetSocketAddress(host, Integer.parseInt(hostAndPort.substring(colon + 1)));
  }

  /** The session, connected and with the schema in place; else the call fails fast. */
  public CqlSession session() {
    CqlSession current = session;
    if (current == null) {
      throw new StorageUnavailable(
          StorageUnavailable.Kind.UNAVAILABLE, "The storage is not connected yet.", null);
    }
    return current;
  }

  /**
   * The DAO of that type for the current session: prepared at connect by its feature's {@link
   * CassandraDaos}; {@code constructor} builds it only for a type no feature registered.
   */
  public <T> T dao(Class<T> type, Function<CqlSession, T> constructor) {
    CqlSession current = session();
    return type.cast(daos.computeIfAbsent(type, absent -> constructor.apply(current)));
  }

  /**
   * The connected node's {@code batch_size_fail_threshold} in bytes (Cassandra refuses a batch over
   * several partitions above it), once connected and if the node tells it.
   */
  public OptionalLong batchSizeFailThreshold() {
    return batchSizeFailThreshold;
  }

  public String keyspace() {
    return settings.keyspace();
  }

  /** Connected, schema applied, and at least one node is up; no query is sent. */
  public boolean isReady() {
    CqlSession current = session;
    return current != null
        && !current.isClosed()
        && current.getMetadata().getNodes().values().stream()
            .anyMatch(node -> node.getState() == NodeState.UP);
  }

  /** How many nodes the cluster has: a single node serves every consistency level with ONE. */
  public int nodeCount() {
    return session().getMetadata().getNodes().size();
  }

  /** Closes the session once the WAR's requests have drained (see platform/boundary/Shutdown). */
  void closeWhenDrained(@Observes RequestsDrained drained) {
    close();
  }

  /** Closes the session, once; new storage calls fail fast from then on. */
  @PreDestroy
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    connector.shutdownNow();
    CqlSession current = session;
    session = null;
    if (current != null) {
      current.close();
      LOG.info("Closed the Cassandra session");
    }
  }
}
