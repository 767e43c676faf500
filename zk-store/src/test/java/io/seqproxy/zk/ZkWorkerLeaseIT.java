package io.seqproxy.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.seqproxy.sequence.ClockMovedBackwardsException;
import io.seqproxy.sequence.EpochClock;
import io.seqproxy.sequence.SequenceUnavailableException;
import io.seqproxy.sequence.snowflake.WorkerLease;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ZkWorkerLeaseIT {

  private static final EpochClock SYSTEM = EpochClock.system();
  private static TestingServer server;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private String root;

  @BeforeAll
  static void startServer() throws Exception {
    server = TestStores.sharedServer();
  }

  @BeforeEach
  void newRoot() {
    root = TestStores.uniqueRoot();
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  private ZkSequenceStore store(String connect, String workerLease) {
    Map<String, Object> settings = TestStores.settings(connect, root);
    settings.put("worker-lease", workerLease);
    ZkSequenceStore store = TestStores.open(settings);
    closeables.add(0, store);
    return store;
  }

  private long persistedBound(ZkSequenceStore store, String sequence, int id) throws Exception {
    CuratorFramework client = store.client();
    byte[] data = client.getData().forPath(root + "/workers/" + sequence + "/timestamps/" + id);
    return Long.parseLong(new String(data, StandardCharsets.US_ASCII));
  }

  @Test
  void theLowestFreeIdsAreLeasedAndAllTakenIsAClearError() throws Exception {
    ZkSequenceStore a = store(server.getConnectString(), "10s");
    ZkSequenceStore b = store(server.getConnectString(), "10s");
    assertEquals(0, a.workerLeases().acquire("ev", 2, SYSTEM, 0).workerId());
    assertEquals(1, b.workerLeases().acquire("ev", 2, SYSTEM, 0).workerId());
    WorkerLease third = a.workerLeases().acquire("ev", 2, SYSTEM, 0);
    assertEquals(2, third.workerId());
    SequenceUnavailableException e = assertThrows(SequenceUnavailableException.class,
        () -> b.workerLeases().acquire("ev", 2, SYSTEM, 0));
    assertTrue(e.getMessage().contains("all 3 worker ids (0..2) of ev are leased"), e.getMessage());
    Stat stat = a.client().checkExists().forPath(root + "/workers/ev/leases/0");
    assertEquals(a.client().getZookeeperClient().getZooKeeper().getSessionId(),
        stat.getEphemeralOwner(), "the lease node is ephemeral, owned by the holder's session");
  }

  @Test
  void theBoundIsPersistedBeforeValidityIsExtended() throws Exception {
    ZkSequenceStore store = store(server.getConnectString(), "300ms");
    WorkerLease lease = store.workerLeases().acquire("renewed", 0, SYSTEM, 0);
    long first = lease.validUntil();
    long deadline = System.currentTimeMillis() + 1500;
    while (System.currentTimeMillis() < deadline) {
      long validUntil = lease.validUntil();
      long bound = persistedBound(store, "renewed", 0);
      assertTrue(bound >= validUntil, "bound " + bound + " < validUntil " + validUntil);
      Thread.sleep(7);
    }
    assertTrue(lease.validUntil() > first + 500, "renewed: " + first + " -> " + lease.validUntil());
  }

  @Test
  void aReleasedIdIsNotHandedOutAgainBeforeItsBoundHasPassed() throws Exception {
    ZkSequenceStore a = store(server.getConnectString(), "3s");
    ZkSequenceStore b = store(server.getConnectString(), "3s");
    WorkerLease held = a.workerLeases().acquire("rel", 1, SYSTEM, 0);
    assertEquals(0, held.workerId());
    long validUntil = held.validUntil();
    held.release(SYSTEM.millis());
    assertEquals(0, held.validUntil());

    ClockMovedBackwardsException behind = assertThrows(ClockMovedBackwardsException.class,
        () -> b.workerLeases().acquire("rel", 0, SYSTEM, 0));
    assertTrue(behind.behindMillis() > 2000, behind.getMessage());
    assertTrue(behind.getMessage().contains(behind.behindMillis() + " ms behind"),
        behind.getMessage());

    WorkerLease other = b.workerLeases().acquire("rel", 1, SYSTEM, 0);
    assertEquals(1, other.workerId(), "an id whose timestamps are safe now is preferred");

    WorkerLease waiting = b.workerLeases().acquire("rel", 0, SYSTEM, 10_000);
    assertEquals(0, waiting.workerId());
    assertTrue(waiting.lastTimestamp() >= validUntil,
        "the next holder starts after " + validUntil + ", not " + waiting.lastTimestamp());
  }

  @Test
  void aClockBehindThePersistedTimestampIsRefusedSayingByHowMuch() {
    ZkSequenceStore store = store(server.getConnectString(), "1s");
    AtomicLong now = new AtomicLong(1_700_000_000_000L);
    EpochClock manual = now::get;
    store.workerLeases().acquire("skew", 0, manual, 0).release(now.get());
    now.addAndGet(-60_000);
    ClockMovedBackwardsException e = assertThrows(ClockMovedBackwardsException.class,
        () -> store.workerLeases().acquire("skew", 0, manual, 5_000));
    assertEquals(61_000, e.behindMillis(), e.getMessage());
    assertTrue(e.getMessage().contains("61000 ms behind"), e.getMessage());
    assertTrue(e.getMessage().contains("tolerance 5000 ms"), e.getMessage());
  }

  @Test
  void onSuspendedTheLeaseStopsAtOnceAndResumesOnTheSameSession() throws Exception {
    try (LoopbackProxy proxy = new LoopbackProxy(server.getPort())) {
      Map<String, Object> settings = TestStores.settings(proxy.connectString(), root);
      settings.put("session-timeout", "4s");
      ZkSequenceStore store = TestStores.open(settings);
      closeables.add(0, store);
      ZkWorkerLease lease = store.workerLeases().acquire("susp", 0, SYSTEM, 0);
      long session = store.client().getZookeeperClient().getZooKeeper().getSessionId();

      proxy.blackhole();
      proxy.reset();
      awaitTrue(() -> lease.validUntil() == 0, 2000, "validUntil drops to 0 on SUSPENDED");
      assertEquals(ZkWorkerLease.Phase.SUSPENDED, lease.state().phase());
      assertTrue(lease.invalidReason().contains("suspended"), lease.invalidReason());

      proxy.heal();
      awaitTrue(() -> lease.validUntil() > SYSTEM.millis(), 4000, "resumes after RECONNECTED");
      assertEquals(ZkWorkerLease.Phase.HELD, lease.state().phase());
      assertEquals(session, store.client().getZookeeperClient().getZooKeeper().getSessionId());
      assertTrue(persistedBound(store, "susp", 0) >= lease.validUntil());
    }
  }

  /**
   * The holder is cut off silently (no reset: it notices only by its read timeout, two thirds of
   * the session timeout) while another process waits for its only worker id. The holder must
   * stop before the other can hold the id, and the other must start after the holder's bound.
   */
  @Test
  void afterSessionExpiryTheHolderHasStoppedBeforeAnotherProcessHoldsItsId() throws Exception {
    try (LoopbackProxy proxy = new LoopbackProxy(server.getPort())) {
      Map<String, Object> settings = TestStores.settings(proxy.connectString(), root);
      settings.put("worker-lease", "5s"); // longer than the session: the bound outlives it
      ZkSequenceStore holderStore = TestStores.open(settings);
      closeables.add(0, holderStore);
      ZkSequenceStore otherStore = store(server.getConnectString(), "5s");
      ZkWorkerLease holder = holderStore.workerLeases().acquire("exp", 0, SYSTEM, 0);

      AtomicLong maxValidUntil = new AtomicLong();
      AtomicLong stoppedAtNanos = new AtomicLong();
      Thread watcher = new Thread(() -> {
        while (stoppedAtNanos.get() == 0) {
          long v = holder.validUntil();
          if (v == 0) {
            stoppedAtNanos.set(System.nanoTime());
          } else {
            maxValidUntil.accumulateAndGet(v, Math::max);
          }
        }
      });
      watcher.start();

      proxy.blackhole();
      WorkerLease next = null;
      long heldAtNanos = 0;
      long deadline = System.currentTimeMillis() + 15_000;
      boolean refusedForTheBound = false;
      while (next == null && System.currentTimeMillis() < deadline) {
        try {
          otherStore.workerLeases().acquire("exp", 0, SYSTEM, 0);
          fail("the id was handed out while its bound was ahead of the clock");
        } catch (ClockMovedBackwardsException e) {
          refusedForTheBound = true; // the holder's node is gone, its bound is not yet safe
          next = otherStore.workerLeases().acquire("exp", 0, SYSTEM, 10_000);
          heldAtNanos = System.nanoTime();
        } catch (SequenceUnavailableException stillHeld) {
          Thread.sleep(20);
        }
      }
      watcher.join(5_000);
      assertTrue(next != null, "the id was freed by the session expiry");
      assertTrue(refusedForTheBound, "refused while the bound was ahead");
      assertTrue(stoppedAtNanos.get() != 0 && stoppedAtNanos.get() < heldAtNanos,
          "the holder stopped issuing before the other held the id");
      assertTrue(next.lastTimestamp() >= maxValidUntil.get(), "next holder starts at "
          + next.lastTimestamp() + ", holder was valid until " + maxValidUntil.get());

      proxy.heal();
      awaitTrue(() -> holder.state().phase() == ZkWorkerLease.Phase.LOST, 10_000,
          "the old holder learns its session expired and gives the id up");
      assertEquals(0, holder.validUntil());
      assertTrue(holder.invalidReason().contains("given up"), holder.invalidReason());
    }
  }

  @Test
  void aSnowflakeWhoseSessionExpiredLeasesANewIdAndKeepsIncreasing() throws Exception {
    try (LoopbackProxy proxy = new LoopbackProxy(server.getPort())) {
      Map<String, Object> settings = TestStores.settings(proxy.connectString(), root);
      settings.put("worker-lease", "5s");
      ZkSequenceStore store = TestStores.open(settings);
      closeables.add(0, store);
      io.seqproxy.sequence.snowflake.SnowflakeSequence ids = io.seqproxy.sequence.snowflake.SnowflakeSequence
          .builder("relet", io.seqproxy.sequence.snowflake.SnowflakeLayout.standard())
          .leases(store.workerLeases()).build();
      closeables.add(0, ids);
      long before = ids.next();
      int firstWorker = ids.workerId();

      proxy.blackhole();
      awaitTrue(() -> {
        try {
          ids.next();
          return false;
        } catch (SequenceUnavailableException stopped) {
          return true;
        }
      }, 10_000, "issuing stops when the connection is lost");
      proxy.heal();

      long after = 0;
      long deadline = System.currentTimeMillis() + 20_000;
      while (after == 0 && System.currentTimeMillis() < deadline) {
        try {
          after = ids.next();
        } catch (SequenceUnavailableException notYet) {
          Thread.sleep(50);
        }
      }
      assertTrue(after > before, "issuing resumed above " + before + ", got " + after);
      assertTrue(ids.workerId() != firstWorker || ids.decode(after).tick() > ids.decode(before).tick(),
          "a new id, or the old one resumed on its own session, always at a later tick");
    }
  }

  @Test
  void theStoreListsHeldIdsWithTheirSessionAndReleasedOnesWithTheirBound() throws Exception {
    ZkSequenceStore store = store(server.getConnectString(), "5s");
    WorkerLease held = store.workerLeases().acquire("listed", 3, SYSTEM, 0);
    WorkerLease released = store.workerLeases().acquire("listed", 3, SYSTEM, 0);
    released.release(1234);
    var records = store.workerLeases().list("listed").orElseThrow();
    assertEquals(2, records.size());
    assertEquals(held.workerId(), records.get(0).workerId());
    assertEquals(Long.MAX_VALUE, records.get(0).heldUntil());
    assertTrue(records.get(0).owner().startsWith("session 0x"), records.get(0).owner());
    assertEquals(released.workerId(), records.get(1).workerId());
    assertTrue(!records.get(1).heldAt(System.currentTimeMillis()), "released");
    assertEquals(persistedBound(store, "listed", released.workerId()), records.get(1).lastTimestamp());
    assertEquals(List.of(), store.workerLeases().list("never-used").orElseThrow());
    held.release(0);
  }

  private static void awaitTrue(BooleanSupplier condition, long millis, String what)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        fail("timed out waiting: " + what);
      }
      Thread.sleep(5);
    }
  }
}
