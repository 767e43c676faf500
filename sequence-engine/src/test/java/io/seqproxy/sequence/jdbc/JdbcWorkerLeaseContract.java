package io.seqproxy.sequence.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.sequence.ClockMovedBackwardsException;
import io.seqproxy.sequence.SequenceUnavailableException;
import io.seqproxy.sequence.snowflake.SnowflakeLayout;
import io.seqproxy.sequence.snowflake.SnowflakeSequence;
import io.seqproxy.sequence.snowflake.WorkerLease;
import io.seqproxy.testing.ManualClock;
import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Worker-id leases in a database table, driven by an injected clock and renewed by hand; run on
 * H2, MariaDB and PostgreSQL by the subclasses.
 */
abstract class JdbcWorkerLeaseContract {
  private final Db db;

  JdbcWorkerLeaseContract(Db db) {
    this.db = db;
  }

  private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
  private static final long T0 = EPOCH.toEpochMilli() + 10_000_000;
  private static final SnowflakeLayout TWO_WORKERS = SnowflakeLayout.of(41, 1, 12, 1);

  private final ManualClock clock = new ManualClock(T0);
  private final String prefix = TestDatabases.uniqueName("lease") + "_";
  private final List<JdbcSequenceStore> stores = new ArrayList<>();

  /** A store client as another process would have: its own connection, leases lasting 10 s. */
  private JdbcSequenceStore process() {
    TestDatabases.require(db);
    JdbcSequenceStore store = JdbcSequenceStore.options(db::connect, db.name()).tablePrefix(prefix)
        .leaseDuration(Duration.ofSeconds(10)).renewInBackground(false).open();
    stores.add(store);
    return store;
  }

  private SnowflakeSequence snowflake(JdbcSequenceStore store) {
    return SnowflakeSequence.builder("ids", TWO_WORKERS).epoch(EPOCH).clock(clock)
        .leases(store.workerLeases()).toleranceMillis(5).build();
  }

  @AfterEach
  void close() throws Exception {
    stores.forEach(JdbcSequenceStore::close);
    if (stores.isEmpty()) {
      return;
    }
    try (var c = db.connect(); var s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + prefix + "range");
      s.execute("DROP TABLE IF EXISTS " + prefix + "worker");
    }
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
    assertTrue(e.getMessage().contains("all 2 worker ids are leased"), e.getMessage());
  }

  @Test
  void aReleasedIdIsReusedOnlyAfterItsLastTick() {
    SnowflakeSequence first = snowflake(process());
    clock.advance(3);
    long last = first.next();
    first.close();
    clock.advance(-3); // the next process's clock is a little behind, within the tolerance
    SnowflakeSequence second = snowflake(process());
    assertEquals(0, second.workerId());
    long next = second.next();
    assertTrue(next > last, last + " then " + next);
    assertEquals(Instant.ofEpochMilli(T0 + 4), second.decode(next).timestamp());
  }

  @Test
  void aCrashedHoldersIdStaysTakenUntilItsLeaseExpires() {
    SnowflakeSequence crashed = snowflake(process());
    crashed.next();
    // No release: the process died. Its id is not handed out while the lease runs.
    assertEquals(1, snowflake(process()).workerId());
    clock.advance(10_001);
    SnowflakeSequence later = snowflake(process());
    assertEquals(0, later.workerId());
    long next = later.next();
    assertTrue(later.decode(next).timestamp().toEpochMilli() > T0 + 10_000,
        "starts after the bound the crashed holder persisted: " + later.decode(next).timestamp());
  }

  @Test
  void aLeaseThatIsNotRenewedStopsIssuingBeforeOthersMayTakeIt() {
    JdbcSequenceStore store = process();
    SnowflakeSequence holder = snowflake(store);
    holder.next();
    clock.advance(8_999); // validity is 10 s less a tenth
    holder.next();
    clock.advance(2);
    SequenceUnavailableException e = assertThrows(SequenceUnavailableException.class, holder::next);
    assertTrue(e.getMessage().contains("the lease on worker id 0 is not valid"), e.getMessage());
  }

  @Test
  void renewingKeepsTheLeaseAndPersistsABound() throws Exception {
    JdbcSequenceStore store = process();
    WorkerLease lease = store.workerLeases().acquire("ids", 1, clock, 5);
    clock.advance(5_000);
    ((JdbcWorkerLeases.Lease) lease).renew();
    assertEquals(T0 + 5_000 + 9_000, lease.validUntil());
    try (var c = db.connect(); var s = c.createStatement();
        var rs = s.executeQuery("SELECT last_timestamp, expires_at FROM " + prefix + "worker")) {
      assertTrue(rs.next());
      assertEquals(T0 + 15_000, rs.getLong(1));
      assertEquals(T0 + 15_000, rs.getLong(2));
    }
  }

  @Test
  void aLeaseTakenOverIsLostAtTheNextRenewal() throws Exception {
    JdbcSequenceStore store = process();
    WorkerLease lease = store.workerLeases().acquire("ids", 1, clock, 5);
    try (var c = db.connect(); var s = c.createStatement()) {
      s.executeUpdate("UPDATE " + prefix + "worker SET owner = 'someone else'");
    }
    ((JdbcWorkerLeases.Lease) lease).renew();
    assertEquals(0, lease.validUntil());
    assertEquals("another process holds worker id 0 now", lease.invalidReason());
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
    assertEquals(1000, e.behindMillis());
    assertNotEquals(-1, e.getMessage().indexOf("1000 ms ahead of it"), e.getMessage());
  }

  @Test
  void theBackgroundRenewalKeepsALeaseAlive() throws Exception {
    TestDatabases.require(db);
    try (JdbcSequenceStore store = JdbcSequenceStore.options(db::connect, db.name()).tablePrefix(prefix)
        .leaseDuration(Duration.ofMillis(1500)).open()) {
      stores.add(store);
      SnowflakeSequence ids = SnowflakeSequence.builder("renewed", SnowflakeLayout.standard())
          .leases(store.workerLeases()).build();
      // Renewed every 500 ms, valid for 1,350 ms after each renewal: longer than the lease, and
      // tolerant of a renewal thread starved for most of a second on a loaded machine.
      long deadline = System.currentTimeMillis() + 2000;
      long previous = 0;
      while (System.currentTimeMillis() < deadline) {
        long id = ids.next();
        assertTrue(id > previous);
        previous = id;
        Thread.sleep(20);
      }
      ids.close();
    }
  }

  /** Leases from {@code store}, keeping each lease handed out so that a test can renew it by hand. */
  private static final class KeptLeases implements io.seqproxy.sequence.snowflake.WorkerLeases {
    final io.seqproxy.sequence.snowflake.WorkerLeases store;
    final List<WorkerLease> handedOut = new ArrayList<>();

    KeptLeases(JdbcSequenceStore store) {
      this.store = store.workerLeases();
    }

    @Override
    public WorkerLease acquire(String sequence, int maxWorkerId, io.seqproxy.sequence.EpochClock clock,
        long toleranceMillis) {
      WorkerLease lease = store.acquire(sequence, maxWorkerId, clock, toleranceMillis);
      handedOut.add(lease);
      return lease;
    }
  }

  private void takeOver(int workerId) throws Exception {
    try (var c = db.connect(); var s = c.createStatement()) {
      s.executeUpdate("UPDATE " + prefix + "worker SET owner = 'someone else' WHERE worker_id = " + workerId);
    }
  }

  @Test
  void aLostLeaseIsReplacedByAnotherWorkerIdAndIdsKeepIncreasing() throws Exception {
    KeptLeases leases = new KeptLeases(process());
    SnowflakeSequence ids = SnowflakeSequence.builder("ids", TWO_WORKERS).epoch(EPOCH).clock(clock)
        .leases(leases).toleranceMillis(5).build();
    long before = ids.next();
    assertEquals(0, ids.workerId());
    takeOver(0);
    ((JdbcWorkerLeases.Lease) leases.handedOut.get(0)).renew();
    assertTrue(leases.handedOut.get(0).lost());
    long after = ids.next();
    assertEquals(1, ids.workerId());
    assertEquals(1, ids.decode(after).workerId());
    assertTrue(after > before, before + " then " + after);
    assertTrue(ids.decode(after).tick() > ids.decode(before).tick(), "the new term starts after the old one's tick");
  }

  @Test
  void whenNoOtherIdIsFreeALostLeaseStopsIssuingAndIsTriedAgainASecondLater() throws Exception {
    KeptLeases leases = new KeptLeases(process());
    SnowflakeSequence ids = SnowflakeSequence.builder("ids", TWO_WORKERS).epoch(EPOCH).clock(clock)
        .leases(leases).toleranceMillis(5).build();
    SnowflakeSequence other = snowflake(process());
    assertEquals(1, other.workerId());
    long before = ids.next();
    takeOver(0);
    ((JdbcWorkerLeases.Lease) leases.handedOut.get(0)).renew();
    SequenceUnavailableException e = assertThrows(SequenceUnavailableException.class, ids::next);
    assertTrue(e.getMessage().contains("lost the lease on worker id 0 (another process holds worker id 0 now)"
        + " and could not lease another"), e.getMessage());
    other.close();
    assertThrows(SequenceUnavailableException.class, ids::next, "not tried again within a second");
    clock.advance(1000);
    long after = ids.next();
    assertEquals(1, ids.workerId());
    assertTrue(after > before);
  }

  @Test
  void theStoreListsHeldAndReleasedIds() {
    JdbcSequenceStore store = process();
    SnowflakeSequence first = snowflake(store);
    SnowflakeSequence second = snowflake(process());
    clock.advance(5);
    first.next();
    first.close();
    var records = store.workerLeases().list("ids").orElseThrow();
    assertEquals(2, records.size());
    assertEquals(0, records.get(0).workerId());
    assertTrue(!records.get(0).heldAt(clock.millis()), "released");
    assertEquals(T0 + 5, records.get(0).lastTimestamp());
    assertEquals(1, records.get(1).workerId());
    assertEquals(T0 + 10_000, records.get(1).heldUntil());
    assertTrue(records.get(1).owner().contains("@"), records.get(1).owner());
    second.close();
  }
}
