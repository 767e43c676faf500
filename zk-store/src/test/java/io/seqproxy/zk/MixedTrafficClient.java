package io.seqproxy.zk;

import io.seqproxy.testing.TestDatabases.Db;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One application process of {@link LongRunIT}: threads inserting through {@code
 * jdbc:seqproxy:counting:mysql:} ({@link CountingDriver} between seqproxy and the real driver) with
 * mixed traffic: prepared single rows, prepared batches, literal INSERTs on plain statements (each
 * string new), INSERT … SELECT without the id column (two rows, each prepared and closed again), and
 * now and then a statement prepared and closed again. Every interval it appends
 * {@code STAT <millis since start> <rows in the interval> <heap used after a full GC, bytes>
 * <statements open at the real driver> <result sets open at the real driver>} to its stats file;
 * {@code ERR <message>} for a failed statement.
 *
 * <p>Arguments: writer, config file, two tables, stats file, stop file, threads, most milliseconds,
 * interval milliseconds.
 */
final class MixedTrafficClient {

  private static final int BATCH_ROWS = 5;

  private final AtomicLong rows = new AtomicLong();
  private final Path stats;

  private MixedTrafficClient(Path stats) {
    this.stats = stats;
  }

  public static void main(String[] args) throws Exception {
    CountingDriver.register();
    int writer = Integer.parseInt(args[0]);
    Path config = Path.of(args[1]);
    List<String> tables = List.of(args[2], args[3]);
    MixedTrafficClient client = new MixedTrafficClient(Path.of(args[4]));
    Path stop = Path.of(args[5]);
    int threads = Integer.parseInt(args[6]);
    long start = System.currentTimeMillis();
    long deadline = start + Long.parseLong(args[7]);
    long interval = Long.parseLong(args[8]);
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread th = new Thread(() -> client.run(writer, thread, config, tables, stop, deadline), "mixed-" + t);
      running.add(th);
      th.start();
    }
    long next = start + interval;
    while (running.stream().anyMatch(Thread::isAlive)) {
      Thread.sleep(Math.max(1, Math.min(200, next - System.currentTimeMillis())));
      if (System.currentTimeMillis() >= next) {
        long[] open = CountingDriver.open();
        client.append("STAT " + (next - start) + " " + client.rows.getAndSet(0) + " " + heapAfterGc() + " "
            + open[0] + " " + open[1] + "\n");
        next += interval;
      }
    }
    System.exit(0);
  }

  private void run(int writer, int thread, Path config, List<String> tables, Path stop, long deadline) {
    Properties info = Db.MARIADB.credentials();
    info.setProperty("seqproxy.config", config.toString());
    String url = Db.MARIADB.proxiedUrl().replace("jdbc:seqproxy:", "jdbc:seqproxy:counting:");
    try (Connection connection = DriverManager.getConnection(url, info)) {
      List<PreparedStatement> prepared = new ArrayList<>();
      for (String table : tables) {
        prepared.add(connection.prepareStatement("INSERT INTO " + table + " (writer, payload) VALUES (?, ?)",
            Statement.RETURN_GENERATED_KEYS));
      }
      for (long i = 0; System.currentTimeMillis() < deadline && !Files.exists(stop); i++) {
        String table = tables.get((int) (i % 2));
        try {
          switch ((int) (i % 5)) {
            case 0 -> single(prepared.get((int) (i % 2)), writer, thread + "-" + i);
            case 1 -> batch(prepared.get((int) (i % 2)), writer, thread + "-" + i);
            case 2 -> literal(connection, table, writer, thread + "-" + i);
            case 3 -> select(connection, table, writer, thread + "-" + i);
            default -> {
              // A statement prepared for one use and closed: the wrappers must not keep it.
              try (PreparedStatement once = connection.prepareStatement(
                  "INSERT INTO " + table + " (writer, payload) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                single(once, writer, thread + "-" + i);
              }
            }
          }
        } catch (SQLException e) {
          append("ERR " + String.valueOf(e).replace('\n', ' ') + "\n");
        }
      }
      for (PreparedStatement statement : prepared) {
        statement.close();
      }
    } catch (SQLException | RuntimeException e) {
      append("ERR " + String.valueOf(e).replace('\n', ' ') + "\n");
    }
  }

  private void single(PreparedStatement insert, int writer, String payload) throws SQLException {
    insert.setInt(1, writer);
    insert.setString(2, payload);
    insert.executeUpdate();
    keys(insert, 1);
  }

  private void batch(PreparedStatement insert, int writer, String payload) throws SQLException {
    for (int r = 0; r < BATCH_ROWS; r++) {
      insert.setInt(1, writer);
      insert.setString(2, payload + "-" + r);
      insert.addBatch();
    }
    insert.executeBatch();
    keys(insert, BATCH_ROWS);
  }

  private void literal(Connection connection, String table, int writer, String payload) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO " + table + " (writer, payload) VALUES (" + writer + ", 'lit-" + payload
          + "')", Statement.RETURN_GENERATED_KEYS);
      keys(statement, 1);
    }
  }

  /** INSERT … SELECT without the id column: seqproxy runs the query, then inserts its rows with ids. */
  private void select(Connection connection, String table, int writer, String payload) throws SQLException {
    try (PreparedStatement copy = connection.prepareStatement("INSERT INTO " + table + " (writer, payload)"
        + " SELECT ?, CONCAT('sel-', ?) FROM DUAL UNION ALL SELECT ?, CONCAT('sel2-', ?) FROM DUAL",
        Statement.RETURN_GENERATED_KEYS)) {
      copy.setInt(1, writer);
      copy.setString(2, payload);
      copy.setInt(3, writer);
      copy.setString(4, payload);
      copy.executeUpdate();
      keys(copy, 2);
    }
  }

  private void keys(Statement statement, int expected) throws SQLException {
    int got = 0;
    try (ResultSet keys = statement.getGeneratedKeys()) {
      while (keys.next()) {
        got++;
      }
    }
    if (got != expected) {
      throw new SQLException("expected " + expected + " generated keys, got " + got);
    }
    rows.addAndGet(got);
  }

  /** Heap in use right after a full collection: what the live data takes (a pause of milliseconds per interval). */
  private static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private synchronized void append(String line) {
    try {
      Files.writeString(stats, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
