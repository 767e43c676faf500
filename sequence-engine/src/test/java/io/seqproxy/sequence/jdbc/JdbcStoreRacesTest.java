package io.seqproxy.sequence.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.seqproxy.sequence.SequenceUnavailableException;
import io.seqproxy.sequence.snowflake.WorkerLease;
import io.seqproxy.testing.ManualClock;
import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import java.sql.Connection;
import io.seqproxy.sequence.snowflake.SnowflakeLayout;
import io.seqproxy.sequence.snowflake.SnowflakeSequence;
import io.seqproxy.sequence.snowflake.WorkerLeases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The jdbc store under races that a plain database cannot produce on demand: another process
 * writing just before every one of our writes, and a release arriving while a renewal's UPDATE
 * is on the wire, a lease's first write arriving late. H2, through {@link InterceptedConnection}.
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

  /** The renewal's UPDATE. */
  private static final Predicate<String> RENEWAL = sql -> sql.contains("SET expires_at = ?, last_timestamp = CASE");

  /** A store client with 10 s leases renewed by hand, whose statements matching {@code sql} run {@code around}. */
  private JdbcSequenceStore intercepted(Predicate<String> sql, InterceptedConnection.Around around) {
    return JdbcSequenceStore.options(() -> InterceptedConnection.wrap(Db.H2.connect(), sql, around), "h2")
        .tablePrefix(prefix).leaseDuration(Duration.ofSeconds(10)).renewInBackground(false).open();
  }

  /** Says the statement got here, then waits to be let go. */
  private static void hold(CountDownLatch here, CountDownLatch letGo) throws InterruptedException {
    here.countDown();
    assertTrue(letGo.await(30, TimeUnit.SECONDS));
  }

  private static void awaitReleased(JdbcWorkerLeases.Lease lease) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (lease.phase() != JdbcWorkerLeases.Phase.RELEASED && System.nanoTime() < deadline) {
      Thread.onSpinWait();
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
    store = intercepted(RENEWAL, new InterceptedConnection.Around() {
      @Override
      public void after(Connection real) throws Exception {
        hold(renewalWritten, letRenewalFinish);
      }
    });
    ManualClock clock = new ManualClock(1_000_000);
    JdbcWorkerLeases.Lease lease = (JdbcWorkerLeases.Lease) store.workerLeases().acquire("ids", 1, clock, 5);
    clock.advance(1000);

    Thread renewal = new Thread(lease::renew);
    renewal.start();
    assertTrue(renewalWritten.await(30, TimeUnit.SECONDS));
    // The database has extended the lease; the renewal has not installed its validity yet.
    Thread release = new Thread(() -> lease.release(1_000_500));
    release.start();
    awaitReleased(lease);
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

  private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
  private static final long T0 = EPOCH.toEpochMilli() + 10_000_000;
  private static final SnowflakeLayout TWO_WORKERS = SnowflakeLayout.of(41, 1, 12, 1);

  /**
   * A store client whose writes that take a worker id (the INSERT of a new row, the UPDATE of a
   * free one) reach the database {@code lateBy} ms of {@code clock} after the acquisition read
   * the clock, once: a JVM starved of CPU, or a slow database. Leases last 10 s.
   */
  private JdbcSequenceStore slowToTake(ManualClock clock, AtomicLong lateBy) {
    return intercepted(sql -> sql.startsWith("INSERT INTO " + prefix + "worker")
            || sql.startsWith("UPDATE " + prefix + "worker SET owner"),
        new InterceptedConnection.Around() {
          @Override
          public void before(Connection real) {
            clock.advance(lateBy.getAndSet(0));
          }
        });
  }

  private JdbcSequenceStore plain() {
    return JdbcSequenceStore.options(Db.H2::connect, "h2").tablePrefix(prefix)
        .leaseDuration(Duration.ofSeconds(10)).renewInBackground(false).open();
  }

  private static SnowflakeSequence snowflake(JdbcSequenceStore store, ManualClock clock) {
    return SnowflakeSequence.builder("ids", TWO_WORKERS).epoch(EPOCH).clock(clock).leases(store.workerLeases())
        .toleranceMillis(5).build();
  }

  private long expiresAt(int workerId) throws Exception {
    try (var c = Db.H2.connect(); var s = c.createStatement();
        var rs = s.executeQuery("SELECT expires_at FROM " + prefix + "worker WHERE worker_id = " + workerId)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  @Test
  void aLeaseWhoseFirstWriteWasLateStopsBeforeTheExpiryOthersSee() throws Exception {
    ManualClock clock = new ManualClock(T0);
    store = slowToTake(clock, new AtomicLong(5_000));
    SnowflakeSequence first = snowflake(store, clock);
    // The bound was computed at T0, the row written at T0 + 5 s: others see it expire at T0 + 10 s.
    assertEquals(T0 + 10_000, expiresAt(0));
    assertEquals(0, first.workerId());
    first.next();

    // Nothing renewed it: another process takes worker id 0 once the expiry others see has passed.
    clock.set(T0 + 10_001);
    try (JdbcSequenceStore other = plain()) {
      SnowflakeSequence second = snowflake(other, clock);
      assertEquals(0, second.workerId());
      clock.advance(1_000);
      long fromSecond = second.next();
      assertEquals(T0 + 11_001, second.decode(fromSecond).timestamp().toEpochMilli());
      // The first holder's validity ended a tenth of the lease before that expiry, as if it had
      // been granted at T0; were it counted from when the write returned, it would still issue
      // here, the very ID the second holder just issued.
      long fromFirst;
      try {
        fromFirst = first.next();
      } catch (SequenceUnavailableException e) {
        assertTrue(e.getMessage().contains("the lease on worker id 0 is not valid"), e.getMessage());
        return;
      } finally {
        second.close();
      }
      fail("the first holder still issued " + fromFirst + " at T0 + 11,001 ms"
          + (fromFirst == fromSecond ? ", the same ID as the second holder" : ""));
    }
  }

  @Test
  void aTakeOfAFreeIdIsValidOnlyForTheBoundItWrote() throws Exception {
    ManualClock clock = new ManualClock(T0);
    try (JdbcSequenceStore before = plain()) {
      before.workerLeases().acquire("ids", 1, clock, 5);
    }
    // That holder died; its lease expired at T0 + 10 s.
    clock.set(T0 + 20_000);
    store = slowToTake(clock, new AtomicLong(4_000));
    WorkerLease lease = store.workerLeases().acquire("ids", 1, clock, 5);
    assertEquals(0, lease.workerId());
    assertEquals(T0 + 30_000, expiresAt(0));
    assertEquals(T0 + 29_000, lease.validUntil());
  }

  @Test
  void aLeaseWrittenTooLateToBeValidIsRenewedBeforeUse() throws Exception {
    ManualClock clock = new ManualClock(T0);
    store = slowToTake(clock, new AtomicLong(9_500));
    WorkerLease lease = store.workerLeases().acquire("ids", 1, clock, 5);
    // Its first bound left no validity; renewed at once from T0 + 9.5 s.
    assertEquals(T0 + 9_500 + 9_000, lease.validUntil());
    assertEquals(T0 + 9_500 + 10_000, expiresAt(0));
    assertEquals(1, lease.renewals());
  }

  @Test
  void aHandoffWhileTheFirstHoldersRenewalIsOnTheWireStartsAfterItsLastTick() throws Exception {
    ManualClock clock = new ManualClock(T0);
    CountDownLatch renewalSent = new CountDownLatch(1);
    CountDownLatch letRenewalArrive = new CountDownLatch(1);
    store = intercepted(RENEWAL, new InterceptedConnection.Around() {
      @Override
      public void before(Connection real) throws Exception {
        hold(renewalSent, letRenewalArrive);
      }
    });
    List<JdbcWorkerLeases.Lease> handedOut = new ArrayList<>();
    WorkerLeases kept = (sequence, maxWorkerId, c, tolerance) -> {
      var lease = (JdbcWorkerLeases.Lease) store.workerLeases().acquire(sequence, maxWorkerId, c, tolerance);
      handedOut.add(lease);
      return lease;
    };
    SnowflakeSequence first = SnowflakeSequence.builder("ids", TWO_WORKERS).epoch(EPOCH).clock(clock).leases(kept)
        .toleranceMillis(5).build();
    clock.advance(3_000);
    long lastOfFirst = first.next();
    clock.advance(1_000);
    JdbcWorkerLeases.Lease lease = handedOut.get(0);

    // The renewal's UPDATE has left, not yet arrived, when the first process closes its sequence.
    Thread renewal = new Thread(lease::renew);
    renewal.start();
    assertTrue(renewalSent.await(30, TimeUnit.SECONDS));
    Thread closing = new Thread(first::close);
    closing.start();
    awaitReleased(lease);
    letRenewalArrive.countDown();
    renewal.join(30_000);
    closing.join(30_000);
    assertEquals(JdbcWorkerLeases.Phase.RELEASED, lease.phase());
    assertEquals(0, lease.validUntil(), "the renewal that reached the database installed no validity");
    try (var c = Db.H2.connect(); var s = c.createStatement();
        var rs = s.executeQuery("SELECT expires_at, last_timestamp FROM " + prefix + "worker")) {
      assertTrue(rs.next());
      assertEquals(0, rs.getLong(1), "the release is the last write");
      assertEquals(T0 + 3_000, rs.getLong(2), "the start of the first holder's last tick");
    }

    // Another process, its clock 3 ms behind (within the tolerance), takes the id at once.
    clock.set(T0 + 2_997);
    try (JdbcSequenceStore other = plain()) {
      SnowflakeSequence second = snowflake(other, clock);
      assertEquals(0, second.workerId());
      long firstOfSecond = second.next();
      assertTrue(firstOfSecond > lastOfFirst, lastOfFirst + " then " + firstOfSecond);
      assertEquals(T0 + 3_001, second.decode(firstOfSecond).timestamp().toEpochMilli());
      second.close();
    }
  }
}
