package io.seqproxy.zk;

import io.seqproxy.sequence.ClockMovedBackwardsException;
import io.seqproxy.sequence.SequenceUnavailableException;
import io.seqproxy.testing.TestDatabases.Db;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * One application process of {@link ZkEndToEndIT}: inserts through {@code jdbc:seqproxy:mysql:}
 * into two mapped tables from several threads, with prepared single-row inserts and batches, and
 * appends every acknowledged id to a log as soon as the driver returned it.
 *
 * <p>Log lines, each written with one unbuffered write so that a SIGKILL leaves only whole lines:
 * {@code ACK <table> <id> <millis>} after {@code executeUpdate}/{@code executeBatch} returned and
 * {@code getGeneratedKeys()} gave the id, with the wall-clock time just before the statement was
 * executed (so a later insert of another process can be proved to follow it);
 * {@code ERR <kind> <table> <message>} for a failed
 * insert, kind {@code duplicate} (the primary key refused an id), {@code unavailable} (seqproxy
 * could not get an id from ZooKeeper in time, a {@code SQLTransientException}), {@code clock} (the
 * clock is behind the last timestamp by more than the tolerance) or {@code other}; the table is
 * {@code -} when the connection itself failed.
 *
 * <p>Arguments: writer number, config file, segment table, snowflake table, log file, stop file,
 * threads, most statements per thread, most milliseconds, and optionally the database ({@code
 * MARIADB}, the default, or {@code POSTGRES}, a {@link Db} name). A thread stops at the first of: the
 * stop file exists, its statement count, the time limit.
 */
final class InsertClient {

  private static final int BATCH_ROWS = 5;
  private static final int MYSQL_DUPLICATE_KEY = 1062; // ER_DUP_ENTRY
  private static final long ERROR_PAUSE_MILLIS = 20;
  private static final String UNIQUE_VIOLATION = "23505"; // PostgreSQL's SQLState

  private final int writer;
  private final Path config;
  private final Path stopFile;
  private final OutputStream log;
  private final Db db;

  private InsertClient(int writer, Path config, Path stopFile, OutputStream log, Db db) {
    this.writer = writer;
    this.db = db;
    this.config = config;
    this.stopFile = stopFile;
    this.log = log;
  }

  public static void main(String[] args) throws Exception {
    int writer = Integer.parseInt(args[0]);
    Path config = Path.of(args[1]);
    List<String> tables = List.of(args[2], args[3]);
    Path logFile = Path.of(args[4]);
    Path stopFile = Path.of(args[5]);
    int threads = Integer.parseInt(args[6]);
    int maxStatements = Integer.parseInt(args[7]);
    long deadline = System.currentTimeMillis() + Long.parseLong(args[8]);
    Db db = args.length > 9 ? Db.valueOf(args[9]) : Db.MARIADB;
    try (OutputStream log = Files.newOutputStream(logFile, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND)) {
      InsertClient client = new InsertClient(writer, config, stopFile, log, db);
      List<Thread> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        Thread th = new Thread(() -> client.run(thread, tables, maxStatements, deadline),
            "insert-" + writer + "-" + t);
        running.add(th);
        th.start();
      }
      for (Thread th : running) {
        th.join();
      }
    }
    // The driver's engine holds ZooKeeper threads; the run is over, so is the process.
    System.exit(0);
  }

  private void run(int thread, List<String> tables, int maxStatements, long deadline) {
    Properties info = db.credentials();
    info.setProperty("seqproxy.config", config.toString());
    try (Connection connection = DriverManager.getConnection(db.proxiedUrl(), info)) {
      List<PreparedStatement> inserts = new ArrayList<>();
      for (String table : tables) {
        inserts.add(connection.prepareStatement(
            "INSERT INTO " + table + " (writer, payload) VALUES (?, ?)",
            Statement.RETURN_GENERATED_KEYS));
      }
      for (int i = 0; i < maxStatements && System.currentTimeMillis() < deadline
          && !Files.exists(stopFile); i++) {
        // Alternate tables, and single rows with batches, so every form meets every fault.
        int which = i % 2;
        insert(inserts.get(which), tables.get(which), thread, i, (i / 2) % 2 == 1);
      }
    } catch (SQLException | RuntimeException e) {
      write("ERR " + kind(e) + " - " + oneLine(e) + "\n");
    }
  }

  private void insert(PreparedStatement insert, String table, int thread, int i, boolean batch) {
    try {
      int rows = batch ? BATCH_ROWS : 1;
      for (int r = 0; r < rows; r++) {
        insert.setInt(1, writer);
        insert.setString(2, thread + "-" + i + "-" + r);
        if (batch) {
          insert.addBatch();
        }
      }
      long started = System.currentTimeMillis();
      if (batch) {
        insert.executeBatch();
      } else {
        insert.executeUpdate();
      }
      StringBuilder acks = new StringBuilder();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        while (keys.next()) {
          acks.append("ACK ").append(table).append(' ').append(keys.getLong(1)).append(' ').append(started)
              .append('\n');
        }
      }
      write(acks.toString());
    } catch (SQLException e) {
      write("ERR " + kind(e) + " " + table + " " + oneLine(e) + "\n");
      pause();
      try {
        insert.clearBatch();
      } catch (SQLException ignored) {
        // the next statement will say if the statement is broken
      }
    }
  }

  /**
   * What went wrong, looking through causes and chained exceptions (where drivers put the
   * underlying error); a duplicate anywhere in the chain wins, since that is what must not happen.
   */
  static String kind(Exception e) {
    Deque<Throwable> todo = new ArrayDeque<>(List.of(e));
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    String kind = "other";
    while (!todo.isEmpty()) {
      Throwable t = todo.pop();
      if (!seen.add(t)) {
        continue;
      }
      if (t instanceof SQLIntegrityConstraintViolationException
          || (t instanceof SQLException s && (s.getErrorCode() == MYSQL_DUPLICATE_KEY
              || UNIQUE_VIOLATION.equals(s.getSQLState())))) {
        return "duplicate";
      }
      if (t instanceof SequenceUnavailableException) {
        kind = "unavailable";
      }
      if (t instanceof ClockMovedBackwardsException) {
        kind = "clock";
      }
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
      if (t instanceof SQLException s && s.getNextException() != null) {
        todo.add(s.getNextException());
      }
    }
    return kind;
  }

  /** After a failure, as an application would back off before it tries again: no busy loop of errors. */
  private static void pause() {
    try {
      Thread.sleep(ERROR_PAUSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String oneLine(Throwable e) {
    return String.valueOf(e).replace('\n', ' ').replace('\r', ' ');
  }

  /** One write per call: whole lines reach the file before the next statement starts. */
  private synchronized void write(String lines) {
    try {
      log.write(lines.getBytes(StandardCharsets.UTF_8));
      log.flush();
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the log", e);
    }
  }
}
