package io.queuey.queues.storage;

import static com.datastax.oss.driver.api.core.DefaultConsistencyLevel.EACH_QUORUM;
import static com.datastax.oss.driver.api.core.DefaultConsistencyLevel.LOCAL_QUORUM;
import static com.datastax.oss.driver.api.core.DefaultConsistencyLevel.ONE;
import static com.datastax.oss.driver.api.core.DefaultConsistencyLevel.QUORUM;
import static io.queuey.queues.entity.Consistency.STRONG;
import static io.queuey.queues.entity.Consistency.VERY_STRONG;
import static io.queuey.queues.entity.Consistency.WEAK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.queuey.cassandra.Topology;
import io.queuey.queues.entity.Consistency;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConsistencyLevelsTest {

  @Test
  void singleNodeUsesOneForEveryConsistency() {
    for (Consistency consistency : Consistency.values()) {
      assertEquals(ONE, ConsistencyLevels.forMessages(Topology.SINGLE_NODE, consistency));
    }
    assertEquals(ONE, ConsistencyLevels.forMetadata(Topology.SINGLE_NODE));
  }

  @Test
  void singleDataCentreUsesOneForWeakAndQuorumOtherwise() {
    assertEquals(ONE, ConsistencyLevels.forMessages(Topology.SINGLE_DC, WEAK));
    assertEquals(QUORUM, ConsistencyLevels.forMessages(Topology.SINGLE_DC, STRONG));
    assertEquals(QUORUM, ConsistencyLevels.forMessages(Topology.SINGLE_DC, VERY_STRONG));
    assertEquals(LOCAL_QUORUM, ConsistencyLevels.forMetadata(Topology.SINGLE_DC));
  }

  @Test
  void multiDataCentreUsesLocalQuorumForStrongAndEachQuorumForVeryStrong() {
    assertEquals(ONE, ConsistencyLevels.forMessages(Topology.MULTI_DC, WEAK));
    assertEquals(LOCAL_QUORUM, ConsistencyLevels.forMessages(Topology.MULTI_DC, STRONG));
    assertEquals(EACH_QUORUM, ConsistencyLevels.forMessages(Topology.MULTI_DC, VERY_STRONG));
    assertEquals(LOCAL_QUORUM, ConsistencyLevels.forMetadata(Topology.MULTI_DC));
  }

  @Test
  void indexRowsAreWrittenAtLeastAtAQuorumWhateverTheQueuesConsistency() {
    for (var consistency : Consistency.values()) {
      assertEquals(ONE, ConsistencyLevels.forIndex(Topology.SINGLE_NODE, consistency));
      assertEquals(QUORUM, ConsistencyLevels.forIndex(Topology.SINGLE_DC, consistency));
    }
    assertEquals(LOCAL_QUORUM, ConsistencyLevels.forIndex(Topology.MULTI_DC, WEAK));
    assertEquals(LOCAL_QUORUM, ConsistencyLevels.forIndex(Topology.MULTI_DC, STRONG));
    assertEquals(EACH_QUORUM, ConsistencyLevels.forIndex(Topology.MULTI_DC, VERY_STRONG));
  }

  @Test
  void serialConsistencyIsLocalOnlyAcrossDataCentres() {
    assertEquals(
        DefaultConsistencyLevel.LOCAL_SERIAL, ConsistencyLevels.serialFor(Topology.MULTI_DC));
    assertEquals(DefaultConsistencyLevel.SERIAL, ConsistencyLevels.serialFor(Topology.SINGLE_DC));
    assertEquals(DefaultConsistencyLevel.SERIAL, ConsistencyLevels.serialFor(Topology.AUTO));
  }

  @Test
  void autoIsSingleNodeForOneNodeAndSingleDataCentreForMore() {
    assertEquals(Topology.SINGLE_NODE, ConsistencyLevels.resolve(Topology.AUTO, 1));
    assertEquals(Topology.SINGLE_DC, ConsistencyLevels.resolve(Topology.AUTO, 3));
    assertEquals(Topology.MULTI_DC, ConsistencyLevels.resolve(Topology.MULTI_DC, 1));
  }

  @Test
  void readsAndWritesUseTheSameLevel() {
    var levels = new ConsistencyLevels(Topology.SINGLE_DC, () -> 3);

    for (Consistency consistency : Consistency.values()) {
      assertEquals(levels.write(consistency), levels.read(consistency));
    }
    assertEquals(QUORUM, levels.write(STRONG));
  }

  @Test
  void autoFollowsTheNodesTheSessionCurrentlySees() {
    var nodes = new AtomicInteger(1);
    var levels = new ConsistencyLevels(Topology.AUTO, nodes::get);
    assertTrue(levels.isSingleNode());
    assertEquals(ONE, levels.write(VERY_STRONG));
    assertEquals(ONE, levels.metadata());

    nodes.set(3);

    assertFalse(levels.isSingleNode());
    assertEquals(QUORUM, levels.read(VERY_STRONG));
    assertEquals(LOCAL_QUORUM, levels.metadata());
  }

  @Test
  void configuredTopologyIgnoresTheNodeCount() {
    var levels =
        new ConsistencyLevels(
            Topology.MULTI_DC,
            () -> {
              throw new AssertionError("the node count is not needed");
            });

    assertEquals(EACH_QUORUM, levels.write(VERY_STRONG));
  }

  @Test
  void topologyPropertyTakesTheDocumentedNamesOnly() {
    assertEquals(Topology.AUTO, Topology.parse("auto"));
    assertEquals(Topology.SINGLE_NODE, Topology.parse("single-node"));
    assertEquals(Topology.SINGLE_DC, Topology.parse(" Single-DC "));
    assertEquals(Topology.MULTI_DC, Topology.parse("multi-dc"));
    assertThrows(IllegalStateException.class, () -> Topology.parse("multi_dc"));
    assertThrows(IllegalStateException.class, () -> Topology.parse(null));
  }

  @Test
  void autoMustBeResolvedBeforeChoosingALevel() {
    assertThrows(
        IllegalArgumentException.class, () -> ConsistencyLevels.forMessages(Topology.AUTO, WEAK));
  }
}
