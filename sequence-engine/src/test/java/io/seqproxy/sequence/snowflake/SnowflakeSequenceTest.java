package io.seqproxy.sequence.snowflake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.sequence.ClockMovedBackwardsException;
import io.seqproxy.sequence.SequenceException;
import io.seqproxy.sequence.SequenceExhaustedException;
import io.seqproxy.sequence.SequenceUnavailableException;
import io.seqproxy.sequence.monitor.SequenceHealth;
import io.seqproxy.sequence.monitor.SequenceMetric;
import io.seqproxy.testing.ManualClock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SnowflakeSequenceTest {
  private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
  private static final long T0 = EPOCH.toEpochMilli() + 1_000_000;

  private final ManualClock clock = new ManualClock(T0);

  private SnowflakeSequence.Builder builder(SnowflakeLayout layout, WorkerLease lease) {
    return SnowflakeSequence.builder("ids", layout).epoch(EPOCH).clock(clock).lease(lease).toleranceMillis(10);
  }

  private SnowflakeSequence standard(int worker) {
    return builder(SnowflakeLayout.standard(), WorkerLease.fixed(worker)).build();
  }

  @Test
  void anIdIsTimestampWorkerAndCounter() {
    SnowflakeSequence ids = standard(5);
    long first = ids.next();
    assertEquals((1_000_000L << 22) | (5L << 12), first);
    assertEquals(first + 1, ids.next());
    SnowflakeLayout.Decoded decoded = ids.decode(first + 1);
    assertEquals(Instant.ofEpochMilli(T0), decoded.timestamp());
    assertEquals(5, decoded.workerId());
    assertEquals(1, decoded.sequence());
  }

  @Test
  void aNewTickStartsTheCounterAgain() {
    SnowflakeSequence ids = standard(0);
    ids.next();
    ids.next();
    clock.advance(3);
    assertEquals((1_000_003L << 22), ids.next());
  }

  @Test
  void aUsedUpTickWaitsForTheNext() {
    SnowflakeSequence ids = standard(1);
    long[] tick = ids.next(4096);
    assertEquals(4095, ids.decode(tick[4095]).sequence());
    assertEquals(0, clock.waitedMillis());
    long next = ids.next();
    assertEquals(1, clock.waitedMillis());
    assertEquals(Instant.ofEpochMilli(T0 + 1), ids.decode(next).timestamp());
    assertEquals(0, ids.decode(next).sequence());
  }

  @Test
  void manyAtOnceSpanTicksInOrder() {
    SnowflakeSequence ids = standard(2);
    long[] values = ids.next(10_000);
    for (int i = 1; i < values.length; i++) {
      assertTrue(values[i] > values[i - 1]);
    }
    assertEquals(Instant.ofEpochMilli(T0 + 2), ids.decode(values[9999]).timestamp());
    assertEquals(10_000 - 2 * 4096 - 1, ids.decode(values[9999]).sequence());
  }

  @Test
  void aBlockIsConsecutiveCountersOfOneTick() {
    SnowflakeSequence ids = standard(5);
    long first = ids.nextBlock(99);
    assertEquals((1_000_000L << 22) | (5L << 12), first);
    assertEquals(first + 99, ids.next());
    assertEquals(first + 100, ids.nextBlock(99));
    assertEquals(0, clock.waitedMillis());
  }

  @Test
  void aBlockTooLongForTheRestOfTheTickComesFromTheNextTick() {
    SnowflakeSequence ids = standard(4);
    ids.next(4000);
    long first = ids.nextBlock(99);
    assertEquals(1, clock.waitedMillis());
    assertEquals(Instant.ofEpochMilli(T0 + 1), ids.decode(first).timestamp());
    assertEquals(0, ids.decode(first).sequence());
    // The 96 counters skipped in the first tick are gaps, counted as issued with their tick.
    assertEquals(first + 99, ids.next());
    assertEquals(4096 + 100, ids.idsIssued());
  }

  @Test
  void aBlockLargerThanATicksCounterIsRefused() {
    SnowflakeSequence ids = standard(4);
    SequenceException e = assertThrows(SequenceException.class, () -> ids.nextBlock(4097));
    assertEquals("sequence ids: a block of 4097 consecutive IDs does not fit in one tick's counter of a"
        + " Snowflake (4096 IDs with 12 sequence bits); use a segment sequence, or an allocation size of 1",
        e.getMessage());
    assertEquals(4096, ids.decode(ids.nextBlock(4096) + 4095).sequence() + 1);
  }

  @Test
  void aClockThatMovesBackWithinTheToleranceKeepsCountingInTheLastTick() {
    SnowflakeSequence ids = standard(3);
    long before = ids.next();
    clock.advance(-8);
    long after = ids.next();
    assertEquals(before + 1, after);
    assertEquals(0, clock.waitedMillis());
  }

  @Test
  void aClockBackWithinTheToleranceWaitsWhenTheLastTickIsUsedUp() {
    SnowflakeSequence ids = standard(3);
    ids.next(4096);
    clock.advance(-8);
    long after = ids.next();
    assertEquals(9, clock.waitedMillis(), "waits from T0-8 until T0+1");
    assertEquals(Instant.ofEpochMilli(T0 + 1), ids.decode(after).timestamp());
  }

  @Test
  void aClockBackBeyondTheToleranceIsRefusedSayingByHowMuch() {
    SnowflakeSequence ids = standard(3);
    ids.next();
    clock.advance(-50);
    ClockMovedBackwardsException e = assertThrows(ClockMovedBackwardsException.class, ids::next);
    assertEquals(50, e.behindMillis());
    assertTrue(e.getMessage().contains("moved backwards by 50 ms, more than the tolerance of 10 ms"), e.getMessage());
    clock.advance(51);
    assertEquals(Instant.ofEpochMilli(T0 + 1), ids.decode(ids.next()).timestamp());
  }

  private static WorkerLease leaseWithLastTimestamp(int id, long lastTimestamp) {
    return new WorkerLease() {
      @Override
      public int workerId() {
        return id;
      }

      @Override
      public long lastTimestamp() {
        return lastTimestamp;
      }

      @Override
      public long validUntil() {
        return Long.MAX_VALUE;
      }

      @Override
      public void release(long lastIssuedMillis) {}
    };
  }

  @Test
  void aRestartBehindThePersistedTimestampIsRefused() {
    ClockMovedBackwardsException e = assertThrows(ClockMovedBackwardsException.class,
        () -> builder(SnowflakeLayout.standard(), leaseWithLastTimestamp(4, T0 + 5000)).build());
    assertEquals(5000, e.behindMillis());
    assertTrue(e.getMessage().contains("the clock is 5000 ms behind the last timestamp persisted for worker id 4"),
        e.getMessage());
  }

  @Test
  void aRestartWithinTheToleranceStartsAfterThePersistedTick() {
    SnowflakeSequence ids = builder(SnowflakeLayout.standard(), leaseWithLastTimestamp(4, T0 + 5)).build();
    long first = ids.next();
    assertEquals(Instant.ofEpochMilli(T0 + 6), ids.decode(first).timestamp());
    assertEquals(6, clock.waitedMillis());
  }

  @Test
  void anExpiredLeaseStopsIssuing() {
    long[] validUntil = {T0 + 100};
    WorkerLease lease = new WorkerLease() {
      @Override
      public int workerId() {
        return 9;
      }

      @Override
      public long lastTimestamp() {
        return 0;
      }

      @Override
      public long validUntil() {
        return validUntil[0];
      }

      @Override
      public void release(long lastIssuedMillis) {}
    };
    SnowflakeSequence ids = builder(SnowflakeLayout.standard(), lease).build();
    ids.next();
    assertEquals("UP", ids.health().status());
    clock.advance(101);
    SequenceUnavailableException e = assertThrows(SequenceUnavailableException.class, ids::next);
    assertTrue(e.getMessage().contains("the lease on worker id 9 is not valid"), e.getMessage());
    SequenceHealth down = ids.health();
    assertEquals("DOWN", down.status());
    assertEquals("the lease on worker id 9 is not valid (it expired before it could be renewed); no ID is"
        + " issued without it", down.reason());
    assertEquals("not valid", down.details().get("leaseState"));
    assertEquals(1L, ids.metrics().get(SequenceMetric.FAILURES_UNAVAILABLE));
    assertEquals(0L, ids.metrics().get(SequenceMetric.LEASE_VALID));
    validUntil[0] = T0 + 1000;
    ids.next();
    assertEquals("UP", ids.health().status());
    assertEquals(1L, ids.metrics().get(SequenceMetric.LEASE_VALID));
  }

  /** A lease a test can lose. */
  private static final class LosableLease implements WorkerLease {
    final int workerId;
    volatile long validUntil = Long.MAX_VALUE;
    volatile boolean lost;

    LosableLease(int workerId) {
      this.workerId = workerId;
    }

    void lose() {
      lost = true;
      validUntil = 0;
    }

    @Override
    public int workerId() {
      return workerId;
    }

    @Override
    public long lastTimestamp() {
      return 0;
    }

    @Override
    public long validUntil() {
      return validUntil;
    }

    @Override
    public boolean lost() {
      return lost;
    }

    @Override
    public String invalidReason() {
      return lost ? "taken over in a test" : null;
    }

    @Override
    public void release(long lastIssuedMillis) {}
  }

  @Test
  void aLostLeaseIsReplacedByHealthWhenNobodyAsksForIds() {
    java.util.List<LosableLease> handedOut = new java.util.ArrayList<>();
    WorkerLeases store = (sequence, maxWorkerId, c, tolerance) -> {
      LosableLease lease = new LosableLease(handedOut.size());
      handedOut.add(lease);
      return lease;
    };
    SnowflakeSequence ids = SnowflakeSequence.builder("ids", SnowflakeLayout.standard()).epoch(EPOCH).clock(clock)
        .leases(store).build();
    ids.next();
    handedOut.get(0).lose();
    clock.advance(1);
    SequenceHealth health = ids.health();
    assertEquals("UP", health.status(), health.reason());
    assertEquals(1L, ids.metrics().get(SequenceMetric.LEASE_REPLACEMENTS));
    assertEquals(1, ids.workerId());
    assertEquals(0L, ids.metrics().get(SequenceMetric.FAILURES_UNAVAILABLE), "nothing was refused");
    assertEquals(1L, ids.idsIssued());
  }

  @Test
  void metricsCountIdsWaitsAndRefusals() {
    SnowflakeLayout fourPerTick = SnowflakeLayout.of(41, 10, 2, 1);
    SnowflakeSequence ids = builder(fourPerTick, WorkerLease.fixed(3)).build();
    ids.next(4); // tick T0 used up
    ids.next(); // waits for T0 + 1
    assertEquals(1L, ids.metrics().get(SequenceMetric.TICKS_EXHAUSTED));
    ids.next(3); // T0 + 1 used up
    clock.advance(-5); // within the tolerance: T0 + 1 is used up, so this waits for T0 + 2
    ids.next();
    clock.advance(-50);
    assertThrows(ClockMovedBackwardsException.class, ids::next);
    Map<SequenceMetric, Number> m = ids.metrics();
    assertEquals(9L, m.get(SequenceMetric.IDS_ISSUED));
    assertEquals(1L, m.get(SequenceMetric.TICKS_EXHAUSTED));
    assertEquals(1L, m.get(SequenceMetric.CLOCK_BACK_WAITS));
    assertEquals(1L, m.get(SequenceMetric.FAILURES_CLOCK));
    assertEquals(3L, m.get(SequenceMetric.WORKER_ID));
    assertEquals(1L, m.get(SequenceMetric.LEASE_VALID));
    assertEquals(0L, m.get(SequenceMetric.LEASE_RENEWALS));
    long end = fourPerTick.endOfTime(EPOCH).toEpochMilli();
    assertEquals((end - clock.millis()) / 1000.0, m.get(SequenceMetric.SECONDS_UNTIL_END_OF_TIME).doubleValue(), 0);
    ids.close();
    assertEquals(9L, ids.metrics().get(SequenceMetric.IDS_ISSUED));
    assertEquals("the sequence is closed", ids.health().reason());
  }

  @Test
  void idsIssuedCountsEveryTickWithSpread() {
    SnowflakeSequence ids = builder(SnowflakeLayout.standard(), WorkerLease.fixed(0)).spread(3).build();
    int total = 0;
    for (int i = 0; i < 10; i++) {
      ids.next(i + 1);
      total += i + 1;
      clock.advance(1);
    }
    ids.next(5000); // spans two ticks
    assertEquals(total + 5000L, ids.idsIssued());
  }


  @Test
  void idsPastTheEndOfTheLayoutAreRefused() {
    SnowflakeLayout tiny = SnowflakeLayout.of(20, 10, 12, 1);
    SnowflakeSequence ids = builder(tiny, WorkerLease.fixed(0)).build();
    clock.set(EPOCH.toEpochMilli() + (1L << 20) - 1);
    assertTrue(ids.next() > 0);
    clock.advance(1);
    SequenceExhaustedException e = assertThrows(SequenceExhaustedException.class, ids::next);
    assertTrue(e.getMessage().contains("20 timestamp bits ran out at 2024-01-01T00:17:28.575Z"), e.getMessage());
  }

  @Test
  void spreadVariesTheLowBitsAtLowTraffic() {
    SnowflakeSequence ids = builder(SnowflakeLayout.standard(), WorkerLease.fixed(0)).spread(3).build();
    Set<Long> lowBits = new HashSet<>();
    for (int i = 0; i < 8; i++) {
      lowBits.add(ids.next() & 3);
      clock.advance(1);
    }
    assertEquals(Set.of(0L, 1L, 2L, 3L), lowBits);
  }

  @Test
  void theJavascriptLayoutStaysBelowTwoToThe53() {
    SnowflakeSequence ids = builder(SnowflakeLayout.javascript(), WorkerLease.fixed(31)).build();
    clock.set(SnowflakeLayout.javascript().endOfTime(EPOCH).toEpochMilli());
    long last = ids.next(128)[127];
    assertTrue(last < (1L << 53) && last > (1L << 52), Long.toString(last));
  }

  @Test
  void layoutsThatDoNotFitAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SnowflakeLayout.of(42, 10, 12, 1));
    assertEquals("the layout needs 64 bits (timestamp=42 + worker=10 + sequence=12) but a positive 64-bit ID has 63",
        e.getMessage());
  }

  @Test
  void aWorkerIdOutsideTheLayoutIsRejected() {
    var e = assertThrows(RuntimeException.class,
        () -> builder(SnowflakeLayout.javascript(), WorkerLease.fixed(32)).build());
    assertTrue(e.getMessage().contains("worker id 32 is outside the layout's 0..31"), e.getMessage());
  }

  @Test
  void aClosedSequenceIssuesNothing() {
    SnowflakeSequence ids = standard(0);
    ids.next();
    ids.close();
    assertThrows(SequenceUnavailableException.class, ids::next);
  }
}
