package io.seqproxy.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A table filled by AUTO_INCREMENT (MariaDB) or an IDENTITY (PostgreSQL) with 10,000 rows; two JVMs
 * of {@link AdoptionClient} switch to seqproxy by their URL, sharing a ZooKeeper store: every id
 * they generate lies above 10,000 and none repeats. Then one of them inserts its own id just above
 * every range reserved so far (100 above the store's mark) ({@code explicit: advance}, the default): the ranges both reserve
 * afterwards run past it, and neither generates it.
 */
class AdoptionIT {
  private static final int EXISTING = 10_000;
  private static final int ROWS = 300;
  private static final long WAIT_MILLIS = 120_000;

  @ParameterizedTest
  @EnumSource(value = Db.class, names = {"MARIADB", "POSTGRES"})
  void twoJvmsAdoptATableAndNeverGenerateAnExplicitIdAboveTheirRanges(Db db) throws Exception {
    TestDatabases.require(db);
    String table = TestDatabases.uniqueName("adopt");
    String sequence = TestDatabases.uniqueName("adopt_id");
    String root = TestStores.uniqueRoot();
    Path dir = Files.createTempDirectory("seqproxy-adoption");
    List<Process> clients = new ArrayList<>();
    TestingServer zk = TestStores.sharedServer();
    try (Connection direct = db.connect()) {
      fill(direct, db, table);
      // Small fixed ranges, so that each JVM reserves many of them after the explicit id.
      Path config = Files.writeString(dir.resolve("seqproxy.yaml"), "stores:\n"
          + "  zookeeper:\n    connect: " + zk.getConnectString() + "\n    root: " + root + "\n"
          + "sequences:\n  " + sequence + ": {store: zookeeper, range: 10, max-range: 10}\n"
          + "tables:\n  " + table + ": {id: " + sequence + "}\n");
      for (int c = 0; c < 2; c++) {
        Path own = Files.createDirectories(dir.resolve("client-" + c));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", ZooKeeperEnsemble.classpath(),
            AdoptionClient.class.getName(), config.toString(), table, own.toString(), Integer.toString(ROWS), db.name());
        builder.redirectErrorStream(true);
        builder.redirectOutput(own.resolve("out").toFile());
        clients.add(builder.start());
      }
      awaitFile(dir, "client-0/ready", clients);
      awaitFile(dir, "client-1/ready", clients);
      Set<Long> before = new HashSet<>();
      before.addAll(ids(dir.resolve("client-0/ids-1")));
      before.addAll(ids(dir.resolve("client-1/ids-1")));
      assertEquals(2 * ROWS, before.size(), "no id generated twice before the explicit one");
      assertTrue(before.stream().allMatch(id -> id > EXISTING), "every new id above the existing rows");

      long explicit;
      try (ZkSequenceStore store = TestStores.open(TestStores.settings(zk.getConnectString(), root))) {
        // Above the first value no process has reserved, with room for a reservation still under
        // way (ranges are 10): without explicit: advance the ranges both JVMs reserve next would hold it.
        explicit = store.ranges().highWater(sequence).orElseThrow() + 100;
      }
      Files.writeString(dir.resolve("client-0/go"), Long.toString(explicit));
      awaitFile(dir, "client-0/explicit-done", clients);
      Files.writeString(dir.resolve("client-1/go"), "0");
      for (Process client : clients) {
        if (!client.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS) || client.exitValue() != 0) {
          fail("client ended badly: " + outputs(dir));
        }
      }
      Set<Long> after = new HashSet<>();
      after.addAll(ids(dir.resolve("client-0/ids-2")));
      after.addAll(ids(dir.resolve("client-1/ids-2")));
      assertEquals(2 * ROWS, after.size(), "no id generated twice after the explicit one");
      assertFalse(after.contains(explicit), "the explicit id " + explicit + " was generated again");
      assertTrue(after.stream().anyMatch(id -> id > explicit), "the ranges after it run past the explicit id");
      after.retainAll(before);
      assertEquals(Set.of(), after, "ids of the first phase generated again");
      try (Statement s = direct.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT id), SUM(CASE WHEN id = " + explicit
              + " THEN 1 ELSE 0 END) FROM " + table)) {
        rs.next();
        long rows = EXISTING + 4L * ROWS + 1;
        assertEquals(List.of(rows, rows, 1L), List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
      }
    } finally {
      for (Process client : clients) {
        client.destroyForcibly();
        client.waitFor(10, TimeUnit.SECONDS);
      }
      try (Connection direct = db.connect(); Statement s = direct.createStatement()) {
        s.execute("DROP TABLE IF EXISTS " + table);
      }
      AckFiles.deleteRecursively(dir);
    }
  }

  /** The table as the application had it: 10,000 rows numbered by the database. */
  private static void fill(Connection direct, Db db, String table) throws SQLException {
    try (Statement s = direct.createStatement()) {
      s.execute("CREATE TABLE " + table + " (id " + (db == Db.MARIADB ? "BIGINT AUTO_INCREMENT"
          : "BIGINT GENERATED BY DEFAULT AS IDENTITY") + " PRIMARY KEY, name VARCHAR(50))");
      if (db == Db.MARIADB) {
        s.execute("SET SESSION max_recursive_iterations = 20000");
      }
      s.executeUpdate(db == Db.MARIADB
          ? "INSERT INTO " + table + " (name) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
              + " WHERE i < " + EXISTING + ") SELECT CONCAT('old', i) FROM n"
          : "INSERT INTO " + table + " (name) SELECT 'old' || g FROM generate_series(1, " + EXISTING + ") g");
    }
  }

  private static List<Long> ids(Path file) throws Exception {
    return Files.readAllLines(file).stream().filter(line -> !line.isBlank()).map(Long::parseLong).toList();
  }

  private static void awaitFile(Path dir, String name, List<Process> clients) throws Exception {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (!Files.exists(dir.resolve(name))) {
      if (System.currentTimeMillis() > deadline || clients.stream().anyMatch(p -> !p.isAlive())) {
        fail("waited for " + name + ": " + outputs(dir));
      }
      Thread.sleep(50);
    }
  }

  private static String outputs(Path dir) throws Exception {
    StringBuilder text = new StringBuilder();
    for (int c = 0; c < 2; c++) {
      Path out = dir.resolve("client-" + c + "/out");
      text.append("\n--- client ").append(c).append(":\n").append(Files.exists(out) ? Files.readString(out) : "(none)");
    }
    return text.toString();
  }
}
