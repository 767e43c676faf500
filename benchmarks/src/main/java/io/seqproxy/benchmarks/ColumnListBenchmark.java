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
 * An INSERT without a column list against the same INSERT with one, through seqproxy on H2 in
 * memory: {@code INSERT INTO t VALUES (DEFAULT, ?, ?)}, whose id position comes from the table's
 * metadata, and {@code INSERT INTO t (name, amount) VALUES (?, ?)}, whose id is added. The
 * metadata is read once, at the first INSERT (in the warm-up); after it both are one plan looked
 * up per string, so they should cost the same. Each operation borrows a pooled connection,
 * prepares, runs, reads the generated key and closes, as the comparison does.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar ColumnListBenchmark -prof gc}
 */
public class ColumnListBenchmark extends H2Table {

  /** How the INSERT names its columns. */
  public enum Form {
    /** {@code (name, amount)}: seqproxy appends the id column and its value. */
    COLUMN_LIST,
    /** No list: {@code DEFAULT} in the id's position, found in the table's metadata, is replaced. */
    NO_COLUMN_LIST
  }

  @Param({"COLUMN_LIST", "NO_COLUMN_LIST"})
  public Form form;


  private String prepared;
  private String literalStart;
  private long counter;

  @Setup(Level.Trial)
  public void open() throws Exception {
    Contender.SEQPROXY_RANGE.createTable(Database.H2);
    dataSource = Contender.SEQPROXY_RANGE.open(Database.H2);
    boolean list = form == Form.COLUMN_LIST;
    prepared = "INSERT INTO " + TABLE + (list ? " (name, amount) VALUES (?, ?)" : " VALUES (DEFAULT, ?, ?)");
    literalStart = "INSERT INTO " + TABLE + (list ? " (name, amount) VALUES ('name " : " VALUES (DEFAULT, 'name ");
  }

  @Benchmark
  public void prepared(Blackhole bh) throws SQLException {
    long n = ++counter;
    try (Connection c = dataSource.getConnection();
        PreparedStatement p = c.prepareStatement(prepared, Statement.RETURN_GENERATED_KEYS)) {
      p.setString(1, "name");
      p.setInt(2, (int) n);
      bh.consume(p.executeUpdate());
      consumeKeys(p, bh);
    }
  }

  @Benchmark
  public void literal(Blackhole bh) throws SQLException {
    long n = ++counter;
    String text = literalStart + n + "', " + (int) n + ")";
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      bh.consume(s.executeUpdate(text, Statement.RETURN_GENERATED_KEYS));
      consumeKeys(s, bh);
    }
  }

  private static void consumeKeys(Statement statement, Blackhole bh) throws SQLException {
    try (ResultSet keys = statement.getGeneratedKeys()) {
      while (keys.next()) {
        bh.consume(keys.getLong(1));
      }
    }
  }
}
