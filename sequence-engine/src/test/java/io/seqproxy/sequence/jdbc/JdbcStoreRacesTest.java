package io.seqproxy.sequence.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.sequence.SequenceUnavailableException;
import io.seqproxy.sequence.snowflake.WorkerLease;
import io.seqproxy.testing.ManualClock;
import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The jdbc store under races that a plain database cannot produce on demand: another process
 * writing just before every one of our writes, and a release arriving while a renewal's UPDATE
 * is on the wire. H2, through {@link InterceptedConnection}.
 */
class JdbcStoreRacesTest {
  private final String prefix = TestDatabases.uniqueName("race") + "_";
  private JdbcSequenceStore store;

  @AfterEach
  void dropTables() throws Exception {
    if (store != null) {
      store.close();
    }
    try (var c = Db.H2.connect(); var s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + prefix + "range");
      s.execute("DROP TABLE IF EXISTS " + prefix + "worker");
    }
  }

  @Test
  void raisingAMarkThatKeepsMovingGivesUpAfterMaxWait() {
    // Another process moves the mark by one just before each of our compare-and-set updates.
    store = JdbcSequenceStore.options(() -> InterceptedConnection.wrap(Db.H2.connect(),
        sql -> sql.startsWith("UPDATE " + prefix + "range"), new InterceptedConnection.Around() {
          @Override
          public void before(Connection real) throws Exception {
            try (var s = real.createStatement()) {
              s.executeUpdate("UPDATE " + prefix + "range SET next_value = next_value + 1");
            }
          }
        }), "h2").tablePrefix(prefix).maxWait(Duration.ofMillis(300)).open();
    store.ranges().raiseTo("s", 10);
    long started = System.nanoTime();
    SequenceUnavailableException e = assertThrows(SequenceUnavailableException.class,
        () -> store.ranges().raiseTo("s", 1_000_000));
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertTrue(e.getMessage().startsWith("sequence s: raising the mark in jdbc store h2"), e.getMessage());
    assertTrue(e.getMessage().endsWith("within 300 ms (max-wait)"), e.getMessage());
    assertTrue(tookMillis >= 300 && tookMillis < 10_000, "gave up after " + tookMillis + " ms");
  }

  @Test
  void aReleaseDuringARenewalIsNotUndoneByIt() throws Exception {
    CountDownLatch renewalWritten = new CountDownLatch(1);
    CountDownLatch letRenewalFinish = new CountDownLatch(1);
    store = JdbcSequenceStore.options(() -> InterceptedConnection.wrap(Db.H2.connect(),
        sql -> sql.contains("SET expires_at = ?, last_timestamp = CASE"), new InterceptedConnection.Around() {
          @Override
          public void after(Connection real) throws Exception {
            renewalWritten.countDown();
            assertTrue(letRenewalFinish.await(30, TimeUnit.SECONDS));
          }
        }), "h2").tablePrefix(prefix).leaseDuration(Duration.ofSeconds(10)).renewInBackground(false).open();
    ManualClock clock = new ManualClock(1_000_000);
    JdbcWorkerLeases.Lease lease = (JdbcWorkerLeases.Lease) store.workerLeases().acquire("ids", 1, clock, 5);
    clock.advance(1000);

    Thread renewal = new Thread(lease::renew);
    renewal.start();
    assertTrue(renewalWritten.await(30, TimeUnit.SECONDS));
    // The database has extended the lease; the renewal has not installed its validity yet.
    Thread release = new Thread(() -> lease.release(1_000_500));
    release.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (lease.phase() != JdbcWorkerLeases.Phase.RELEASED && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    letRenewalFinish.countDown();
    renewal.join(30_000);
    release.join(30_000);

    assertEquals(JdbcWorkerLeases.Phase.RELEASED, lease.phase());
    assertEquals(0, lease.validUntil());
    assertEquals("the lease was released", lease.invalidReason());
    try (var c = Db.H2.connect(); var s = c.createStatement();
        var rs = s.executeQuery("SELECT expires_at, last_timestamp FROM " + prefix + "worker")) {
      assertTrue(rs.next());
      assertEquals(0, rs.getLong(1), "the release is the last write");
      assertEquals(1_000_500, rs.getLong(2), "the last tick issued: the renewed validity was never used");
    }
    WorkerLease next = store.workerLeases().acquire("ids", 1, clock, 5);
    assertEquals(0, next.workerId());
  }
}
