package io.queuey.messages.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.servererrors.DefaultWriteType;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import io.queuey.cassandra.CassandraSchema;
import io.queuey.cassandra.ExecutionProfiles;
import io.queuey.cassandra.Topology;
import io.queuey.errors.PayloadTooLarge;
import io.queuey.errors.StorageUnavailable;
import io.queuey.messages.control.MessageStore;
import io.queuey.messages.entity.Message;
import io.queuey.messages.entity.MessageId;
import io.queuey.messages.entity.MessageRef;
import io.queuey.messages.entity.NewMessage;
import io.queuey.messages.entity.Order;
import io.queuey.messages.entity.Partition;
import io.queuey.messages.entity.ReadRequest;
import io.queuey.messages.entity.Timestamp;
import io.queuey.messages.entity.Ttl;
import io.queuey.queues.entity.Consistency;
import io.queuey.queues.entity.Queue;
import io.queuey.queues.storage.ConsistencyLevels;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract against the Cassandra of the test build, and what only Cassandra has. */
class CassandraMessageStoreIT extends MessageStoreContract {

  static final String KEYSPACE = "queuey_storage_it";
  private static final String REPLICATION = "{'class': 'SimpleStrategy', 'replication_factor': 1}";

  private static CqlSession session;
  private static CassandraMessageStore store;

  @BeforeAll
  static void connect() {
    session = openSession(cassandraAddress(), Duration.ofSeconds(10));
    new CassandraSchema().apply(session, KEYSPACE, REPLICATION);
    store = newStore(MessageDaos.of(session, KEYSPACE));
  }

  @AfterAll
  static void disconnect() {
    if (session != null) {
      session.close();
    }
  }

  @Override
  protected MessageStore store() {
    return store;
  }

  static InetSocketAddress cassandraAddress() {
    return new InetSocketAddress(
        "127.0.0.1", Integer.getInteger("queuey.it.cassandra.port", 19042));
  }

  static CqlSession openSession(InetSocketAddress contactPoint, Duration requestTimeout) {
    return CqlSession.builder()
        .addContactPoint(contactPoint)
        .withLocalDatacenter("datacenter1")
        .withConfigLoader(
            ExecutionProfiles.define(
                    DriverConfigLoader.programmaticBuilder(),
                    DefaultConsistencyLevel.SERIAL,
                    Duration.ofSeconds(30))
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, requestTimeout)
                .withDuration(
                    DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(30))
                .build())
        .build();
  }

  private static CassandraMessageStore newStore(MessageDaos daos) {
    return new CassandraMessageStore(
        daos,
        new ConsistencyLevels(Topology.AUTO, () -> session.getMetadata().getNodes().size()),
        BUCKET_SECONDS,
        BATCH_MAX_BYTES);
  }

  // ---- the bucket index

  @Test
  void readSinceZeroOnASmallQueueQueriesOnlyTheBucketsInUse() {
    Queue queue = queue(1);
    List<MessageId> ids = List.of(idAt(at(100)), idAt(at(200)), idAt(at(1_300)));
    postAll(queue, 1, ids); // two buckets of one second, 55 years of them after since=0
    ReadRequest sinceZero =
        ReadRequest.of(100, Order.ASCENDING)
            .since(Order.ASCENDING.sinceBound(Timestamp.ofTicks(0)));

    long before = store.bucketReads();
    assertEquals(ids, idsOf(read(queue, 1, sinceZero)));
    long ascendingReads = store.bucketReads() - before;

    before = store.bucketReads();
    assertEquals(reversed(ids), idsOf(read(queue, 1, ReadRequest.of(100, Order.DESCENDING))));
    long descendingReads = store.bucketReads() - before;

    assertTrue(ascendingReads <= 2, "queried " + ascendingReads + " buckets for 2 in use");
    assertTrue(descendingReads <= 2, "queried " + descendingReads + " buckets for 2 in use");
  }

  @Test
  void readStopsWalkingBucketsOnceTheLimitIsReached() {
    Queue queue = queue(1);
    List<MessageId> ids = spreadOverBuckets(10, 1_000); // ten buckets, one message each
    postAll(queue, 1, ids);

    long before = store.bucketReads();
    assertEquals(ids.subList(0, 3), idsOf(read(queue, 1, ReadRequest.of(3, Order.ASCENDING))));

    assertEquals(3, store.bucketReads() - before);
  }

  @Test
  void deleteAllRemovesTheBucketIndexToo() {
    Queue queue = queue(2);
    postAll(queue, 1, spreadOverBuckets(4, 700));
    postAll(queue, 2, spreadOverBuckets(4, 700));

    await(store.deleteAll(queue));

    long before = store.bucketReads();
    assertEquals(List.of(), read(queue, 1, ReadRequest.of(10, Order.ASCENDING)));
    assertEquals(List.of(), read(queue, 2, ReadRequest.of(10, Order.DESCENDING)));
    assertEquals(0, store.bucketReads() - before);
  }

  @Test
  void indexRowIsWrittenOncePerBucketAndExpiry() {
    var recording = new Recording();
    var store = newStore(recording.daos());
    Queue queue = queue(1);

    for (int i = 0; i < 5; i++) {
      await(store.post(queue, List.of(message(idAt(at(100 + i)), 1))));
    }

    assertEquals(1, recording.indexWrites.get());
    assertEquals(5, read(store, queue, ReadRequest.of(10, Order.ASCENDING)).size());
  }

  // ---- write coalescing

  @Test
  void concurrentPostsToOnePartitionGoTogetherAndEachKeepsItsTtlAndPartition() {
    var recording = new Recording();
    var store = newStore(recording.daos());
    Queue queue = queue(3);
    int[] ttls = {60, 600, 3600};
    List<NewMessage> posted = new ArrayList<>();
    List<CompletableFuture<Void>> answers = new ArrayList<>();
    for (int i = 0; i < 69; i++) {
      if (i == 9) {
        // The index rows of every (partition, TTL) are written now: the rest go straight on.
        answers.forEach(MessageStoreContract::await);
        answers.clear();
        recording.statements.clear();
      }
      var message =
          new NewMessage(
              idAt(tickAfter(at(300), i)),
              Partition.of(1 + i % 3),
              "coalesced " + i,
              TEXT,
              Ttl.of(ttls[(i / 3) % 3]));
      posted.add(message);
      // Not awaited one by one: they are in flight together, as concurrent requests are.
      answers.add(store.post(queue, List.of(message)).toCompletableFuture());
    }
    answers.forEach(MessageStoreContract::await);

    long messageWrites =
        recording.statements.stream()
            .filter(statement -> !Recording.isIndexStatement(statement))
            .count();
    assertTrue(messageWrites < 60, messageWrites + " writes for 60 posts: none were gathered");
    assertTrue(recording.statements.stream().noneMatch(Recording::isIndexStatement));
    assertTrue(recording.batchTypes().stream().allMatch(BatchType.UNLOGGED::equals));
    for (int partition = 1; partition <= 3; partition++) {
      int p = partition;
      List<MessageId> expected =
          posted.stream()
              .filter(message -> message.partition().number() == p)
              .map(NewMessage::id)
              .toList();
      assertEquals(
          expected,
          idsOf(await(store.read(queue, Partition.of(p), ReadRequest.of(100, Order.ASCENDING)))));
    }
    for (NewMessage message : posted) {
      Row row =
          session
              .execute(
                  SimpleStatement.newInstance(
                      "SELECT TTL("
                          + MessagesDao.BODY
                          + ") FROM "
                          + KEYSPACE
                          + "."
                          + MessagesDao.TABLE
                          + " WHERE queue_id = ? AND partition = ? AND bucket = ? AND message_id = ?",
                      queue.id(),
                      message.partition().number(),
                      TimeBuckets.bucketOf(message.id().timestamp(), BUCKET_SECONDS),
                      message.id().uuid()))
              .one();
      int ttl = row.getInt(0);
      assertTrue(
          ttl <= message.ttl().seconds() && ttl > message.ttl().seconds() - 120,
          "TTL " + ttl + " of a message posted with " + message.ttl().seconds());
    }
  }

  // ---- range reads that start in a bucket this instance wrote to

  @Test
  void readSinceInABucketThisInstanceWroteToAsksNoIndexWhenThatBucketFillsThePage() {
    var recording = new Recording();
    var store = newStore(recording.daos());
    Queue queue = queue(1);
    List<MessageId> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ids.add(idAt(tickAfter(at(300), i)));
    }
    await(store.post(queue, ids.stream().map(id -> message(id, 1)).toList()));
    int indexReadsBefore = recording.indexReads.get();

    List<Message> page = read(store, queue, ReadRequest.of(5, Order.ASCENDING).since(ids.get(2)));

    assertEquals(ids.subList(2, 7), idsOf(page));
    assertEquals(indexReadsBefore, recording.indexReads.get());
  }

  @Test
  void readSinceInABucketThisInstanceWroteToStillFindsWhatAnotherInstanceWroteLater() {
    var recording = new Recording();
    var thisInstance = newStore(recording.daos());
    var otherInstance = newStore(MessageDaos.of(session, KEYSPACE));
    Queue queue = queue(1);
    List<MessageId> mine = List.of(idAt(at(100)), idAt(at(200)));
    List<MessageId> theirs = List.of(idAt(at(2_100)), idAt(at(4_100))); // two later buckets
    await(thisInstance.post(queue, mine.stream().map(id -> message(id, 1)).toList()));
    await(otherInstance.post(queue, List.of(message(theirs.get(0), 1))));
    await(otherInstance.post(queue, List.of(message(theirs.get(1), 1))));

    List<MessageId> all = new ArrayList<>(mine);
    all.addAll(theirs);
    assertEquals(
        all,
        idsOf(read(thisInstance, queue, ReadRequest.of(100, Order.ASCENDING).since(mine.get(0)))));
    assertEquals(
        reversed(all).subList(2, 4),
        idsOf(read(thisInstance, queue, ReadRequest.of(100, Order.DESCENDING).since(mine.get(1)))));
    assertTrue(recording.indexReads.get() > 0, "the page was not full: the index was asked");
  }

  // ---- how posts are written

  @Test
  void postIntoOneBucketIsOneUnloggedBatch() {
    var recording = new Recording();
    var store = newStore(recording.daos());
    Queue queue = queue(1);
    Timestamp time = at(300);
    List<NewMessage> batch = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      batch.add(
          new NewMessage(
              idAt(tickAfter(time, i)), Partition.FIRST, "x".repeat(3_000), TEXT, TEN_MINUTES));
    }

    await(store.post(queue, batch));

    assertEquals(List.of(BatchType.UNLOGGED), recording.batchTypes());
    assertEquals(30, read(store, queue, ReadRequest.of(100, Order.ASCENDING)).size());
  }

  @Test
  void postOverSeveralBucketsWithinTheSizeLimitIsOneLoggedBatch() {
    var recording = new Recording();
    var store = newStore(recording.daos());
    Queue queue = queue(1);

    await(store.post(queue, spreadOverBuckets(6, 500).stream().map(id -> message(id, 1)).toList()));

    assertEquals(List.of(BatchType.LOGGED), recording.batchTypes());
  }

  @Test
  void postOverSeveralPartitionsOverTheLoggedBatchLimitIsRefusedWithNothingSent() {
    var recording = new Recording();
    var store =
        new CassandraMessageStore(
            recording.daos(),
            new ConsistencyLevels(Topology.AUTO, () -> session.getMetadata().getNodes().size()),
            BUCKET_SECONDS,
            40_960);
    Queue queue = queue(1);
    List<NewMessage> batch =
        spreadOverBuckets(30, 100).stream()
            .map(id -> new NewMessage(id, Partition.FIRST, "z".repeat(3_000), TEXT, TEN_MINUTES))
            .toList();

    assertThrows(PayloadTooLarge.class, () -> await(store.post(queue, batch)));

    assertEquals(List.of(), recording.statements, "nothing sent");
  }

  @Test
  void postOfOnePartitionIsOneBatchAtAnySizeTheLimitsAllow() {
    var recording = new Recording();
    var store = newStore(recording.daos());
    Queue queue = queue(1);
    Timestamp time = at(900);
    List<NewMessage> batch = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      batch.add(
          new NewMessage(
              idAt(tickAfter(time, i)), Partition.FIRST, "b".repeat(2_000), TEXT, TEN_MINUTES));
    }

    await(store.post(queue, batch));

    assertEquals(List.of(BatchType.UNLOGGED), recording.batchTypes(), "2 MB in one batch");
    assertEquals(1_000, read(store, queue, ReadRequest.of(1_000, Order.ASCENDING)).size());
  }

  @Test
  void postWhoseLoggedBatchTimesOutAfterBeingAppliedIsNotUndone() {
    var failFirstBatch = new Recording();
    failFirstBatch.failBatch = 1;
    var store = newStore(failFirstBatch.daos());
    Queue queue = queue(2);
    List<NewMessage> batch =
        List.of(
            message(idAt(at(100)), 1), message(idAt(at(1_100)), 2), message(idAt(at(2_100)), 1));

    assertStorageUnavailable(store.post(queue, batch));

    // A reader that saw them never sees them vanish: the applied batch stays, whole.
    assertEquals(List.of(BatchType.LOGGED), failFirstBatch.batchTypes());
    assertEquals(3, await(store.fetch(queue, batch.stream().map(NewMessage::ref).toList())).size());
    assertEquals(3L, await(store.count(queue)));
  }

  @Test
  void postWhoseBatchTimesOutAfterBeingAppliedIsNotUndone() {
    var failFirstBatch = new Recording();
    failFirstBatch.failBatch = 1;
    var store = newStore(failFirstBatch.daos());
    Queue queue = queue(1);
    Timestamp time = at(1_900);
    List<NewMessage> batch = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      batch.add(message(idAt(tickAfter(time, i)), 1));
    }

    assertStorageUnavailable(store.post(queue, batch));

    assertEquals(List.of(BatchType.UNLOGGED), failFirstBatch.batchTypes());
    assertEquals(5, read(store, queue, ReadRequest.of(10, Order.ASCENDING)).size());
  }

  @Test
  void failedOverwriteIsNotUndoneSoExistingMessagesSurvive() {
    Queue queue = queue(1);
    List<MessageId> ids = spreadOverBuckets(30, 100);
    postAll(queue, 1, ids);
    var failSecondBatch = new Recording();
    failSecondBatch.failBatch = 1;
    var failing = newStore(failSecondBatch.daos());

    assertStorageUnavailable(
        failing.overwrite(
            queue,
            ids.stream().map(id -> new MessageRef(Partition.FIRST, id)).toList(),
            "w".repeat(3_000),
            null,
            TEN_MINUTES));

    assertEquals(30, read(queue, 1, ReadRequest.of(100, Order.ASCENDING)).size());
  }

  // ---- scale and failures

  @Test
  void countsOneHundredThousandMessagesExactly() {
    Queue queue = queue(2);
    int perBatch = 1_000;
    int batches = 100;
    Timestamp time = at(400);
    var inFlight = new Semaphore(16);
    List<CompletableFuture<Void>> posts = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      List<NewMessage> batch = new ArrayList<>(perBatch);
      Partition partition = Partition.of(b % 2 + 1);
      for (int i = 0; i < perBatch; i++) {
        batch.add(
            new NewMessage(
                idAt(tickAfter(time, (long) b * perBatch + i)), partition, "m", null, Ttl.of(900)));
      }
      inFlight.acquireUninterruptibly();
      posts.add(
          store
              .post(queue, batch)
              .whenComplete((done, failure) -> inFlight.release())
              .toCompletableFuture());
    }
    await(CompletableFuture.allOf(posts.toArray(CompletableFuture[]::new)));

    assertEquals(100_000L, await(store.count(queue)));
  }

  @Test
  void unreachableNodeMakesCallsFailWithStorageUnavailable() throws Exception {
    Queue queue = queue(1);
    MessageId id = idAt(at(500));
    try (var proxy = new TcpProxy(cassandraAddress());
        var cutOff = openSession(proxy.address(), Duration.ofSeconds(2))) {
      var store =
          new CassandraMessageStore(
              MessageDaos.of(cutOff, KEYSPACE),
              new ConsistencyLevels(Topology.AUTO, () -> cutOff.getMetadata().getNodes().size()),
              BUCKET_SECONDS,
              BATCH_MAX_BYTES);
      await(store.post(queue, List.of(message(id, 1))));

      proxy.close();

      assertStorageUnavailable(store.post(queue, List.of(message(idAt(at(600)), 1))));
      assertStorageUnavailable(
          store.read(queue, Partition.FIRST, ReadRequest.of(10, Order.ASCENDING)));
      assertStorageUnavailable(store.fetch(queue, List.of(new MessageRef(Partition.FIRST, id))));
      assertStorageUnavailable(store.count(queue));
      assertNull(await(store.deleteAll(queue)));
    }
    assertEquals(List.of(id), idsOf(read(queue, 1, ReadRequest.of(10, Order.ASCENDING))));
  }

  @Test
  void everyStatementUsesTheLevelOfTheQueuesConsistency() {
    var recording = new Recording();
    // On this one node QUORUM is one replica too, so a forced topology still answers.
    var store =
        new CassandraMessageStore(
            recording.daos(),
            new ConsistencyLevels(Topology.SINGLE_DC, () -> 1),
            BUCKET_SECONDS,
            BATCH_MAX_BYTES);
    Queue strong = queue(1);
    Queue weak = queue(1).withSettings(strong.settings().withConsistency(Consistency.WEAK));
    MessageId id = idAt(at(700));

    await(store.post(strong, List.of(message(id, 1))));
    assertEquals(1, read(store, strong, ReadRequest.of(10, Order.ASCENDING)).size());
    assertEquals(1L, await(store.count(strong)));
    assertEquals(Set.of(DefaultConsistencyLevel.QUORUM), recording.levels());

    recording.statements.clear();
    MessageId weakId = idAt(at(710));
    await(store.post(weak, List.of(message(weakId, 1))));
    assertEquals(
        1, await(store.fetch(weak, List.of(new MessageRef(Partition.FIRST, weakId)))).size());
    assertEquals(Set.of(DefaultConsistencyLevel.ONE), recording.levels(false));
    // The index row that makes the message reachable survives a replica's loss all the same.
    assertEquals(Set.of(DefaultConsistencyLevel.QUORUM), recording.levels(true));
  }

  // ---- helpers

  private List<Message> read(CassandraMessageStore store, Queue queue, ReadRequest request) {
    return await(store.read(queue, Partition.FIRST, request));
  }

  private static void assertStorageUnavailable(CompletionStage<?> stage) {
    ExecutionException failure =
        assertThrows(
            ExecutionException.class, () -> stage.toCompletableFuture().get(30, TimeUnit.SECONDS));
    assertInstanceOf(StorageUnavailable.class, failure.getCause());
  }

  /**
   * DAOs on the shared session that record what the store sends, and can report the {@code
   * failBatch}-th batch as failed after it was applied.
   */
  private static final class Recording {

    final List<Statement<?>> statements = new CopyOnWriteArrayList<>();
    final AtomicInteger indexWrites = new AtomicInteger();
    final AtomicInteger indexReads = new AtomicInteger();
    final AtomicInteger batches = new AtomicInteger();
    int failBatch = -1;

    MessageDaos daos() {
      var messages =
          new MessagesDao(session, KEYSPACE) {
            @Override
            CompletionStage<AsyncResultSet> execute(Statement<?> statement) {
              statements.add(statement);
              CompletionStage<AsyncResultSet> executed = super.execute(statement);
              if (statement instanceof BatchStatement && batches.incrementAndGet() == failBatch) {
                // As a coordinator that timed out waiting for replicas that did apply the write.
                return executed.thenCompose(
                    applied ->
                        CompletableFuture.failedFuture(
                            new WriteTimeoutException(
                                null, DefaultConsistencyLevel.ONE, 0, 1, DefaultWriteType.BATCH)));
              }
              return executed;
            }
          };
      var buckets =
          new MessageBucketsDao(session, KEYSPACE) {
            @Override
            CompletionStage<AsyncResultSet> execute(Statement<?> statement) {
              statements.add(statement);
              if (isInsert(statement)) {
                indexWrites.incrementAndGet();
              } else {
                indexReads.incrementAndGet();
              }
              return super.execute(statement);
            }
          };
      return new MessageDaos(() -> messages, () -> buckets);
    }

    /** The levels of the index inserts ({@code true}) or of every other statement. */
    Set<ConsistencyLevel> levels(boolean indexInserts) {
      return statements.stream()
          .filter(statement -> isIndexInsert(statement) == indexInserts)
          .map(statement -> ExecutionProfiles.levelOf(statement.getExecutionProfileName()))
          .collect(Collectors.toSet());
    }

    static boolean isIndexStatement(Statement<?> statement) {
      return statement instanceof BoundStatement bound
          && bound.getPreparedStatement().getQuery().contains(MessageBucketsDao.TABLE);
    }

    private static boolean isIndexInsert(Statement<?> statement) {
      return isInsert(statement)
          && ((BoundStatement) statement)
              .getPreparedStatement()
              .getQuery()
              .contains(MessageBucketsDao.TABLE);
    }

    Set<ConsistencyLevel> levels() {
      return statements.stream()
          .map(statement -> ExecutionProfiles.levelOf(statement.getExecutionProfileName()))
          .collect(Collectors.toSet());
    }

    List<BatchType> batchTypes() {
      return statements.stream()
          .filter(BatchStatement.class::isInstance)
          .map(statement -> ((BatchStatement) statement).getBatchType())
          .toList();
    }

    private static boolean isInsert(Statement<?> statement) {
      return statement instanceof BoundStatement bound
          && bound.getPreparedStatement().getQuery().startsWith("INSERT");
    }
  }
}
