package io.queuey.cassandra;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** How to reach the Cassandra cluster: every value is a MicroProfile Config property. */
@ApplicationScoped
public class CassandraSettings {

  @Inject
  @ConfigProperty(name = "queuey.cassandra.contact-points", defaultValue = "127.0.0.1:9042")
  List<String> contactPoints;

  @Inject
  @ConfigProperty(name = "queuey.cassandra.local-datacenter", defaultValue = "datacenter1")
  String localDatacenter;

  @Inject
  @ConfigProperty(name = "queuey.cassandra.keyspace", defaultValue = "queuey")
  String keyspace;

  @Inject
  @ConfigProperty(
      name = "queuey.cassandra.replication",
      defaultValue = "{'class': 'SimpleStrategy', 'replication_factor': 1}")
  String replication;

  @Inject
  @ConfigProperty(name = "queuey.cassandra.username")
  Optional<String> username;

  @Inject
  @ConfigProperty(name = "queuey.cassandra.password")
  Optional<String> password;

  @Inject
  @ConfigProperty(name = "queuey.cassandra.tls", defaultValue = "false")
  boolean tls;

  @Inject
  @ConfigProperty(name = "queuey.cassandra.tls-hostname-verification", defaultValue = "true")
  boolean tlsHostnameVerification;

  @Inject
  @ConfigProperty(name = "queuey.cassandra.request-timeout-ms", defaultValue = "12000")
  long requestTimeoutMillis;

  @Inject
  @ConfigProperty(name = "queuey.cassandra.background-timeout-ms", defaultValue = "30000")
  long backgroundTimeoutMillis;

  @Inject
  @ConfigProperty(name = "queuey.cassandra.reconnect-delay-ms", defaultValue = "2000")
  long reconnectDelayMillis;

  @Inject
  @ConfigProperty(name = "queuey.cassandra.deploy-wait-ms", defaultValue = "60000")
  long deployWaitMillis;

  @Inject
  @ConfigProperty(name = "queuey.cassandra.max-concurrent-requests", defaultValue = "1024")
  int maxConcurrentRequests;

  @Inject
  @ConfigProperty(name = "queuey.cassandra.max-queued-requests", defaultValue = "4096")
  int maxQueuedRequests;

  @Inject
  @ConfigProperty(name = "queuey.cassandra.protocol-version", defaultValue = "V4")
  String protocolVersion;

  /**
   * The native protocol version the driver speaks: V4 unless configured otherwise. With V5
   * (negotiated by default against Cassandra 5.0), contended LWTs under load made the driver read a
   * frame of zeros ("Unsupported request opcode: 0 in protocol 0"), close the connection and fail
   * every request in flight on it; on V4 the same load gets answers (or timeouts). See README.
   */
  public String protocolVersion() {
    String version = protocolVersion.trim().toUpperCase(java.util.Locale.ROOT);
    if (!version.equals("V4") && !version.equals("V5")) {
      throw new IllegalArgumentException(
          "queuey.cassandra.protocol-version must be V4 or V5, not " + protocolVersion);
    }
    return version;
  }

  public int maxConcurrentRequests() {
    return maxConcurrentRequests;
  }

  public int maxQueuedRequests() {
    return maxQueuedRequests;
  }

  public List<String> contactPoints() {
    return contactPoints;
  }

  public String localDatacenter() {
    return localDatacenter;
  }

  public String keyspace() {
    return keyspace;
  }

  /** A CQL map literal, e.g. {@code {'class': 'NetworkTopologyStrategy', 'dc1': 3}}. */
  public String replication() {
    return replication;
  }

  public Optional<String> username() {
    return username.filter(name -> !name.isBlank());
  }

  public Optional<String> password() {
    return password;
  }

  public boolean tls() {
    return tls;
  }

  /** Unsafe to turn off: only for certificates that do not name their hosts. */
  public boolean tlsHostnameVerification() {
    return tlsHostnameVerification;
  }

  /**
   * The driver's timeout of one request: above every server-side timeout (read 10 s in the local
   * yaml, writes and CAS 5 s), so that the server's answer, not the client's guess, decides.
   */
  public Duration requestTimeout() {
    return Duration.ofMillis(requestTimeoutMillis);
  }

  /** The timeout of one request of background work: counting, reclaiming a deleted queue. */
  public Duration backgroundRequestTimeout() {
    return Duration.ofMillis(backgroundTimeoutMillis);
  }

  public Duration reconnectDelay() {
    return Duration.ofMillis(reconnectDelayMillis);
  }

  /** How long the deployment waits for the first connection attempt (0: not at all). */
  public Duration deployWait() {
    return Duration.ofMillis(Math.max(0, deployWaitMillis));
  }
}
