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
import io.seqproxy.sequence.snowflake.WorkerLeases;
import io.seqproxy.sequence.snowflake.WorkerLeasesContract;
import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Worker-id leases in a database table: the {@link WorkerLeasesContract} every store keeps, and
 * what is particular to the table (renewal by hand, a row taken over, the exact bounds), driven
 * by an injected clock; run on H2, MariaDB and PostgreSQL by the subclasses.
 */
abstract class JdbcWorkerLeaseContract extends WorkerLeasesContract {
  private final Db db;

  JdbcWorkerLeaseContract(Db db) {
    this.db = db;
  }

  private static final SnowflakeLayout TWO_WORKERS = SnowflakeLayout.of(41, 1, 12, 1);

  private final String prefix = TestDatabases.uniqueName("lease") + "_";
  private final List<JdbcSequenceStore> stores = new ArrayList<>();

  @Override
  protected WorkerLeases process() {
    return client().workerLeases();
  }

  /** A store client as another process would have: its own connection, leases lasting 10 s. */
  private JdbcSequenceStore client() {
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
  void aReleasedIdIsReusedOnlyAfterItsLastTick() {
    SnowflakeSequence first = snowflake(client());
    clock.advance(3);
    long last = first.next();
    first.close();
    clock.advance(-3); // the next process's clock is a little behind, within the tolerance
    SnowflakeSequence second = snowflake(client());
    assertEquals(0, second.workerId());
    long next = second.next();
    assertTrue(next > last, last + " then " + next);
    assertEquals(Instant.ofEpochMilli(T0 + 4), second.decode(next).timestamp());
  }

  @Test
  void aCrashedHoldersIdStaysTakenUntilItsLeaseExpires() {
    SnowflakeSequence crashed = snowflake(client());
    crashed.next();
    // No release: the process died. Its id is not handed out while the lease runs.
    assertEquals(1, snowflake(client()).workerId());
    clock.advance(10_001);
    SnowflakeSequence later = snowflake(client());
    assertEquals(0, later.workerId());
    long next = later.next();
    assertTrue(later.decode(next).timestamp().toEpochMilli() > T0 + 10_000,
        "starts after the bound the crashed holder persisted: " + later.decode(next).timestamp());
  }

  @Test
  void aLeaseThatIsNotRenewedStopsIssuingBeforeOthersMayTakeIt() {
    JdbcSequenceStore store = client();
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
    JdbcSequenceStore store = client();
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
    JdbcSequenceStore store = client();
    WorkerLease lease = store.workerLeases().acquire("ids", 1, clock, 5);
    try (var c = db.connect(); var s = c.createStatement()) {
      s.executeUpdate("UPDATE " + prefix + "worker SET owner = 'someone else'");
    }
    ((JdbcWorkerLeases.Lease) lease).renew();
    assertEquals(0, lease.validUntil());
    assertEquals("another process holds worker id 0 now", lease.invalidReason());
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
  private static final class KeptLeases implements WorkerLeases {
    final WorkerLeases store;
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
    KeptLeases leases = new KeptLeases(client());
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
    KeptLeases leases = new KeptLeases(client());
    SnowflakeSequence ids = SnowflakeSequence.builder("ids", TWO_WORKERS).epoch(EPOCH).clock(clock)
        .leases(leases).toleranceMillis(5).build();
    SnowflakeSequence other = snowflake(client());
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

}
