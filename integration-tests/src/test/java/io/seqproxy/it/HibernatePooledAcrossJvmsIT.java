package io.seqproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two JVMs of four threads each save parcels through Hibernate with {@code allocationSize = 50},
 * one with the {@code pooled} optimizer and one with {@code pooled-lo}, drawing from one sequence
 * in the jdbc store (the proxied MariaDB). Both start saving once both are up. The table has no
 * key, so a duplicate ID would be stored and counted rather than refused.
 */
class HibernatePooledAcrossJvmsIT {
  static final int THREADS = 4;
  static final int PER_THREAD = 250;

  private final Db db = Db.MARIADB;
  private final String table = TestDatabases.uniqueName("it_jvms_parcel");
  private final String sequence = TestDatabases.uniqueName("it_jvms_parcel_id");

  @BeforeEach
  void createTable() throws SQLException {
    TestDatabases.require(db);
    execute("CREATE TABLE " + table + " (id BIGINT NOT NULL, name VARCHAR(100) NOT NULL)");
  }

  @AfterEach
  void dropTable() throws SQLException {
    execute("DROP TABLE IF EXISTS " + table);
  }

  @Test
  void twoJvmsOfFourThreadsNeverSaveTheSameId() throws Exception {
    String config = ItConfig.write("hibernate-pooled-shared.yaml", sequence, Map.of("sequence", sequence));
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path logs = Files.createDirectories(Path.of("target", "it-jvms"));
    String[] optimizers = {"pooled", "pooled-lo"};
    List<Process> started = new ArrayList<>();
    try {
      for (int p = 0; p < optimizers.length; p++) {
        started.add(new ProcessBuilder(java, "-Xmx256m", "-cp", classpath, PooledSequenceClient.class.getName(),
            config, table, sequence, optimizers[p], Integer.toString(THREADS), Integer.toString(PER_THREAD),
            "jvm" + p, logs.resolve(sequence + "-" + p + ".ready").toString()).redirectErrorStream(true).redirectOutput(logs.resolve(sequence + "-" + p + ".log").toFile())
            .start());
      }
      for (int p = 0; p < started.size(); p++) {
        Path ready = logs.resolve(sequence + "-" + p + ".ready");
        Path log = logs.resolve(sequence + "-" + p + ".log");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.exists(ready)) {
          if (!started.get(p).isAlive() || System.nanoTime() > deadline) {
            throw new AssertionError("JVM " + p + " did not get ready: " + read(log));
          }
          Thread.sleep(50);
        }
      }
      for (Process process : started) {
        process.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
      }
      for (int p = 0; p < started.size(); p++) {
        Process process = started.get(p);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
          throw new AssertionError("JVM " + p + " did not finish within 5 minutes");
        }
        Path log = logs.resolve(sequence + "-" + p + ".log");
        Files.deleteIfExists(logs.resolve(sequence + "-" + p + ".ready"));
        assertEquals(0, process.exitValue(), () -> "JVM failed: " + read(log));
      }
    } finally {
      started.forEach(Process::destroyForcibly);
    }
    int expected = 2 * THREADS * PER_THREAD;
    try (Connection connection = db.connect(); Statement statement = connection.createStatement();
        ResultSet counts = statement.executeQuery(
            "SELECT COUNT(*), COUNT(DISTINCT id), COUNT(DISTINCT name) FROM " + table)) {
      counts.next();
      assertEquals(List.of((long) expected, (long) expected, (long) expected),
          List.of(counts.getLong(1), counts.getLong(2), counts.getLong(3)));
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
