package io.seqproxy.sequence.range;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.sequence.SequenceException;
import io.seqproxy.sequence.SequenceExhaustedException;
import io.seqproxy.sequence.SequenceUnavailableException;
import io.seqproxy.sequence.jdbc.JdbcSequenceStore;
import io.seqproxy.sequence.monitor.SequenceHealth;
import io.seqproxy.sequence.monitor.SequenceMetric;
import io.seqproxy.testing.ManualExecutor;
import io.seqproxy.testing.ManualTicker;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

class RangeSequenceTest {

  /** Records what was asked of a real memory store, and on which thread. */
  static class RecordingStore implements RangeStore {
    final MemoryRangeStore store = new MemoryRangeStore();
    final List<Long> sizes = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    /** The values the store's mark was raised to, in order. */
    final List<Long> raised = new CopyOnWriteArrayList<>();
    final CountDownLatch secondReservation = new CountDownLatch(2);
    /** Each reservation takes this long on the ticker, when there is one. */
    ManualTicker ticker;
    long reservationMillis;

    @Override
    public Range reserve(String sequence, long start, long size, long maxValue) {
      sizes.add(size);
      threads.add(Thread.currentThread().getName());
      if (ticker != null) {
        ticker.advance(reservationMillis, TimeUnit.MILLISECONDS);
      }
      Range range = store.reserve(sequence, start, size, maxValue);
      secondReservation.countDown();
      return range;
    }

    @Override
    public boolean release(String sequence, Range range, long unusedFrom) {
      return store.release(sequence, range, unusedFrom);
    }

    @Override
    public OptionalLong highWater(String sequence) {
      return store.highWater(sequence);
    }

    @Override
    public long raiseTo(String sequence, long value) {
      raised.add(value);
      return store.raiseTo(sequence, value);
    }

    @Override
    public String describe() {
      return "recording memory store";
    }

    @Override
    public void close() {}
  }

  /** Runs background reservations on the caller's thread, at once. */
  private static final Executor DIRECT = Runnable::run;

  private static List<Long> take(RangeSequence sequence, int count) {
    return Arrays.stream(sequence.next(count)).boxed().toList();
  }

  @Test
  void theFirstValueIsStartAndValuesFollowOneByOne() {
    RangeSequence sequence = RangeSequence.builder("s", new MemoryRangeStore()).start(1000).initialSize(10).build();
    assertEquals(1000, sequence.next());
    assertEquals(1001, sequence.next());
    assertEquals(new Range(1000, 1010), sequence.currentRange());
  }

  @Test
  void skipToSkipsTheRestOfTheOwnRangeBelowTheValue() {
    MemoryRangeStore store = new MemoryRangeStore();
    RangeSequence sequence = RangeSequence.builder("s", store).initialSize(100).build();
    assertEquals(1, sequence.next());
    sequence.skipTo(50);
    assertEquals(50, sequence.next());
    assertEquals(List.of(51L, 52L), take(sequence, 2));
  }

  @Test
  void skipToAboveTheRangeRaisesTheStoreSoThatEveryProcessIssuesAboveIt() {
    MemoryRangeStore store = new MemoryRangeStore();
    RangeSequence sequence = RangeSequence.builder("s", store).initialSize(100).build();
    assertEquals(1, sequence.next());
    sequence.skipTo(10_001);
    assertEquals(OptionalLong.of(10_001), store.highWater("s"));
    assertEquals(10_001, sequence.next());
    long mark = store.highWater("s").getAsLong();
    assertEquals(sequence.currentRange().end(), mark, "the new range starts at the raised mark");
    assertEquals(mark, RangeSequence.builder("s", store).initialSize(100).build().next(),
        "another process reserves above the first process's new range");
  }

  @Test
  void skipToSkipsTheRangeReservedAheadAndClosingHandsBackOnlyAboveTheValue() {
    MemoryRangeStore store = new MemoryRangeStore();
    ManualExecutor executor = new ManualExecutor();
    RangeSequence sequence = RangeSequence.builder("s", store).initialSize(100).maxSize(100)
        .targetLifetime(Duration.ofHours(1)).ticker(new ManualTicker()).executor(executor).build();
    for (int i = 0; i < 60; i++) {
      sequence.next();
    }
    assertEquals(1, executor.runAll());
    assertEquals(OptionalLong.of(201), store.highWater("s"));
    sequence.skipTo(150);
    assertEquals(150, sequence.next(), "the current range is skipped, the one reserved ahead up to 150");
    sequence.close();
    assertEquals(OptionalLong.of(151), store.highWater("s"));
  }

  @Test
  void skipToWhileTheRangeAheadIsBeingReservedAppliesToItWhenInstalled() {
    MemoryRangeStore store = new MemoryRangeStore();
    ManualExecutor executor = new ManualExecutor();
    RangeSequence sequence = RangeSequence.builder("s", store).initialSize(100).maxSize(100)
        .targetLifetime(Duration.ofHours(1)).ticker(new ManualTicker()).executor(executor).build();
    for (int i = 0; i < 51; i++) {
      sequence.next();
    }
    assertEquals(1, executor.queued(), "the range ahead is asked for, not reserved yet");
    sequence.skipTo(120);
    assertEquals(1, executor.runAll());
    assertEquals(120, sequence.next(), "the range reserved after skipTo starts at 120");
  }

  @Test
  void theNextRangeIsReservedInTheBackgroundAtHalfway() {
    RecordingStore store = new RecordingStore();
    ManualExecutor executor = new ManualExecutor();
    RangeSequence sequence = RangeSequence.builder("s", store).initialSize(100).maxSize(100)
        .targetLifetime(Duration.ofHours(1)).ticker(new ManualTicker()).executor(executor).build();
    for (int i = 0; i < 50; i++) {
      sequence.next();
    }
    assertEquals(0, executor.queued(), "nothing is reserved ahead before halfway");
    assertEquals(51, sequence.next());
    assertEquals(1, executor.queued());
    assertEquals(1, sequence.reservations(), "the caller did not reserve the next range itself");
    assertEquals(1, executor.runAll());
    assertEquals(2, sequence.reservations());
    for (int i = 0; i < 49; i++) {
      sequence.next();
    }
    assertEquals(101, sequence.next(), "the prefetched range follows without waiting");
    assertEquals(1L, sequence.metrics().get(SequenceMetric.STORE_WAITS), "only the first value waited for the store");
  }

  @Test
  void theDefaultExecutorReservesOnADaemonThreadOfItsOwn() throws Exception {
    RecordingStore store = new RecordingStore();
    RangeSequence sequence = RangeSequence.builder("s", store).initialSize(100).maxSize(100).build();
    try {
      for (int i = 0; i < 51; i++) {
        sequence.next();
      }
      assertTrue(store.secondReservation.await(30, TimeUnit.SECONDS), "no background reservation");
      assertEquals("seqproxy-range-prefetch", store.threads.get(1));
    } finally {
      sequence.close();
    }
  }

  @Test
  void rangesGrowWhenTheyAreUsedUpFasterThanTheTargetLifetime() {
    RecordingStore store = new RecordingStore();
    RangeSequence sequence = RangeSequence.builder("s", store).initialSize(10).maxSize(10_000)
        .targetLifetime(Duration.ofHours(1)).ticker(new ManualTicker()).executor(DIRECT).build();
    long previous = 0;
    for (int i = 0; i < 50_000; i++) {
      long value = sequence.next();
      assertTrue(value > previous);
      previous = value;
    }
    assertEquals(List.of(10L, 160L, 2560L, 10_000L, 10_000L), store.sizes.subList(0, 5));
    assertEquals(10_000, sequence.rangeSize());
  }

  @Test
  void rangesShrinkWhenTheyLastFarLongerThanTheTarget() {
    RecordingStore store = new RecordingStore();
    ManualTicker ticker = new ManualTicker();
    RangeSequence sequence = RangeSequence.builder("s", store).initialSize(10).maxSize(640)
        .targetLifetime(Duration.ofMillis(20)).ticker(ticker).executor(DIRECT).build();
    while (store.sizes.size() < 4 || store.sizes.get(store.sizes.size() - 1) < 640) {
      sequence.next();
    }
    assertEquals(List.of(10L, 160L, 640L, 640L), store.sizes);
    // Now slowly: a 640-value range at one value per ms is projected to last 640 ms, over 40 ms.
    while (store.sizes.size() == 4) {
      sequence.next();
      ticker.advance(1, TimeUnit.MILLISECONDS);
    }
    assertEquals(320L, store.sizes.get(4));
  }

  @Test
  void metricsCountReservationsWaitsAndWhatIsLeft() {
    RecordingStore store = new RecordingStore();
    ManualTicker ticker = new ManualTicker();
    store.ticker = ticker;
    store.reservationMillis = 2;
    ManualExecutor executor = new ManualExecutor();
    RangeSequence sequence = RangeSequence.builder("s", store).initialSize(100).maxSize(100).maxValue(1000)
        .targetLifetime(Duration.ofHours(1)).ticker(ticker).executor(executor).build();

    Map<SequenceMetric, Number> before = sequence.metrics();
    assertEquals(0L, before.get(SequenceMetric.IDS_ISSUED));
    assertEquals(0L, before.get(SequenceMetric.RESERVATIONS));
    assertTrue(Double.isNaN(before.get(SequenceMetric.SECONDS_UNTIL_EMPTY).doubleValue()), "no rate yet");

    assertEquals(1, sequence.next()); // waits 2 ms for the first range
    assertEquals(List.of(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), take(sequence, 9));
    ticker.advance(10, TimeUnit.MILLISECONDS); // 10 values in 10 ms
    Map<SequenceMetric, Number> m = sequence.metrics();
    assertEquals(10L, m.get(SequenceMetric.IDS_ISSUED));
    assertEquals(1L, m.get(SequenceMetric.RESERVATIONS));
    assertEquals(0.002, m.get(SequenceMetric.RESERVATION_SECONDS).doubleValue(), 1e-12);
    assertEquals(0.002, m.get(SequenceMetric.RESERVATION_LAST_SECONDS).doubleValue(), 1e-12);
    assertEquals(1L, m.get(SequenceMetric.STORE_WAITS));
    assertEquals(0.002, m.get(SequenceMetric.STORE_WAIT_SECONDS).doubleValue(), 1e-12);
    assertEquals(90L, m.get(SequenceMetric.VALUES_LEFT_CURRENT));
    assertEquals(0L, m.get(SequenceMetric.VALUES_LEFT_PREFETCHED));
    assertEquals(0.090, m.get(SequenceMetric.SECONDS_UNTIL_EMPTY).doubleValue(), 1e-9);
    assertEquals(0.990, m.get(SequenceMetric.SECONDS_UNTIL_MAX).doubleValue(), 1e-9, "990 values to 1000 at 1/ms");
    assertEquals(100L, m.get(SequenceMetric.RANGE_SIZE));
    assertEquals(0L, m.get(SequenceMetric.FAILURES_STORE));

    take(sequence, 41); // up to 51, the halfway mark
    assertEquals(1, executor.runAll());
    m = sequence.metrics();
    assertEquals(2L, m.get(SequenceMetric.RESERVATIONS));
    assertEquals(0.004, m.get(SequenceMetric.RESERVATION_SECONDS).doubleValue(), 1e-12);
    assertEquals(49L, m.get(SequenceMetric.VALUES_LEFT_CURRENT));
    assertEquals(100L, m.get(SequenceMetric.VALUES_LEFT_PREFETCHED));

    take(sequence, 50);
    m = sequence.metrics();
    assertEquals(101L, m.get(SequenceMetric.IDS_ISSUED));
    assertEquals(99L, m.get(SequenceMetric.VALUES_LEFT_CURRENT));
    assertEquals(0L, m.get(SequenceMetric.VALUES_LEFT_PREFETCHED));
    assertEquals(1L, m.get(SequenceMetric.STORE_WAITS), "the prefetched range was installed without a wait");
    assertTrue(sequence.health().up());
    sequence.close();
    assertEquals(101L, sequence.metrics().get(SequenceMetric.IDS_ISSUED));
  }

  @Test
  void closingHandsBackTheUnusedTail() {
    MemoryRangeStore store = new MemoryRangeStore();
    RangeSequence sequence = RangeSequence.builder("s", store).initialSize(100).build();
    assertEquals(1, sequence.next());
    assertEquals(2, sequence.next());
    assertEquals(3, sequence.next());
    sequence.close();
    assertEquals(OptionalLong.of(4), store.highWater("s"));
    assertEquals(4, RangeSequence.builder("s", store).build().next());
  }

  @Test
  void closingHandsBackThePrefetchedRangeAndTheTail() {
    MemoryRangeStore store = new MemoryRangeStore();
    ManualExecutor executor = new ManualExecutor();
    RangeSequence sequence = RangeSequence.builder("s", store).initialSize(100).maxSize(100)
        .executor(executor).build();
    for (int i = 0; i < 60; i++) {
      sequence.next();
    }
    assertEquals(1, executor.runAll());
    assertEquals(OptionalLong.of(201), store.highWater("s"));
    sequence.close();
    assertEquals(OptionalLong.of(61), store.highWater("s"));
  }

  @Test
  void aClosedSequenceIssuesNothingAndIsDown() {
    RangeSequence sequence = RangeSequence.builder("s", new MemoryRangeStore()).build();
    sequence.next();
    sequence.close();
    SequenceException e = assertThrows(SequenceException.class, sequence::next);
    assertEquals("sequence s is closed", e.getMessage());
    SequenceHealth health = sequence.health();
    assertEquals("DOWN", health.status());
    assertEquals("the sequence is closed", health.reason());
  }

  @Test
  void aBlockIsConsecutiveAndNeverSplitAcrossRanges() {
    RecordingStore store = new RecordingStore();
    RangeSequence sequence = RangeSequence.builder("s", store).initialSize(10).maxSize(10).executor(DIRECT).build();
    assertEquals(1, sequence.nextBlock(4));
    assertEquals(5, sequence.nextBlock(4));
    // 9 and 10 are left of [1, 11): too few for a block of 4, so they are skipped.
    assertEquals(11, sequence.nextBlock(4));
    assertEquals(new Range(11, 21), sequence.currentRange());
    assertEquals(15, sequence.next());
    assertEquals(List.of(10L, 10L), store.sizes);
  }

  @Test
  void aBlockOfTheWholeRangeSize() {
    RangeSequence sequence = RangeSequence.builder("s", new MemoryRangeStore()).start(100).initialSize(10)
        .maxSize(10).executor(DIRECT).build();
    assertEquals(100, sequence.nextBlock(10));
    assertEquals(110, sequence.nextBlock(10));
    assertEquals(120, sequence.next());
  }

  @Test
  void aBlockLargerThanTheRangeSizeIsRefused() {
    RangeSequence sequence = RangeSequence.builder("s", new MemoryRangeStore()).initialSize(10).build();
    SequenceException e = assertThrows(SequenceException.class, () -> sequence.nextBlock(11));
    assertEquals("sequence s: a block of 11 consecutive values does not fit in its ranges of 10 values;"
        + " set range to at least 11", e.getMessage());
    assertEquals(1, sequence.next());
  }

  @Test
  void aStoreThatCutsEveryRangeShortOfABlockIsGivenUpOn() {
    RecordingStore cutting = new RecordingStore() {
      @Override
      public Range reserve(String sequence, long start, long size, long maxValue) {
        return super.reserve(sequence, start, 3, maxValue);
      }
    };
    RangeSequence sequence = RangeSequence.builder("s", cutting).initialSize(10).executor(DIRECT).build();
    SequenceException e = assertThrows(SequenceException.class, () -> sequence.nextBlock(5));
    assertEquals("sequence s: 4 ranges in a row from recording memory store were shorter than a block of 5"
        + " consecutive values", e.getMessage());
  }

  @Test
  void aBlockPastTheMaximumIsRefusedAsExhausted() {
    RangeSequence sequence = RangeSequence.builder("s", new MemoryRangeStore()).initialSize(10).maxSize(10)
        .maxValue(15).executor(DIRECT).build();
    assertEquals(1, sequence.nextBlock(8));
    // [9, 11) is too short, [11, 16) is cut at the max and too short: nothing above 15 is issued.
    assertThrows(SequenceExhaustedException.class, () -> sequence.nextBlock(8));
  }

  @Test
  void blocksOfConcurrentCallersNeverOverlap() throws Exception {
    RangeSequence sequence = RangeSequence.builder("s", new MemoryRangeStore()).initialSize(200).maxSize(400).build();
    int threads = 4;
    int blocksEach = 2000;
    int size = 99;
    long[][] firsts = new long[threads][blocksEach];
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      long[] mine = firsts[t];
      workers[t] = new Thread(() -> {
        for (int i = 0; i < blocksEach; i++) {
          mine[i] = sequence.nextBlock(size);
        }
      });
      workers[t].start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    long[] all = Arrays.stream(firsts).flatMapToLong(Arrays::stream).sorted().toArray();
    assertEquals(threads * blocksEach, all.length);
    for (int i = 1; i < all.length; i++) {
      assertTrue(all[i] - all[i - 1] >= size, "blocks at " + all[i - 1] + " and " + all[i] + " overlap");
    }
    sequence.close();
  }

  @Test
  void theMaximumIsNeverPassed() {
    RangeSequence sequence = RangeSequence.builder("s", new MemoryRangeStore()).start(1000).initialSize(4)
        .maxSize(4).maxValue(1005).executor(DIRECT).build();
    assertEquals(List.of(1000L, 1001L, 1002L, 1003L, 1004L, 1005L), take(sequence, 6));
    SequenceExhaustedException e = assertThrows(SequenceExhaustedException.class, sequence::next);
    assertTrue(e.getMessage().contains("up to its max 1005"), e.getMessage());
    assertEquals(1L, sequence.metrics().get(SequenceMetric.FAILURES_EXHAUSTED));
    SequenceHealth health = sequence.health();
    assertEquals("DOWN", health.status());
    assertEquals(e.getMessage(), health.reason());
  }

  @Test
  void whenTheStoreIsDownReservedValuesAreIssuedThenNextFailsAfterABoundedWait() throws Exception {
    Server server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    int port = server.getPort();
    String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:outage;DB_CLOSE_DELAY=-1";
    JdbcSequenceStore store =
        JdbcSequenceStore.options(() -> DriverManager.getConnection(url, "sa", ""), url).open();
    ManualTicker ticker = new ManualTicker();
    ManualExecutor executor = new ManualExecutor();
    RangeSequence sequence = RangeSequence.builder("s", store.ranges()).initialSize(100).maxSize(100)
        .fetchTimeout(Duration.ofMillis(300)).ticker(ticker).executor(executor).build();
    try {
      assertEquals(1, sequence.next());
      server.stop();
      for (long expected = 2; expected <= 100; expected++) {
        assertEquals(expected, sequence.next());
      }
      assertEquals(1, executor.runAll(), "the background reservation at halfway ran and failed");
      assertEquals(1L, sequence.metrics().get(SequenceMetric.FAILURES_STORE));

      SequenceUnavailableException e = assertThrows(SequenceUnavailableException.class, sequence::next);
      assertEquals(TimeUnit.MILLISECONDS.toNanos(300), ticker.sleptNanos(),
          "retried with backoff 10+20+40+80+150 ms, then gave up at the 300 ms bound");
      assertTrue(e.getMessage().startsWith("sequence s: no reserved values are left and a new range could not"
          + " be reserved from"), e.getMessage());
      Map<SequenceMetric, Number> m = sequence.metrics();
      assertEquals(1L, m.get(SequenceMetric.FAILURES_UNAVAILABLE));
      assertEquals(7L, m.get(SequenceMetric.FAILURES_STORE), "one in the background, six tries in next()");
      assertEquals(2L, m.get(SequenceMetric.STORE_WAITS));
      assertEquals(0.300, m.get(SequenceMetric.STORE_WAIT_SECONDS).doubleValue(), 1e-9,
          "the first reservation took no ticker time; the failed one 300 ms");

      assertThrows(SequenceUnavailableException.class, sequence::next, "within a second: fails at once");
      assertEquals(TimeUnit.MILLISECONDS.toNanos(300), ticker.sleptNanos(), "without trying the store again");
      assertEquals(2L, sequence.metrics().get(SequenceMetric.FAILURES_UNAVAILABLE));

      SequenceHealth down = sequence.health();
      assertEquals("DOWN", down.status());
      assertTrue(down.reason().startsWith("no reserved values are left and "), down.reason());
      assertEquals(0L, down.details().get("valuesLeftCurrent"));
      assertEquals(1, executor.runAll(), "health started a reservation of its own, which failed");
      assertEquals("DOWN", sequence.health().status());

      server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists").start();
      assertEquals(1, executor.runAll(), "health's second try reaches the store");
      SequenceHealth up = sequence.health();
      assertEquals("UP", up.status(), up.reason());
      assertEquals(100L, up.details().get("valuesLeftPrefetched"));
      assertEquals(101, sequence.next(), "issues from what health reserved, with no wait");
    } finally {
      sequence.close();
      store.close();
      server.stop();
    }
  }
}
