package io.seqproxy.sequence.range;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.sequence.SequenceExhaustedException;
import io.seqproxy.sequence.SequenceUnavailableException;
import io.seqproxy.sequence.jdbc.JdbcSequenceStore;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

class RangeSequenceTest {

  /** Records what was asked of a real memory store, and on which thread. */
  static final class RecordingStore implements RangeStore {
    final MemoryRangeStore store = new MemoryRangeStore();
    final List<Long> sizes = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public Range reserve(String sequence, long start, long size, long maxValue) {
      sizes.add(size);
      threads.add(Thread.currentThread().getName());
      return store.reserve(sequence, start, size, maxValue);
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
      return store.raiseTo(sequence, value);
    }

    @Override
    public String describe() {
      return "recording memory store";
    }

    @Override
    public void close() {}
  }

  private static void awaitReservations(RangeSequence sequence, long count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (sequence.reservations() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + count + " reservations, saw " + sequence.reservations());
      }
      Thread.sleep(1);
    }
  }

  @Test
  void theFirstValueIsStartAndValuesFollowOneByOne() {
    RangeSequence sequence = RangeSequence.builder("s", new MemoryRangeStore()).start(1000).initialSize(10).build();
    assertEquals(1000, sequence.next());
    assertEquals(1001, sequence.next());
    assertEquals(new Range(1000, 1010), sequence.currentRange());
  }

  @Test
  void theNextRangeIsReservedInTheBackgroundAtHalfway() throws Exception {
    RecordingStore store = new RecordingStore();
    RangeSequence sequence = RangeSequence.builder("s", store).initialSize(100).maxSize(100)
        .targetLifetime(Duration.ofHours(1)).build();
    for (int i = 0; i < 51; i++) {
      sequence.next();
    }
    awaitReservations(sequence, 2);
    for (int i = 0; i < 49; i++) {
      sequence.next();
    }
    assertEquals(101, sequence.next(), "the prefetched range follows without waiting");
    assertTrue(store.threads.get(1).startsWith("seqproxy-range-prefetch"), store.threads.toString());
  }

  @Test
  void rangesGrowWhenTheyAreUsedUpFasterThanTheTargetLifetime() {
    RecordingStore store = new RecordingStore();
    RangeSequence sequence = RangeSequence.builder("s", store).initialSize(10).maxSize(10_000)
        .targetLifetime(Duration.ofHours(1)).build();
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
  void rangesShrinkWhenTheyLastFarLongerThanTheTarget() throws Exception {
    RecordingStore store = new RecordingStore();
    RangeSequence sequence = RangeSequence.builder("s", store).initialSize(10).maxSize(640)
        .targetLifetime(Duration.ofMillis(20)).build();
    while (store.sizes.size() < 4 || store.sizes.get(store.sizes.size() - 1) < 640) {
      sequence.next();
    }
    int grown = store.sizes.size();
    // Now slowly: a 640-value range at one value per ms is projected to last far over 40 ms.
    while (store.sizes.size() == grown) {
      sequence.next();
      Thread.sleep(1);
    }
    assertEquals(320L, store.sizes.get(grown));
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
  void closingHandsBackThePrefetchedRangeAndTheTail() throws Exception {
    MemoryRangeStore store = new MemoryRangeStore();
    RangeSequence sequence = RangeSequence.builder("s", store).initialSize(100).maxSize(100).build();
    for (int i = 0; i < 60; i++) {
      sequence.next();
    }
    awaitReservations(sequence, 2);
    assertEquals(OptionalLong.of(201), store.highWater("s"));
    sequence.close();
    assertEquals(OptionalLong.of(61), store.highWater("s"));
  }

  @Test
  void aClosedSequenceIssuesNothing() {
    RangeSequence sequence = RangeSequence.builder("s", new MemoryRangeStore()).build();
    sequence.next();
    sequence.close();
    assertThrows(RuntimeException.class, sequence::next);
  }

  @Test
  void theMaximumIsNeverPassed() {
    RangeSequence sequence = RangeSequence.builder("s", new MemoryRangeStore()).start(1000).initialSize(4)
        .maxSize(4).maxValue(1005).build();
    assertEquals(List.of(1000L, 1001L, 1002L, 1003L, 1004L, 1005L),
        java.util.Arrays.stream(sequence.next(6)).boxed().toList());
    SequenceExhaustedException e = assertThrows(SequenceExhaustedException.class, sequence::next);
    assertTrue(e.getMessage().contains("up to its max 1005"), e.getMessage());
  }

  @Test
  void whenTheStoreIsDownReservedValuesAreIssuedThenNextFailsAfterABoundedWait() throws Exception {
    Server server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    int port = server.getPort();
    String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:outage;DB_CLOSE_DELAY=-1";
    JdbcSequenceStore store =
        JdbcSequenceStore.options(() -> DriverManager.getConnection(url, "sa", ""), url).open();
    RangeSequence sequence = RangeSequence.builder("s", store.ranges()).initialSize(100).maxSize(100)
        .fetchTimeout(Duration.ofMillis(300)).build();
    try {
      assertEquals(1, sequence.next());
      server.stop();
      for (long expected = 2; expected <= 100; expected++) {
        assertEquals(expected, sequence.next());
      }
      long started = System.nanoTime();
      SequenceUnavailableException e = assertThrows(SequenceUnavailableException.class, sequence::next);
      long waitedMillis = (System.nanoTime() - started) / 1_000_000;
      assertTrue(waitedMillis >= 250 && waitedMillis < 5000, "waited " + waitedMillis + " ms");
      assertTrue(e.getMessage().contains("no reserved values are left and a new range could not be reserved"),
          e.getMessage());

      server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists").start();
      Thread.sleep(1100); // past the fail-fast window
      assertEquals(101, sequence.next());
    } finally {
      sequence.close();
      store.close();
      server.stop();
    }
  }
}
