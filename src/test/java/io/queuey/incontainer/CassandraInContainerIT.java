package io.queuey.incontainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.queuey.cassandra.CassandraConnection;
import io.queuey.queues.control.QueueStore;
import io.queuey.queues.entity.Queue;
import io.queuey.queues.entity.QueueName;
import io.queuey.queues.entity.QueueSettings;
import jakarta.inject.Inject;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Inside Payara Micro: the WAR's CDI beans read and write through the real Cassandra session. */
@ExtendWith(ArquillianExtension.class)
class CassandraInContainerIT {

  @Deployment
  static WebArchive deployment() {
    return ShrinkWrap.createFromZipFile(
            WebArchive.class, new File(System.getProperty("queuey.it.war", "target/queuey.war")))
        .addClass(CassandraInContainerIT.class);
  }

  @Inject CassandraConnection connection;
  @Inject QueueStore queues;

  @BeforeEach
  void waitForTheSession() throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (!connection.isReady() && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }
    assertTrue(connection.isReady(), "the session connects at deploy time");
  }

  @Test
  void aQueueWrittenThroughTheStoreIsReadBackFromCassandra() {
    var queue =
        new Queue(
            "app-one",
            new QueueName("in-container-" + UUID.randomUUID().toString().substring(0, 8)),
            QueueSettings.DEFAULTS.withPartitions(3),
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            UUID.randomUUID());
    assertTrue(queues.create(queue));

    Optional<Queue> found = queues.find("app-one", queue.name());
    assertEquals(Optional.of(queue), found);

    long rows =
        connection
            .session()
            .execute(
                "SELECT COUNT(*) FROM "
                    + connection.keyspace()
                    + ".queues WHERE application = 'app-one' ALLOW FILTERING")
            .one()
            .getLong(0);
    assertTrue(rows >= 1, "the row is in Cassandra's queues table");
  }

  @Test
  void creatingTheSameQueueTwiceKeepsTheFirst() {
    var name = new QueueName("twice-" + UUID.randomUUID().toString().substring(0, 8));
    var first =
        new Queue(
            "app-one",
            name,
            QueueSettings.DEFAULTS,
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            UUID.randomUUID());
    var second =
        new Queue(
            "app-one",
            name,
            QueueSettings.DEFAULTS.withPartitions(5),
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            UUID.randomUUID());
    assertTrue(queues.create(first));
    assertTrue(!queues.create(second));
    assertEquals(first.id(), queues.find("app-one", name).orElseThrow().id());
  }
}
