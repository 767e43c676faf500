package io.seqproxy.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/**
 * The long run: 4 JVMs of {@link MixedTrafficClient}, 4 threads each, insert mixed traffic (prepared,
 * batch, literal, INSERT … SELECT) into MariaDB for {@code seqproxy.longrun.minutes} (30 by default), segment and
 * Snowflake sequences in ZooKeeper. Not part of {@code mvn verify}: the {@code long-run} profile runs
 * it alone (see the README), and it prints the curve and writes it to {@code
 * benchmarks/results/long-run-<minutes>min.txt}:
 *
 * <pre>mvn -B -pl zk-store -am verify -Plong-run -Dlongrun.minutes=30 -Dtest=none -Dit.test=LongRunIT \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false</pre>
 *
 * Checked: no failed statement and every id distinct; after the warm-up (the first fifth, at least a
 * minute), the heap after a full GC in the last third is within 1.5 times (+16 MB) of the first
 * third's (caches bounded) and no interval's throughput falls below a quarter of the median; the statements and
 * result sets open at the real driver stay within what the threads hold (2 prepared each, and
 * two statements and one result set in flight: an INSERT … SELECT runs its query and its insert), so nothing leaks.
 */
class LongRunIT {

  private static final int CLIENTS = 4;
  private static final int THREADS = 4;

  @Test
  void heapOpenStatementsAndThroughputStayFlat() throws Exception {
    TestDatabases.require(Db.MARIADB);
    long minutes = Long.getLong("seqproxy.longrun.minutes", 30);
    long millis = TimeUnit.MINUTES.toMillis(minutes);
    long interval = Math.max(10_000, millis / 40);
    Path results = Path.of(System.getProperty("seqproxy.longrun.results", "../benchmarks/results"));
    List<String> tables = List.of(TestDatabases.uniqueName("long_segment"), TestDatabases.uniqueName("long_flake"));
    Path dir = Files.createTempDirectory("seqproxy-long-run");
    List<Process> clients = new ArrayList<>();
    // A server of its own with ZooKeeper's default tick: sessions of 30 s ride out a loaded machine's
    // pauses (the shared test server's 200 ms tick caps them at 4 s).
    try (Connection db = Db.MARIADB.connect(); TestingServer zk = new TestingServer(true)) {
      try {
        AckFiles.createTables(db, tables);
        Path config = Files.writeString(dir.resolve("seqproxy.yaml"), "stores:\n"
            + "  zookeeper:\n"
            + "    connect: " + zk.getConnectString() + "\n"
            + "    root: /" + TestDatabases.uniqueName("seqproxy_long") + "\n"
            + "sequences:\n"
            + "  long_segment:\n"
            + "    type: segment\n"
            + "    store: zookeeper\n"
            + "  long_flake:\n"
            + "    type: snowflake\n"
            + "    store: zookeeper\n"
            + "    worker-id: auto\n"
            + "tables:\n"
            + "  " + tables.get(0) + ":\n"
            + "    id: long_segment\n"
            + "  " + tables.get(1) + ":\n"
            + "    id: long_flake\n");
        Path stop = dir.resolve("stop");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int c = 0; c < CLIENTS; c++) {
          clients.add(new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-cp", ZooKeeperEnsemble.classpath(),
              MixedTrafficClient.class.getName(), Integer.toString(c), config.toString(), tables.get(0), tables.get(1),
              dir.resolve("stats-" + c).toString(), stop.toString(), Integer.toString(THREADS),
              Long.toString(millis), Long.toString(interval))
              .redirectErrorStream(true).redirectOutput(dir.resolve("out-" + c).toFile()).start());
        }
        for (int c = 0; c < CLIENTS; c++) {
          assertTrue(clients.get(c).waitFor(millis + 120_000, TimeUnit.MILLISECONDS), "client " + c + " finishes");
        }

        List<long[]> curve = new ArrayList<>(); // millis, rows, max heap, statements, result sets
        List<String> errors = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          Path stats = dir.resolve("stats-" + c);
          List<String> lines = Files.exists(stats) ? Files.readAllLines(stats) : List.of();
          int sample = 0;
          for (String line : lines) {
            String[] f = line.split(" ");
            if (f[0].equals("ERR")) {
              errors.add("client " + c + ": " + line);
              continue;
            }
            if (curve.size() <= sample) {
              curve.add(new long[] {Long.parseLong(f[1]), 0, 0, 0, 0});
            }
            long[] point = curve.get(sample++);
            point[1] += Long.parseLong(f[2]);
            point[2] = Math.max(point[2], Long.parseLong(f[3]));
            point[3] += Long.parseLong(f[4]);
            point[4] += Long.parseLong(f[5]);
          }
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
            "seqproxy long run: %d JVMs x %d threads, prepared/batch/literal INSERTs and INSERT ... SELECT into MariaDB, segment and"
                + " snowflake sequences in ZooKeeper, %d min (%s)%n%10s %12s %22s %18s %19s%n",
            CLIENTS, THREADS, minutes, minutes < 30 ? "shortened run on the shared 2-core machine" : "full run",
            "seconds", "rows/s", "max heap after GC MB", "open statements", "open result sets"));
        for (long[] p : curve) {
          text.append(String.format(Locale.ROOT, "%10d %12.0f %22.1f %18d %19d%n", p[0] / 1000,
              p[1] * 1000.0 / interval, p[2] / 1048576.0, p[3], p[4]));
        }
        var counts = new AckFiles(dir, 0).count(db, tables.get(0));
        var flakes = new AckFiles(dir, 0).count(db, tables.get(1));
        text.append(String.format(Locale.ROOT, "rows: %d segment (%d distinct), %d snowflake (%d distinct); failed"
            + " statements: %d%n", counts.rows(), counts.distinctIds(), flakes.rows(), flakes.distinctIds(),
            errors.size()));
        System.out.print(text);
        Files.createDirectories(results);
        Files.writeString(results.resolve("long-run-" + minutes + "min.txt"), text);

        assertEquals(List.of(), errors.subList(0, Math.min(5, errors.size())), "failed statements");
        assertEquals(counts.rows(), counts.distinctIds(), "segment ids distinct");
        assertEquals(flakes.rows(), flakes.distinctIds(), "snowflake ids distinct");
        // The first fifth (at least a minute) is warm-up: four JVMs starting and compiling on two cores.
        long warmUp = Math.max(60_000, millis / 5);
        List<long[]> steady = curve.stream().filter(p -> p[0] > warmUp).toList();
        assertTrue(steady.size() >= 6, "enough samples after the warm-up: " + steady.size());
        int third = steady.size() / 3;
        double firstHeap = steady.subList(0, third).stream().mapToLong(p -> p[2]).average().orElseThrow();
        double lastHeap = steady.subList(steady.size() - third, steady.size()).stream().mapToLong(p -> p[2]).average()
            .orElseThrow();
        assertTrue(lastHeap <= firstHeap * 1.5 + 16 * 1048576, "heap after GC grew from " + firstHeap + " to " + lastHeap);
        long heldAtMost = (long) CLIENTS * THREADS * 4;
        for (long[] p : curve) {
          assertTrue(p[3] <= heldAtMost, "open statements at " + p[0] + " ms: " + p[3] + " > " + heldAtMost);
          assertTrue(p[4] <= (long) CLIENTS * THREADS, "open result sets at " + p[0] + " ms: " + p[4]);
        }
        long[] rates = steady.stream().mapToLong(p -> p[1]).sorted().toArray();
        long median = rates[rates.length / 2];
        assertTrue(rates[0] >= median / 4, "an interval fell to " + rates[0] + " rows against a median of " + median);
      } finally {
        Files.writeString(dir.resolve("stop"), "stop");
        AckFiles.cleanUp(clients, db, tables);
      }
    } finally {
      AckFiles.deleteRecursively(dir);
    }
  }
}
