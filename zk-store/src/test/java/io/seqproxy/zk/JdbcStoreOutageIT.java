package io.seqproxy.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import io.seqproxy.zk.AckFiles.Ack;
import io.seqproxy.zk.AckFiles.Counts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The jdbc store's database dies under a running cluster: four {@link InsertClient} JVMs insert
 * into PostgreSQL through {@code jdbc:seqproxy:postgresql:}, one table per engine (segment, and
 * Snowflake with {@code worker-id: auto}), their ranges and worker leases in a MariaDB of the test's
 * own ({@link PrivateMariaDb}). That MariaDB is stopped for longer than the reserved ranges and the
 * leases last, then started again.
 *
 * <p>Checked: after the stop, segment inserts still succeed from the values already reserved, then
 * fail with the transient "unavailable" error, and after the restart every client inserts into both
 * tables again; no duplicate, every acknowledged id is in its table, no error of another kind; no
 * Snowflake worker id was used by two clients at overlapping times (its lease suspended while the
 * store was away and resumed, or another was leased, never held twice).
 */
class JdbcStoreOutageIT {

  private static final int CLIENTS = 4;
  private static final int THREADS = 3;
  private static final long CLIENT_MAX_MILLIS = 120_000;
  /** Longer than two ranges of 100 values last at the clients' rate, and than the 3 s leases. */
  private static final long OUTAGE_MILLIS = 8_000;

  @Test
  void insertsUseReservedValuesThenFailTransientlyThenResumeWhenTheStoreDatabaseReturns() throws Exception {
    TestDatabases.require(Db.POSTGRES);
    String segmentTable = TestDatabases.uniqueName("outage_segment");
    String snowflakeTable = TestDatabases.uniqueName("outage_snowflake");
    List<String> tables = List.of(segmentTable, snowflakeTable);
    Path dir = Files.createTempDirectory("seqproxy-store-outage");
    List<Process> clients = new ArrayList<>();
    try (PrivateMariaDb store = PrivateMariaDb.start(dir.resolve("mariadb")); Connection db = Db.POSTGRES.connect()) {
      try {
        AckFiles.createTables(db, tables);
        Path config = Files.writeString(dir.resolve("seqproxy.yaml"), "stores:\n"
            + "  jdbc:\n"
            + "    url: " + store.url("seqproxy_store") + "?connectTimeout=1000&socketTimeout=5000\n"
            + "    username: root\n"
            + "    max-wait: 1s\n"
            + "    lease-duration: 3s\n"
            + "sequences:\n"
            + "  outage_segment_id:\n"
            + "    type: segment\n"
            + "    store: jdbc\n"
            + "    range: 100\n"
            + "    max-range: 100\n"
            + "    fetch-timeout: 1s\n"
            + "  outage_snowflake_id:\n"
            + "    type: snowflake\n"
            + "    worker-id: auto\n"
            + "    store: jdbc\n"
            + "tables:\n"
            + "  " + segmentTable + ":\n"
            + "    id: outage_segment_id\n"
            + "  " + snowflakeTable + ":\n"
            + "    id: outage_snowflake_id\n");
        AckFiles run = new AckFiles(dir, CLIENTS);
        Path stop = dir.resolve("stop");
        for (int c = 0; c < CLIENTS; c++) {
          clients.add(run.start(c, List.of(), List.of(), Map.of(), config, tables, stop, THREADS, CLIENT_MAX_MILLIS,
              Db.POSTGRES));
        }
        for (int c = 0; c < CLIENTS; c++) {
          int client = c;
          run.await("client " + c + " to insert into both tables", 60_000,
              r -> tables.stream().allMatch(t -> count(r, client, t, 0) >= 20));
        }

        // From the moment the shutdown begins: MariaDB closes its connections first, so no range is
        // reserved after it, and the clients' reserved values are what they insert from.
        long stopped = System.currentTimeMillis();
        store.stopServer();
        run.await("a segment insert that fails as unavailable while the store is down", 30_000,
            r -> errors(r, "unavailable") > 0);
        long firstUnavailable = System.currentTimeMillis();
        long fromReserved = tables.stream().limit(1)
            .mapToLong(t -> countAll(run, t, stopped)).sum();
        Thread.sleep(Math.max(0, OUTAGE_MILLIS - (System.currentTimeMillis() - stopped)));
        long unavailableDuringOutage = errors(run, "unavailable");

        long restarting = System.currentTimeMillis();
        store.startServer();
        long restarted = System.currentTimeMillis();
        for (int c = 0; c < CLIENTS; c++) {
          int client = c;
          run.await("client " + c + " to insert into both tables after the store's restart", 60_000,
              r -> tables.stream().allMatch(t -> count(r, client, t, restarted) >= 20));
        }
        Files.writeString(stop, "stop");
        for (int c = 0; c < CLIENTS; c++) {
          assertTrue(clients.get(c).waitFor(60, TimeUnit.SECONDS), "client " + c + " stops");
          assertEquals(0, clients.get(c).exitValue(), "client " + c + ": " + run.output(c));
        }

        List<String> report = new ArrayList<>();
        for (String table : tables) {
          Counts counts = run.count(db, table);
          report.add(counts.toString());
          assertEquals(counts.rows(), counts.distinctIds(), table + ": ids in the table are distinct");
          assertEquals(0, counts.duplicates(), table + ": no id acknowledged twice");
          assertEquals(0, counts.lost(), table + ": every acknowledged id is in the table");
        }
        Map<String, Long> errors = run.errorsByKind();
        Map<Integer, String> sharedWorkers = workersHeldTwice(run.acks(), snowflakeTable);
        report.add("segment inserts acknowledged after the store stopped (from reserved values): " + fromReserved);
        report.add("first unavailable error " + (firstUnavailable - stopped) + " ms after the stop; unavailable"
            + " errors during the " + OUTAGE_MILLIS + " ms outage: " + unavailableDuringOutage);
        report.add("errors by kind: " + errors + "; samples " + run.errorSamples());
        report.add("snowflake worker ids used: " + workers(run.acks(), snowflakeTable));
        System.out.println("jdbc store's MariaDB stopped for " + (restarted - stopped) + " ms (of which "
            + (restarted - restarting) + " ms its restart) under 4 clients:\n  "
            + String.join("\n  ", report));
        assertTrue(fromReserved > 0, "segment inserts continue from reserved values after the stop");
        assertTrue(unavailableDuringOutage > 0, "inserts fail as unavailable once the reserved values are used");
        assertEquals(0L, errors.get("duplicate"), "duplicate-key errors");
        assertEquals(0L, errors.get("other"), "errors other than unavailable: " + run.errorSamples());
        assertEquals(Map.of(), sharedWorkers, "worker ids held by two clients at once");
      } finally {
        AckFiles.cleanUp(clients, db, tables);
      }
    } finally {
      AckFiles.deleteRecursively(dir);
    }
  }

  /** Snowflake worker id (default layout: 10 bits above 12 counter bits) to the clients that used it. */
  static Map<Integer, List<Integer>> workers(List<Ack> acks, String table) {
    Map<Integer, List<Integer>> workers = new TreeMap<>();
    for (Ack ack : acks) {
      if (ack.table().equals(table)) {
        List<Integer> users = workers.computeIfAbsent((int) ((ack.id() >>> 12) & 1023), w -> new ArrayList<>());
        if (!users.contains(ack.client())) {
          users.add(ack.client());
        }
      }
    }
    return workers;
  }

  /**
   * Worker ids that two clients used in overlapping spans of time (from the first to the last
   * statement that got an id with it): those would be ids held twice.
   */
  static Map<Integer, String> workersHeldTwice(List<Ack> acks, String table) {
    Map<Integer, Map<Integer, long[]>> spans = new TreeMap<>();
    for (Ack ack : acks) {
      if (ack.table().equals(table)) {
        long[] span = spans.computeIfAbsent((int) ((ack.id() >>> 12) & 1023), w -> new TreeMap<>())
            .computeIfAbsent(ack.client(), c -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
        span[0] = Math.min(span[0], ack.startedMillis());
        span[1] = Math.max(span[1], ack.startedMillis());
      }
    }
    Map<Integer, String> twice = new TreeMap<>();
    spans.forEach((worker, byClient) -> {
      List<Map.Entry<Integer, long[]>> list = new ArrayList<>(byClient.entrySet());
      for (int i = 0; i < list.size(); i++) {
        for (int j = i + 1; j < list.size(); j++) {
          long[] a = list.get(i).getValue();
          long[] b = list.get(j).getValue();
          if (a[0] <= b[1] && b[0] <= a[1]) {
            twice.put(worker, "clients " + list.get(i).getKey() + " and " + list.get(j).getKey());
          }
        }
      }
    });
    return twice;
  }

  private static long count(AckFiles run, int client, String table, long after) {
    try {
      return run.acksAfter(client, table, after);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long countAll(AckFiles run, String table, long after) {
    long total = 0;
    for (int c = 0; c < CLIENTS; c++) {
      total += count(run, c, table, after);
    }
    return total;
  }

  private static long errors(AckFiles run, String kind) {
    try {
      return run.errorsByKind().get(kind);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

}
