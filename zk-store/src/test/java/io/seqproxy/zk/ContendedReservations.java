package io.seqproxy.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.sequence.range.Range;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code clients} stores, each its own Curator client and so its own ZooKeeper session (as
 * separate processes would be), reserving ranges of one sequence at once, each on its own thread,
 * as fast as they can. Counts the writes the stores sent (the ones that lost included) and, on
 * the servers, the transactions (zxid), times every reservation, and asserts that the ranges are
 * exactly the ones asked for and pairwise disjoint.
 */
final class ContendedReservations {

  /** What one round measured. */
  record Result(int clients, int reservations, long writes, long txns, long gapValues,
      double p50Millis, double p99Millis, double seconds) {

    double writesPerReservation() {
      return writes / (double) reservations;
    }

    static String header() {
      return "clients | reservations | writes | writes/reservation | txns/reservation (zxid)"
          + " | p50 ms | p99 ms | reservations/s | values skipped";
    }

    String line() {
      return String.format("%7d | %12d | %6d | %18.3f | %23.3f | %6.2f | %6.2f | %14.0f | %d",
          clients, reservations, writes, writesPerReservation(), txns / (double) reservations,
          p50Millis, p99Millis, reservations / seconds, gapValues);
    }
  }

  private ContendedReservations() {}

  /**
   * Runs one round on a new root of {@code ensemble}: every client first reserves once (opening
   * its session and learning the sequence, not counted), then {@code perClient} reservations of
   * {@code size} values each, all clients at once.
   */
  static Result run(ZooKeeperEnsemble ensemble, int clients, int perClient, long size) throws Exception {
    String root = TestStores.uniqueRoot();
    String sequence = "contended";
    List<ZkSequenceStore> stores = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      for (int c = 0; c < clients; c++) {
        Map<String, Object> settings = TestStores.settings(ensemble.connectString(), root);
        settings.put("session-timeout", "20s");
        settings.put("connection-timeout", "20s");
        stores.add(TestStores.open(settings));
      }
      List<Range> warmUp = new ArrayList<>();
      for (ZkSequenceStore store : stores) {
        warmUp.add(store.ranges().reserve(sequence, 1, size, Long.MAX_VALUE));
      }
      long writesBefore = stores.stream().mapToLong(s -> s.ranges().writes()).sum();
      long zxidBefore = zxid(ensemble);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<long[]>> results = new ArrayList<>();
      List<List<Range>> issued = new ArrayList<>();
      for (ZkSequenceStore store : stores) {
        List<Range> mine = new ArrayList<>();
        issued.add(mine);
        results.add(pool.submit(() -> {
          long[] nanos = new long[perClient];
          go.await();
          for (int i = 0; i < perClient; i++) {
            long begun = System.nanoTime();
            mine.add(store.ranges().reserve(sequence, 1, size, Long.MAX_VALUE));
            nanos[i] = System.nanoTime() - begun;
          }
          return nanos;
        }));
      }
      long started = System.nanoTime();
      go.countDown();
      long[] all = new long[clients * perClient];
      int n = 0;
      for (Future<long[]> f : results) {
        long[] nanos = f.get();
        System.arraycopy(nanos, 0, all, n, nanos.length);
        n += nanos.length;
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long writes = stores.stream().mapToLong(s -> s.ranges().writes()).sum() - writesBefore;
      long txns = zxid(ensemble) - zxidBefore;
      Arrays.sort(all);

      List<Range> ranges = new ArrayList<>(warmUp);
      issued.forEach(ranges::addAll);
      int reservations = clients * perClient;
      assertEquals(clients + reservations, ranges.size(), "every reservation returned one range");
      ranges.sort(Comparator.comparingLong(Range::start));
      long gaps = ranges.get(0).start() - 1;
      for (int i = 0; i < ranges.size(); i++) {
        assertEquals(size, ranges.get(i).size(), "range " + ranges.get(i));
        if (i > 0) {
          assertTrue(ranges.get(i).start() >= ranges.get(i - 1).end(),
              "ranges overlap: " + ranges.get(i - 1) + " and " + ranges.get(i));
          gaps += ranges.get(i).start() - ranges.get(i - 1).end();
        }
      }
      long mark = stores.get(0).ranges().highWater(sequence).orElseThrow();
      assertEquals(ranges.get(ranges.size() - 1).end(), mark, "the mark is right after the last range");
      return new Result(clients, reservations, writes, txns, gaps,
          all[(int) (all.length * 0.50)] / 1e6, all[Math.min(all.length - 1, (int) (all.length * 0.99))] / 1e6,
          seconds);
    } finally {
      pool.shutdownNow();
      stores.forEach(ZkSequenceStore::close);
    }
  }

  /** The ensemble's last transaction id, as the leader reports it. */
  private static long zxid(ZooKeeperEnsemble ensemble) throws InterruptedException {
    String srvr = ensemble.srvr(ensemble.awaitLeader());
    for (String line : srvr.split("\n")) {
      if (line.startsWith("Zxid: 0x")) {
        // The low 32 bits count the transactions of the current leader's epoch.
        return Long.parseLong(line.substring("Zxid: 0x".length()).trim(), 16) & 0xffffffffL;
      }
    }
    throw new IllegalStateException("no Zxid in srvr output: " + srvr);
  }
}
