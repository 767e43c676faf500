package io.seqproxy.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real-world test of the ZooKeeper store: three real ZooKeeper server processes, MariaDB, and
 * four JVMs of {@link InsertClient} inserting through {@code jdbc:seqproxy:mysql:} into one
 * table per engine (segment and Snowflake with {@code worker-id: auto}, both in ZooKeeper), on
 * several threads, singles and batches. Mid-run one client JVM is SIGKILLed, then the ZooKeeper
 * leader is SIGKILLed and restarted. The tables' primary keys are BIGINT columns only seqproxy
 * fills, so a duplicate id would be refused by MariaDB and reported by the client as an error
 * of kind {@code duplicate}.
 *
 * <p>Checked at the end: no duplicate-key error; every id the clients logged as acknowledged is
 * distinct and is in its table; the surviving clients kept inserting into both tables after the
 * leader came back. Failures for want of a quorum ({@code unavailable}, a
 * {@code SQLTransientException}) are allowed and counted; any other error fails the test.
 */
class ZkEndToEndIT {

  private static final int CLIENTS = 4;
  private static final int THREADS = 3;
  private static final int MAX_STATEMENTS_PER_THREAD = 20_000;
  /** A client's own limit, in case the test dies before it writes the stop file. */
  private static final long CLIENT_MAX_MILLIS = 80_000;

  @Test
  void idsStayUniqueAndAcknowledgedWhileAClientAndTheZooKeeperLeaderAreKilled() throws Exception {
    TestDatabases.require(Db.MARIADB);
    String segmentTable = TestDatabases.uniqueName("zk_e2e_segment");
    String snowflakeTable = TestDatabases.uniqueName("zk_e2e_snowflake");
    List<String> tables = List.of(segmentTable, snowflakeTable);
    Path dir = Files.createTempDirectory("seqproxy-zk-e2e");
    List<Process> clients = new ArrayList<>();
    try (ZooKeeperEnsemble zk = ZooKeeperEnsemble.start(3); Connection db = Db.MARIADB.connect()) {
      try {
        for (String table : tables) {
          try (Statement s = db.createStatement()) {
            // No AUTO_INCREMENT and no default: a row without a seqproxy id cannot exist.
            s.execute("CREATE TABLE " + table + " (id BIGINT NOT NULL PRIMARY KEY,"
                + " writer INT NOT NULL, payload VARCHAR(40) NOT NULL)");
          }
        }
        Path config = writeConfig(dir, zk.connectString(), segmentTable, snowflakeTable);
        Path stop = dir.resolve("stop");
        for (int c = 0; c < CLIENTS; c++) {
          clients.add(startClient(c, dir, config, segmentTable, snowflakeTable, stop));
        }
        Run run = new Run(dir);
        for (int c = 0; c < CLIENTS; c++) {
          run.awaitAcks(c, tables, 50, 60_000, "after the start", clients);
        }

        Thread.sleep(1_500);
        int victim = CLIENTS - 1;
        clients.get(victim).destroyForcibly(); // SIGKILL on Linux: no shutdown hook runs
        assertTrue(clients.get(victim).waitFor(10, TimeUnit.SECONDS), "client " + victim + " died");

        Thread.sleep(1_000);
        int leader = zk.awaitLeader();
        zk.kill(leader);
        int newLeader = zk.awaitLeader();
        assertNotEquals(leader, newLeader);
        Thread.sleep(1_000);
        zk.restart(leader);
        awaitServing(zk, leader);
        for (int c = 0; c < victim; c++) {
          run.awaitAcks(c, tables, run.acks(c, tables) + 50, 30_000,
              "after ZooKeeper server " + leader + " (the leader) was killed and restarted", clients);
        }
        Thread.sleep(2_000);

        Files.writeString(stop, "stop");
        for (int c = 0; c < victim; c++) {
          Process p = clients.get(c);
          assertTrue(p.waitFor(30, TimeUnit.SECONDS), "client " + c + " stops");
          assertEquals(0, p.exitValue(), "client " + c + " exit code; output:\n" + run.output(c));
        }

        Map<String, Long> errors = run.errorsByKind();
        List<String> report = new ArrayList<>();
        for (String table : tables) {
          Set<Long> inTable = readIds(db, table);
          long rows = countRows(db, table);
          List<Long> acked = run.ackedIds(table);
          Set<Long> distinctAcked = new HashSet<>(acked);
          Set<Long> missing = new HashSet<>(distinctAcked);
          missing.removeAll(inTable);
          report.add(String.format("%s: %d rows (%d distinct ids), %d acknowledged (%d distinct),"
                  + " %d acknowledged but missing, %d written but never acknowledged (in flight"
                  + " when a statement failed or the client was killed), %d statements failed"
                  + " unavailable",
              table, rows, inTable.size(), acked.size(), distinctAcked.size(), missing.size(),
              inTable.size() - (distinctAcked.size() - missing.size()),
              run.errors("unavailable", table)));
          assertEquals(rows, inTable.size(), table + ": ids in the table are distinct");
          assertEquals(acked.size(), distinctAcked.size(), table + ": no id acknowledged twice");
          assertEquals(Set.of(), missing, table + ": every acknowledged id is in the table");
          assertTrue(acked.size() > 0, table + ": ids were acknowledged");
        }
        report.add("acknowledged by the killed client " + victim + ": "
            + run.acks(victim, tables));
        report.add("errors by kind: " + errors + " (unavailable = no quorum or lease suspended,"
            + " allowed)");
        System.out.println("Real-world run, client " + victim + " and ZooKeeper leader " + leader
            + " SIGKILLed:\n  " + String.join("\n  ", report));
        assertEquals(0L, errors.getOrDefault("duplicate", 0L), "duplicate-key errors");
        assertEquals(0L, errors.getOrDefault("other", 0L),
            "errors other than a missing quorum: " + run.errorSamples());
      } finally {
        AckFiles.cleanUp(clients, db, tables);
      }
    } finally {
      AckFiles.deleteRecursively(dir);
    }
  }

  private static Path writeConfig(Path dir, String connect, String segmentTable,
      String snowflakeTable) throws IOException {
    String segment = TestDatabases.uniqueName("zk_e2e_segment_id");
    String snowflake = TestDatabases.uniqueName("zk_e2e_snowflake_id");
    // Small ranges, so reservations keep happening through the leader's death. Timeouts fit
    // the servers' 200 ms tick: sessions may last at most 20 ticks.
    String yaml = "stores:\n"
        + "  zookeeper:\n"
        + "    connect: " + connect + "\n"
        + "    root: /" + TestDatabases.uniqueName("seqproxy_e2e") + "\n"
        + "    session-timeout: 4s\n"
        + "    connection-timeout: 3s\n"
        + "    retry: 50ms/3\n"
        + "sequences:\n"
        + "  " + segment + ":\n"
        + "    type: segment\n"
        + "    store: zookeeper\n"
        + "    range: 50\n"
        + "    max-range: 400\n"
        + "    fetch-timeout: 2s\n"
        + "  " + snowflake + ":\n"
        + "    type: snowflake\n"
        + "    worker-id: auto\n"
        + "    store: zookeeper\n"
        + "tables:\n"
        + "  " + segmentTable + ":\n"
        + "    id: " + segment + "\n"
        + "  " + snowflakeTable + ":\n"
        + "    id: " + snowflake + "\n";
    return Files.writeString(dir.resolve("seqproxy.yaml"), yaml);
  }

  private static Process startClient(int c, Path dir, Path config, String segmentTable,
      String snowflakeTable, Path stop) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-cp", ZooKeeperEnsemble.classpath(),
        InsertClient.class.getName(), Integer.toString(c), config.toString(), segmentTable,
        snowflakeTable, Run.log(dir, c).toString(), stop.toString(), Integer.toString(THREADS),
        Integer.toString(MAX_STATEMENTS_PER_THREAD), Long.toString(CLIENT_MAX_MILLIS));
    builder.redirectErrorStream(true);
    builder.redirectOutput(Run.output(dir, c).toFile());
    return builder.start();
  }

  /** Waits until server {@code id} answers as a member of the quorum again. */
  private static void awaitServing(ZooKeeperEnsemble zk, int id) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      String srvr = zk.srvr(id);
      if (srvr != null && (srvr.contains("Mode: follower") || srvr.contains("Mode: leader"))) {
        return;
      }
      Thread.sleep(50);
    }
    fail("ZooKeeper server " + id + " did not rejoin within 30 s");
  }

  private static Set<Long> readIds(Connection db, String table) throws SQLException {
    Set<Long> ids = new HashSet<>();
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM " + table)) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids;
  }

  private static long countRows(Connection db, String table) throws SQLException {
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }


  /** The clients' logs, read back through {@link AckFiles}: only whole lines count. */
  private static final class Run {
    private final AckFiles files;

    Run(Path dir) {
      this.files = new AckFiles(dir, CLIENTS);
    }

    static Path log(Path dir, int client) {
      return new AckFiles(dir, CLIENTS).log(client);
    }

    static Path output(Path dir, int client) {
      return new AckFiles(dir, CLIENTS).outputFile(client);
    }

    String output(int client) throws IOException {
      return files.output(client);
    }

    /** The fewest acknowledged ids of client {@code c} in any one of {@code tables}. */
    long acks(int c, List<String> tables) throws IOException {
      Map<String, Long> perTable = new TreeMap<>();
      tables.forEach(t -> perTable.put(t, 0L));
      for (AckFiles.Ack ack : files.acks(c)) {
        perTable.merge(ack.table(), 1L, Long::sum);
      }
      return perTable.values().stream().mapToLong(Long::longValue).min().orElse(0);
    }

    /** Waits until client {@code c} acknowledged at least {@code atLeast} ids in every table. */
    void awaitAcks(int c, List<String> tables, long atLeast, long timeoutMillis, String during,
        List<Process> clients) throws IOException, InterruptedException {
      long deadline = System.currentTimeMillis() + timeoutMillis;
      while (acks(c, tables) < atLeast) {
        if (!clients.get(c).isAlive() || System.currentTimeMillis() > deadline) {
          fail("client " + c + " acknowledged only " + acks(c, tables) + " ids in some table "
              + during + ", wanted " + atLeast + "; errors " + errorsByKind() + "; samples "
              + errorSamples() + "; output:\n" + output(c));
        }
        Thread.sleep(100);
      }
    }

    List<Long> ackedIds(String table) throws IOException {
      return files.acks().stream().filter(a -> a.table().equals(table)).map(AckFiles.Ack::id).toList();
    }

    Map<String, Long> errorsByKind() throws IOException {
      return files.errorsByKind();
    }

    long errors(String kind, String table) throws IOException {
      long count = 0;
      for (int c = 0; c < CLIENTS; c++) {
        for (String line : files.lines(c)) {
          if (line.startsWith("ERR " + kind + " " + table + " ")) {
            count++;
          }
        }
      }
      return count;
    }

    Map<String, String> errorSamples() throws IOException {
      return files.errorSamples();
    }
  }
}
