package io.seqproxy.sequence.snowflake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.sequence.ClockMovedBackwardsException;
import io.seqproxy.sequence.SequenceUnavailableException;
import io.seqproxy.testing.ManualClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link WorkerLeases} store promises, run against memory, jdbc (H2, MariaDB,
 * PostgreSQL) and ZooKeeper by subclasses. Each {@link #process()} is a client as another
 * process would have it (the memory store: the one JVM's leases). Leases last at most
 * {@link #LEASE_MILLIS}; the clock is injected and only moves when a test moves it.
 */
public abstract class WorkerLeasesContract {

  protected static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
  protected static final long T0 = EPOCH.toEpochMilli() + 10_000_000;
  /** The longest lease a subclass may configure. */
  protected static final long LEASE_MILLIS = 10_000;
  private static final SnowflakeLayout TWO_WORKERS = SnowflakeLayout.of(41, 1, 12, 1);

  protected final ManualClock clock = new ManualClock(T0);

  /** The worker leases of a new client of the store under test. */
  protected abstract WorkerLeases process();

  private SnowflakeSequence snowflake(WorkerLeases leases) {
    return SnowflakeSequence.builder("ids", TWO_WORKERS).epoch(EPOCH).clock(clock).leases(leases)
        .toleranceMillis(5).build();
  }

  @Test
  void processesTakeTheLowestFreeIds() {
    assertEquals(0, snowflake(process()).workerId());
    assertEquals(1, snowflake(process()).workerId());
  }

  @Test
  void whenEveryIdIsTakenTheErrorSaysSo() {
    snowflake(process());
    snowflake(process());
    SequenceUnavailableException e = assertThrows(SequenceUnavailableException.class, () -> snowflake(process()));
    assertTrue(e.getMessage().contains("all 2 worker ids"), e.getMessage());
  }

  @Test
  void aReleasedLeaseIssuesNothingMore() {
    WorkerLease lease = process().acquire("ids", 1, clock, 5);
    assertTrue(lease.validUntil() > clock.millis());
    lease.release(clock.millis());
    assertEquals(0, lease.validUntil());
    assertNotNull(lease.invalidReason());
    assertFalse(lease.lost(), "released is not lost: nobody took it");
    lease.release(clock.millis()); // twice is harmless
    assertEquals(0, lease.validUntil());
  }

  @Test
  void theNextHolderOfAReleasedIdStartsAfterItsLastTick() {
    SnowflakeSequence first = snowflake(process());
    SnowflakeSequence other = snowflake(process()); // holds id 1 (or has held it last)
    clock.advance(3);
    long last = first.next();
    other.next();
    first.close();
    clock.advance(2 * LEASE_MILLIS); // past any bound a store may keep for a released id
    SnowflakeSequence second = snowflake(process());
    assertEquals(0, second.workerId());
    long next = second.next();
    assertTrue(second.decode(next).tick() > first.decode(last).tick(), last + " then " + next);
  }

  @Test
  void aClockBehindEveryFreeIdsTimestampRefusesToStart() {
    SnowflakeSequence a = snowflake(process());
    SnowflakeSequence b = snowflake(process());
    clock.advance(1000);
    a.next();
    b.next();
    a.close();
    b.close();
    clock.set(T0);
    ClockMovedBackwardsException e = assertThrows(ClockMovedBackwardsException.class, () -> snowflake(process()));
    assertTrue(e.behindMillis() >= 1000 && e.behindMillis() <= 1000 + LEASE_MILLIS, e.getMessage());
  }

  @Test
  void theStoreListsHeldAndReleasedIds() {
    WorkerLeases store = process();
    SnowflakeSequence first = snowflake(store);
    SnowflakeSequence second = snowflake(process());
    clock.advance(5);
    first.next();
    first.close();
    List<WorkerLeases.LeaseRecord> records = store.list("ids").orElseThrow();
    assertEquals(2, records.size());
    assertEquals(0, records.get(0).workerId());
    assertFalse(records.get(0).heldAt(clock.millis()), "released: " + records.get(0));
    assertTrue(records.get(0).lastTimestamp() >= T0 + 5, "its last tick: " + records.get(0));
    assertEquals(1, records.get(1).workerId());
    assertTrue(records.get(1).heldAt(clock.millis()), "held: " + records.get(1));
    assertFalse(records.get(1).owner().isEmpty());
    second.close();
  }
}
