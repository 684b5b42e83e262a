package io.queuey.stats.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.queuey.stats.entity.Interval;
import io.queuey.stats.entity.QueueTraffic;
import io.queuey.stats.entity.Traffic;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TrafficRatesTest {

  /** 2026-12-02 00:00:00 UTC, the start of an interval. */
  private static final long START_MILLIS = 1_764_633_600_000L;

  private final AtomicLong now = new AtomicLong(START_MILLIS);
  private final TrafficRates rates = new TrafficRates(now::get, 3);

  private void advanceSeconds(long seconds) {
    now.addAndGet(seconds * 1000);
  }

  @Test
  void countsLandInTheCurrentIntervalOfAWindowOfThirtyTenSecondIntervals() {
    rates.posted("app", "q", 5);
    rates.read("app", "q", 2);

    Traffic traffic = rates.ofQueue("app", "q");

    assertEquals(30, traffic.intervals().size());
    Interval current = traffic.intervals().get(29);
    assertEquals(START_MILLIS / 1000, current.startSecond());
    assertEquals(5, current.posted());
    assertEquals(2, current.read());
    assertEquals(START_MILLIS / 1000 - 290, traffic.intervals().get(0).startSecond());
  }

  @Test
  void theRatePerSecondIsOfTheLastCompleteMinute() {
    rates.posted("app", "q", 600);
    advanceSeconds(10);
    rates.posted("app", "q", 1_000_000); // the current interval: not in the rate yet

    Traffic traffic = rates.ofQueue("app", "q");

    assertEquals(10.0, traffic.postedPerSecond(), 1e-9);
    assertEquals(0.0, traffic.readPerSecond(), 1e-9);
  }

  @Test
  void anIntervalIsForgottenWhenTimeComesBackRoundToItsSlot() {
    rates.posted("app", "q", 7);
    advanceSeconds(300);
    rates.posted("app", "q", 1);

    Traffic traffic = rates.ofQueue("app", "q");

    assertEquals(1, traffic.posted());
    assertEquals(1, traffic.intervals().get(29).posted());
  }

  @Test
  void theApplicationSumsItsQueuesAndListsTheBusiestFirst() {
    rates.posted("app", "quiet", 1);
    rates.posted("app", "busy", 4);
    rates.read("app", "busy", 4);
    rates.posted("other", "busy", 100);

    assertEquals(5, rates.ofApplication("app").posted());
    List<QueueTraffic> busiest = rates.busiestQueues("app", 10);
    assertEquals(List.of("busy", "quiet"), busiest.stream().map(QueueTraffic::queueName).toList());
    assertEquals(1, rates.busiestQueues("app", 1).size());
  }

  @Test
  void pastTheMostQueuesFollowedANewQueueCountsInItsApplicationOnly() {
    rates.posted("app", "a", 1);
    rates.posted("app", "b", 1);
    rates.posted("app", "c", 1);
    rates.posted("app", "d", 1);

    assertEquals(0, rates.ofQueue("app", "d").posted());
    assertEquals(4, rates.ofApplication("app").posted());
    assertEquals(3, rates.followedQueues());
  }

  @Test
  void theSweepForgetsQueuesWithNoTrafficInTheWindow() {
    rates.posted("app", "old", 1);
    advanceSeconds(200);
    rates.posted("app", "recent", 1);
    advanceSeconds(120);

    rates.sweep();

    assertEquals(1, rates.followedQueues());
    assertTrue(
        rates.busiestQueues("app", 10).stream().allMatch(q -> q.queueName().equals("recent")));
    rates.posted("app", "new", 1);
    assertEquals(1, rates.ofQueue("app", "new").posted());
  }

  @Test
  void aQueueWithNoTrafficHasAWindowOfZeros() {
    Traffic traffic = rates.ofQueue("app", "never");

    assertEquals(30, traffic.intervals().size());
    assertEquals(0, traffic.posted() + traffic.read());
  }
}
