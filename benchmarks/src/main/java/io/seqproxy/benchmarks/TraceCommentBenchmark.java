package io.seqproxy.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Statements that are a new SQL string every time, through seqproxy and straight to the database
 * with the application writing its own ids ({@code id BIGINT PRIMARY KEY}, the id in the
 * statement, no generated keys asked for): an INSERT carrying a trace-context comment of its own
 * ({@code /*traceparent='00-…'*}{@code /}, as sqlcommenter and OpenTelemetry write it), prepared
 * and as a literal Statement, and a literal Statement with new values and no comment. Each
 * operation borrows a pooled connection, prepares or creates the statement, runs it, reads the
 * generated keys (seqproxy) and closes.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar TraceCommentBenchmark -prof gc}: µs/op and,
 * with the gc profiler, B/op ({@code gc.alloc.rate.norm}) of each side.
 */
public class TraceCommentBenchmark extends H2Table {

  /** Who writes the id. */
  public enum Side {
    /** seqproxy fills {@code id} from a range sequence and reports it as a generated key. */
    SEQPROXY,
    /** Direct JDBC, the application writing its own id. */
    EXPLICIT_ID
  }

  @Param({"SEQPROXY", "EXPLICIT_ID"})
  public Side side;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private String columns;
  private long counter;

  @Setup(Level.Trial)
  public void open() throws Exception {
    // seqproxy's range contender's table, id BIGINT NOT NULL PRIMARY KEY: the same for both sides.
    Contender.SEQPROXY_RANGE.createTable(Database.H2);
    if (side == Side.SEQPROXY) {
      dataSource = Contender.SEQPROXY_RANGE.open(Database.H2);
      columns = " (name, amount) VALUES (";
    } else {
      dataSource = Contender.pool(Database.H2.url(), Database.H2, 2);
      columns = " (id, name, amount) VALUES (";
    }
  }

  /** A W3C trace context comment, new for each statement, as an OpenTelemetry agent writes it, and a space. */
  static StringBuilder traceComment(long n) {
    StringBuilder sql = new StringBuilder(160).append("/*traceparent='00-");
    hex(sql, n * 0x9E3779B97F4A7C15L);
    hex(sql, n);
    sql.append('-');
    hex(sql, n ^ 0x5DEECE66DL);
    return sql.append("-01'*/ ");
  }

  private static StringBuilder traceparent(long n) {
    return traceComment(n).append("INSERT INTO ").append(TABLE);
  }

  private static void hex(StringBuilder sql, long value) {
    for (int shift = 60; shift >= 0; shift -= 4) {
      sql.append(HEX[(int) (value >>> shift) & 0xf]);
    }
  }

  @Benchmark
  public void preparedWithTraceComment(Blackhole bh) throws SQLException {
    long n = ++counter;
    boolean explicit = side == Side.EXPLICIT_ID;
    String sql = traceparent(n).append(columns).append(explicit ? "?, ?, ?)" : "?, ?)").toString();
    try (Connection c = dataSource.getConnection();
        PreparedStatement p = explicit ? c.prepareStatement(sql) : c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
      int i = 1;
      if (explicit) {
        p.setLong(i++, n);
      }
      p.setString(i++, "name");
      p.setInt(i, (int) n);
      bh.consume(p.executeUpdate());
      consumeKeys(p, bh, n);
    }
  }

  @Benchmark
  public void literalWithTraceComment(Blackhole bh) throws SQLException {
    long n = ++counter;
    literal(traceparent(n), n, bh);
  }

  @Benchmark
  public void literalNewString(Blackhole bh) throws SQLException {
    long n = ++counter;
    literal(new StringBuilder(96).append("INSERT INTO ").append(TABLE), n, bh);
  }

  private void literal(StringBuilder sql, long n, Blackhole bh) throws SQLException {
    boolean explicit = side == Side.EXPLICIT_ID;
    sql.append(columns);
    if (explicit) {
      sql.append(n).append(", ");
    }
    String text = sql.append("'name ").append(n).append("', ").append((int) n).append(')').toString();
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      bh.consume(explicit ? s.executeUpdate(text) : s.executeUpdate(text, Statement.RETURN_GENERATED_KEYS));
      consumeKeys(s, bh, n);
    }
  }

  /** seqproxy's id comes back as a generated key; the application that wrote its own has it. */
  private void consumeKeys(Statement statement, Blackhole bh, long n) throws SQLException {
    if (side == Side.EXPLICIT_ID) {
      bh.consume(n);
      return;
    }
    try (ResultSet keys = statement.getGeneratedKeys()) {
      while (keys.next()) {
        bh.consume(keys.getLong(1));
      }
    }
  }
}
