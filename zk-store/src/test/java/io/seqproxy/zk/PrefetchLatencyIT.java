package io.seqproxy.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.sequence.range.Range;
import io.seqproxy.sequence.range.RangeSequence;
import io.seqproxy.sequence.range.RangeStore;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * The slowest {@code next()} of a range sequence over {@link ZkRangeStore} while ZooKeeper
 * answers slowly, with the engine's background prefetch and without it, printed in microseconds.
 *
 * <p>How it is measured: the store talks to ZooKeeper through a {@link LoopbackProxy} that holds
 * every chunk of bytes {@value #DELAY_MILLIS} ms, so every reservation takes at least
 * {@code 2 * DELAY_MILLIS} (request and answer). One thread takes {@value #VALUES} values at a
 * steady {@value #VALUES_PER_SECOND} per second from ranges of a fixed {@value #RANGE} values, so
 * each run reserves about ten ranges, and half a range lasts 250 ms: longer than a slow round trip,
 * which is the condition under which a prefetch can hide it. Each call is timed on its own; the
 * pacing sleeps are not timed.
 *
 * <p>"With prefetch" is the engine's {@link RangeSequence}, which reserves the next range in the
 * background when half of the current one is issued. "Without prefetch" is the same store, link,
 * range size, pace and thread with a range allocator that reserves on the caller's thread when
 * its range is used up ({@link SynchronousRanges}, what an allocator without a double buffer
 * does; it is also what {@code RangeSequence} falls back to when the prefetch has not returned
 * in time). Only when the reservation happens differs, so the difference between the two maxima
 * is what the prefetch buys.
 *
 * <p>What is asserted is only what follows from the injected delay: with the prefetch no call
 * waited as long as one delay; without it, the slowest call waited at least a whole round trip.
 * Run alone with {@code mvn -B -pl zk-store -am verify -Dit.test=PrefetchLatencyIT
 * -Dfailsafe.failIfNoSpecifiedTests=false -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class PrefetchLatencyIT {

  private static final long DELAY_MILLIS = 50;
  private static final int VALUES = 200_000;
  private static final long RANGE = 20_000;
  private static final int VALUES_PER_SECOND = 40_000;
  private static final int PACING_CHUNK = 1_000;

  @Test
  void prefetchKeepsASlowZooKeeperOutOfNext() throws Exception {
    String root = TestStores.uniqueRoot();
    try (LoopbackProxy proxy = new LoopbackProxy(TestStores.sharedServer().getPort());
        ZkSequenceStore store = TestStores.open(TestStores.settings(proxy.connectString(), root))) {
      RangeSequence prefetching = RangeSequence.builder("with_prefetch", store.ranges())
          .initialSize(RANGE).maxSize(RANGE).build();
      SynchronousRanges synchronous = new SynchronousRanges(store.ranges(), "without_prefetch");
      // The first range of either is reserved on the caller's thread by nature: not measured.
      prefetching.next();
      synchronous.next();
      long reservedBefore = prefetching.reservations();
      proxy.delay(DELAY_MILLIS);

      Latencies with = Latencies.measure(prefetching::next);
      long withReservations = prefetching.reservations() - reservedBefore;
      Latencies without = Latencies.measure(synchronous::next);
      prefetching.close();

      System.out.printf("next() over ZooKeeper answering %d ms late per chunk, %d values at %d/s,"
              + " ranges of %d:%n", DELAY_MILLIS, VALUES, VALUES_PER_SECOND, RANGE);
      System.out.println("  with prefetch:    " + with + ", " + withReservations + " reservations");
      System.out.println("  without prefetch: " + without + ", " + synchronous.reservations
          + " reservations");
      assertTrue(withReservations >= VALUES / RANGE - 1, "several reservations happened");
      assertEquals(VALUES / RANGE, synchronous.reservations, "reservations without prefetch");
      assertTrue(with.maxMicros() < TimeUnit.MILLISECONDS.toMicros(DELAY_MILLIS),
          "with prefetch no call waits for ZooKeeper: " + with);
      assertTrue(without.maxMicros() >= TimeUnit.MILLISECONDS.toMicros(2 * DELAY_MILLIS),
          "without prefetch a call waits a whole round trip: " + without);
    }
  }

  /** Reserves on the caller's thread when its range is used up; one thread only. */
  private static final class SynchronousRanges {
    private final RangeStore store;
    private final String sequence;
    private long next;
    private long end;
    private int reservations = -1; // the first, unmeasured reservation does not count

    SynchronousRanges(RangeStore store, String sequence) {
      this.store = store;
      this.sequence = sequence;
    }

    long next() {
      if (next == end) {
        Range range = store.reserve(sequence, 1, RANGE, Long.MAX_VALUE);
        next = range.start();
        end = range.end();
        reservations++;
      }
      return next++;
    }
  }

  /** Per-call times of {@value #VALUES} calls, taken at the set pace. */
  private record Latencies(long maxMicros, long p999Micros, long p9999Micros, int overOneMilli) {

    static Latencies measure(LongSupplier next) {
      long[] nanos = new long[VALUES];
      long chunkNanos = TimeUnit.SECONDS.toNanos(PACING_CHUNK) / VALUES_PER_SECOND;
      long chunkStart = System.nanoTime();
      long previous = 0;
      for (int i = 0; i < VALUES; i++) {
        long t0 = System.nanoTime();
        long value = next.getAsLong();
        nanos[i] = System.nanoTime() - t0;
        assertTrue(value > previous, "values increase");
        previous = value;
        if (i % PACING_CHUNK == PACING_CHUNK - 1) {
          // Paced per chunk, never catching up in a burst after a slow call: the rate stays
          // at most the set one, so half a range always lasts its 250 ms.
          LockSupport.parkNanos(chunkStart + chunkNanos - System.nanoTime());
          chunkStart = System.nanoTime();
        }
      }
      Arrays.sort(nanos);
      int over = 0;
      for (long n : nanos) {
        over += n > TimeUnit.MILLISECONDS.toNanos(1) ? 1 : 0;
      }
      return new Latencies(micros(nanos[VALUES - 1]), micros(nanos[VALUES - 1 - VALUES / 1_000]),
          micros(nanos[VALUES - 1 - VALUES / 10_000]), over);
    }

    private static long micros(long nanos) {
      return TimeUnit.NANOSECONDS.toMicros(nanos);
    }

    @Override
    public String toString() {
      return "max " + maxMicros + " us, p99.99 " + p9999Micros + " us, p99.9 " + p999Micros
          + " us, " + overOneMilli + " calls over 1 ms";
    }
  }
}
