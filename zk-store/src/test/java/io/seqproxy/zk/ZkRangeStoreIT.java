package io.seqproxy.zk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.sequence.SequenceException;
import io.seqproxy.sequence.SequenceExhaustedException;
import io.seqproxy.sequence.SequenceUnavailableException;
import io.seqproxy.sequence.range.Range;
import io.seqproxy.sequence.spi.SequenceStoreProvider;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ZkRangeStoreIT {

  private static TestingServer server;
  private final List<ZkSequenceStore> stores = new ArrayList<>();
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
  void closeStores() {
    stores.forEach(ZkSequenceStore::close);
  }

  private ZkRangeStore ranges() {
    ZkSequenceStore store = TestStores.open(TestStores.settings(server.getConnectString(), root));
    stores.add(store);
    return store.ranges();
  }

  @Test
  void reservesConsecutiveRangesFromStartAsEntriesOfTheSequencesLog() throws Exception {
    ZkRangeStore ranges = ranges();
    assertEquals(OptionalLong.empty(), ranges.highWater("order_id"));
    assertEquals(new Range(1, 11), ranges.reserve("order_id", 1, 10, Long.MAX_VALUE));
    assertEquals(new Range(11, 111), ranges.reserve("order_id", 1, 100, Long.MAX_VALUE));
    assertEquals(OptionalLong.of(111), ranges.highWater("order_id"));
    try (CuratorFramework raw = rawClient(null)) {
      String node = root + "/ranges/order_id";
      assertEquals("log mark=none through=-1 recent=",
          new String(raw.getData().forPath(node), StandardCharsets.US_ASCII));
      assertEquals(Set.of("r10_1_9223372036854775807-0000000000", "r100_1_9223372036854775807-0000000001"),
          Set.copyOf(raw.getChildren().forPath(node)));
    }
  }

  @Test
  void aReservationIsOneWriteThatNeverLosesAndOneRead() {
    ZkRangeStore ranges = ranges();
    ranges.reserve("steady", 1, 1000, Long.MAX_VALUE);
    long writes = ranges.writes();
    long reads = ranges.reads();
    for (int i = 0; i < 100; i++) {
      ranges.reserve("steady", 1, 1000, Long.MAX_VALUE);
    }
    // 100 entries, and a compaction at every 32nd entry from the 64th on: the 64th and 96th.
    assertEquals(102, ranges.writes() - writes);
    assertEquals(100, ranges.reads() - reads);
    assertEquals(0, ranges.lostWrites());
  }

  @Test
  void anotherProcessesReservationCostsNothingExtra() {
    ZkRangeStore a = ranges();
    ZkRangeStore b = ranges();
    assertEquals(new Range(1, 11), a.reserve("shared", 1, 10, Long.MAX_VALUE));
    assertEquals(new Range(11, 21), b.reserve("shared", 1, 10, Long.MAX_VALUE));
    long writes = a.writes();
    assertEquals(new Range(21, 31), a.reserve("shared", 1, 10, Long.MAX_VALUE));
    assertEquals(1, a.writes() - writes);
    assertEquals(0, a.lostWrites() + b.lostWrites());
  }

  @Test
  void compactionKeepsTheLogShortAndChangesNoOutcome() throws Exception {
    ZkRangeStore a = ranges();
    ZkRangeStore b = ranges();
    for (int i = 0; i < 500; i++) {
      assertEquals(new Range(1 + 3L * i, 4 + 3L * i), (i % 2 == 0 ? a : b).reserve("compacted", 1, 3, Long.MAX_VALUE));
    }
    try (CuratorFramework raw = rawClient(null)) {
      String node = root + "/ranges/compacted";
      awaitCompaction(raw, node);
      int entries = raw.getChildren().forPath(node).size();
      assertTrue(entries >= ZkRangeStore.KEEP && entries < 2 * ZkRangeStore.KEEP + 1, entries + " entries");
      String checkpoint = new String(raw.getData().forPath(node), StandardCharsets.US_ASCII);
      assertTrue(checkpoint.startsWith("log mark=" + (1 + 3 * (500 - entries)) + " "), checkpoint);
    }
    assertEquals(OptionalLong.of(1501), ranges().highWater("compacted"));
    assertEquals(new Range(1501, 1511), ranges().reserve("compacted", 1, 10, Long.MAX_VALUE));
  }

  @Test
  void aMarkWrittenByTheEarlierFormatIsConvertedAndThenRefusesItsWriters() throws Exception {
    String node = root + "/ranges/legacy";
    try (CuratorFramework raw = rawClient(null)) {
      raw.create().creatingParentsIfNeeded().forPath(node, "1001".getBytes(StandardCharsets.US_ASCII));
      ZkRangeStore ranges = ranges();
      assertEquals(OptionalLong.of(1001), ranges.highWater("legacy"), "read without converting");
      assertEquals(0, raw.checkExists().forPath(node).getVersion());
      assertEquals(new Range(1001, 1011), ranges.reserve("legacy", 1, 10, Long.MAX_VALUE));
      assertEquals("log mark=1001 through=-1 recent=", new String(raw.getData().forPath(node), StandardCharsets.US_ASCII));
      // An earlier version's process wrote with the version it last saw, and loses now;
      assertThrows(KeeperException.BadVersionException.class,
          () -> raw.setData().withVersion(0).forPath(node, "1011".getBytes(StandardCharsets.US_ASCII)));
      // its read then finds what it cannot parse, and it stops.
      SequenceException old = assertThrows(SequenceException.class, () -> Znodes.decode(node, raw.getData().forPath(node)));
      assertTrue(old.getMessage().contains("log mark=1001"), old.getMessage());
      assertEquals(new Range(1011, 1021), ranges().reserve("legacy", 1, 10, Long.MAX_VALUE));
    }
  }

  @Test
  void aBareMarkWrittenOverALogIsRefusedSayingHowToRaiseAMark() throws Exception {
    ZkRangeStore ranges = ranges();
    ranges.reserve("overwritten", 1, 10, Long.MAX_VALUE);
    String node = root + "/ranges/overwritten";
    try (CuratorFramework raw = rawClient(null)) {
      raw.setData().forPath(node, "5000".getBytes(StandardCharsets.US_ASCII));
      for (ZkRangeStore store : List.of(ranges, ranges())) {
        SequenceException e = assertThrows(SequenceException.class,
            () -> store.reserve("overwritten", 1, 10, Long.MAX_VALUE));
        assertTrue(e.getMessage().contains(node + " holds '5000'"), e.getMessage());
        assertTrue(e.getMessage().contains("zkCli.sh create -s " + node + "/u<value>-"), e.getMessage());
      }
      raw.setData().forPath(node, "log mark=none through=-1 recent=".getBytes(StandardCharsets.US_ASCII));
      raw.create().withMode(CreateMode.PERSISTENT_SEQUENTIAL).forPath(node + "/u5000-");
      assertEquals(new Range(5000, 5010), ranges.reserve("overwritten", 1, 10, Long.MAX_VALUE),
          "an entry appended by hand raises the mark");
    }
  }

  @Test
  void concurrentStoresAndThreadsReserveExactlyAdjacentDisjointRanges() throws Exception {
    List<ZkRangeStore> all = List.of(ranges(), ranges(), ranges(), ranges());
    ConcurrentLinkedQueue<Range> issued = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        ZkRangeStore store = all.get(t % all.size());
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 100; i++) {
            issued.add(store.reserve("contended", 5, 7, Long.MAX_VALUE));
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    List<Range> sorted = new ArrayList<>(issued);
    sorted.sort(Comparator.comparingLong(Range::start));
    assertEquals(800, sorted.size());
    long expected = 5;
    for (Range r : sorted) {
      // Every successful compare-and-set moved the mark by exactly one range: no overlap, no gap.
      assertEquals(expected, r.start(), "range " + r);
      assertEquals(7, r.size());
      expected = r.end();
    }
    assertEquals(OptionalLong.of(expected), all.get(0).highWater("contended"));
  }

  @Test
  void releaseHandsBackTheTailOnlyWhileNothingWasReservedAfterIt() {
    ZkRangeStore a = ranges();
    ZkRangeStore b = ranges();
    Range first = a.reserve("tail", 1, 100, Long.MAX_VALUE);
    assertTrue(a.release("tail", first, 40));
    assertEquals(OptionalLong.of(40), b.highWater("tail"));
    Range second = a.reserve("tail", 1, 100, Long.MAX_VALUE);
    assertEquals(new Range(40, 140), second);
    Range third = b.reserve("tail", 1, 100, Long.MAX_VALUE);
    assertFalse(a.release("tail", second, 50), "b reserved after it");
    assertEquals(OptionalLong.of(third.end()), a.highWater("tail"));
    assertFalse(b.release("tail", third, third.end()), "nothing unused");
  }

  @Test
  void raiseToNeverMovesTheMarkDown() {
    ZkRangeStore ranges = ranges();
    assertEquals(500, ranges.raiseTo("raised", 500));
    assertEquals(500, ranges.raiseTo("raised", 100));
    assertEquals(new Range(500, 510), ranges.reserve("raised", 1, 10, Long.MAX_VALUE));
    assertEquals(510, ranges.raiseTo("raised", 509));
    assertEquals(1000, ranges.raiseTo("raised", 1000));
  }

  @Test
  void rangesAreCutShortAtTheMaximumThenExhausted() {
    ZkRangeStore ranges = ranges();
    assertEquals(new Range(1, 8), ranges.reserve("small", 1, 7, 10));
    assertEquals(new Range(8, 11), ranges.reserve("small", 1, 7, 10));
    SequenceExhaustedException e =
        assertThrows(SequenceExhaustedException.class, () -> ranges.reserve("small", 1, 7, 10));
    assertTrue(e.getMessage().contains("small"), e.getMessage());
    assertEquals(new Range(Long.MAX_VALUE - 3, Long.MAX_VALUE),
        ranges.reserve("huge", Long.MAX_VALUE - 3, 100, Long.MAX_VALUE));
  }

  @Test
  void aDamagedMarkStopsReservationsWithItsPath() throws Exception {
    ZkRangeStore ranges = ranges();
    ranges.reserve("damaged", 1, 10, Long.MAX_VALUE);
    try (CuratorFramework raw = rawClient(null)) {
      raw.setData().forPath(root + "/ranges/damaged", "12x".getBytes(StandardCharsets.US_ASCII));
    }
    ZkRangeStore fresh = ranges();
    SequenceException e = assertThrows(SequenceException.class,
        () -> fresh.reserve("damaged", 1, 10, Long.MAX_VALUE));
    assertTrue(e.getMessage().contains(root + "/ranges/damaged"), e.getMessage());
    assertTrue(e.getMessage().contains("'12x'"), e.getMessage());
  }

  @Test
  void sequenceNamesThatAreNotOneNodeAreRefused() {
    ZkRangeStore ranges = ranges();
    for (String bad : new String[] {"a/b", "..", "", "x\ny"}) {
      assertThrows(IllegalArgumentException.class, () -> ranges.reserve(bad, 1, 1, 10), bad);
    }
  }

  @Test
  void withAuthOtherZooKeeperUsersCanReadButNotAlterTheMarks() throws Exception {
    Map<String, Object> settings = TestStores.settings(server.getConnectString(), root);
    settings.put("auth", "seqproxy:s3cret");
    ZkSequenceStore store = TestStores.open(settings);
    stores.add(store);
    store.ranges().reserve("guarded", 1, 10, Long.MAX_VALUE);
    try (CuratorFramework stranger = rawClient(null)) {
      String path = root + "/ranges/guarded";
      assertTrue(new String(stranger.getData().forPath(path), StandardCharsets.US_ASCII).startsWith("log mark="));
      assertThrows(KeeperException.NoAuthException.class,
          () -> stranger.create().withMode(CreateMode.PERSISTENT_SEQUENTIAL).forPath(path + "/u1000-"));
      assertThrows(KeeperException.NoAuthException.class,
          () -> stranger.setData().forPath(path, "1".getBytes(StandardCharsets.US_ASCII)));
      assertThrows(KeeperException.NoAuthException.class, () -> stranger.delete().forPath(path));
    }
    try (CuratorFramework other = rawClient("seqproxy:wrong")) {
      assertThrows(KeeperException.NoAuthException.class, () -> other.setData()
          .forPath(root + "/ranges/guarded", "1".getBytes(StandardCharsets.US_ASCII)));
    }
    assertEquals(new Range(11, 21), store.ranges().reserve("guarded", 1, 10, Long.MAX_VALUE));
  }

  @Test
  void anUnreachableEnsembleFailsTheStartWithinTheConnectionTimeoutNamingIt() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String connect = "127.0.0.1:" + closedPort;
    Map<String, Object> settings = TestStores.settings(connect, root);
    settings.put("connection-timeout", "700ms");
    long begun = System.nanoTime();
    SequenceUnavailableException e =
        assertThrows(SequenceUnavailableException.class, () -> TestStores.open(settings));
    long tookMillis = (System.nanoTime() - begun) / 1_000_000;
    assertTrue(e.getMessage().contains(connect), e.getMessage());
    assertTrue(tookMillis >= 600 && tookMillis < 3000, "took " + tookMillis + " ms");
  }

  @Test
  void theProviderIsFoundByNameThroughServiceLoader() {
    SequenceStoreProvider provider = ServiceLoader.load(SequenceStoreProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("zookeeper"))
        .findFirst()
        .orElseThrow();
    assertTrue(provider.settingKeys().contains("connect"));
    try (var store = provider.open(TestStores.settings(server.getConnectString(), root),
        io.seqproxy.sequence.spi.StoreContext.standalone())) {
      assertEquals(new Range(1, 3), store.ranges().reserve("loaded", 1, 2, 100));
      assertTrue(store.ranges().describe().startsWith("zookeeper "), store.ranges().describe());
    }
  }

  /** Waits until the background compactions sent so far have been applied. */
  private static void awaitCompaction(CuratorFramework raw, String node) throws Exception {
    long deadline = System.currentTimeMillis() + 5000;
    while (raw.getChildren().forPath(node).size() > 2 * ZkRangeStore.KEEP && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
  }

  private CuratorFramework rawClient(String auth) {
    CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
        .connectString(server.getConnectString()).retryPolicy(new RetryOneTime(100));
    if (auth != null) {
      builder.authorization("digest", auth.getBytes(StandardCharsets.UTF_8));
    }
    CuratorFramework client = builder.build();
    client.start();
    return client;
  }
}
