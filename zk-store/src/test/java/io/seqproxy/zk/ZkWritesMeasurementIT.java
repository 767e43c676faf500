package io.seqproxy.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.client.FourLetterWordMain;
import org.junit.jupiter.api.Test;

/**
 * Measures ZooKeeper writes per reservation and per million IDs, counted by the stores and,
 * independently, by the server's transaction id, and prints them. "lost" counts the writes that
 * did nothing (compactions that lost to another); an entry never loses. Run alone with
 * {@code mvn -B -pl zk-store -am verify -Dit.test=ZkWritesMeasurementIT
 * -Dfailsafe.failIfNoSpecifiedTests=false -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ZkWritesMeasurementIT {

  @Test
  void writesPerReservationAndPerMillionIds() throws Exception {
    TestingServer server = TestStores.sharedServer();
    String root = TestStores.uniqueRoot();
    System.out.println("range size | stores | reservations | writes/reservation | lost writes"
        + " | reads/reservation | txns/reservation (server zxid) | writes per 1M IDs");
    for (long size : new long[] {1_000, 100_000, 1_000_000}) {
      for (int storeCount : new int[] {1, 4}) {
        List<ZkSequenceStore> stores = new ArrayList<>();
        for (int i = 0; i < storeCount; i++) {
          stores.add(TestStores.open(TestStores.settings(server.getConnectString(), root)));
        }
        String sequence = "measure_" + size + "_" + storeCount;
        stores.forEach(s -> s.ranges().reserve(sequence, 1, size, Long.MAX_VALUE)); // warm hints
        long zxidBefore = zxid(server);
        long[] before = counters(stores);
        int perStore = 200 / storeCount;
        ExecutorService pool = Executors.newFixedThreadPool(storeCount);
        try {
          List<Future<?>> futures = new ArrayList<>();
          for (ZkSequenceStore store : stores) {
            futures.add(pool.submit(() -> {
              for (int i = 0; i < perStore; i++) {
                store.ranges().reserve(sequence, 1, size, Long.MAX_VALUE);
              }
            }));
          }
          for (Future<?> f : futures) {
            f.get();
          }
        } finally {
          pool.shutdownNow();
        }
        long[] after = counters(stores);
        long txns = zxid(server) - zxidBefore;
        int reservations = perStore * storeCount;
        double writes = (after[0] - before[0]) / (double) reservations;
        long lost = after[2] - before[2];
        System.out.printf("%10d | %6d | %12d | %18.2f | %8d | %17.2f | %30.2f | %17.3f%n",
            size, storeCount, reservations, writes, lost,
            (after[1] - before[1]) / (double) reservations, txns / (double) reservations,
            writes * 1_000_000.0 / size);
        if (storeCount == 1) {
          // One entry per reservation, and a compaction at the 64th, 96th, ... 192nd entry.
          assertEquals(205, after[0] - before[0], "uncontended: one write per reservation and the compactions");
          assertEquals(0, lost);
        }
        assertTrue(writes <= 1.1, "a reservation's entry never loses: " + writes);
        assertTrue(txns >= reservations);
        stores.forEach(ZkSequenceStore::close);
      }
    }
  }

  private static long[] counters(List<ZkSequenceStore> stores) {
    long[] sums = new long[3];
    for (ZkSequenceStore s : stores) {
      sums[0] += s.ranges().writes();
      sums[1] += s.ranges().reads();
      sums[2] += s.ranges().lostWrites();
    }
    return sums;
  }

  private static long zxid(TestingServer server) throws Exception {
    String srvr = FourLetterWordMain.send4LetterWord("127.0.0.1", server.getPort(), "srvr");
    for (String line : srvr.split("\n")) {
      if (line.startsWith("Zxid: 0x")) {
        return Long.parseLong(line.substring("Zxid: 0x".length()).trim(), 16);
      }
    }
    throw new IllegalStateException("no Zxid in srvr output: " + srvr);
  }
}
