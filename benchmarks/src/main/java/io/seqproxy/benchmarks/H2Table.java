package io.seqproxy.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the single-table H2 benchmarks share: seqproxy's range contender's table
 * ({@code id BIGINT NOT NULL PRIMARY KEY, name, amount}), emptied before every iteration so that
 * it does not grow across them, and the benchmark's data source, closed after the trial.
 */
abstract class H2Table {
  static final String TABLE = Contender.SEQPROXY_RANGE.table();

  DataSource dataSource;

  /** Empties the table so that it does not grow across iterations. */
  @Setup(Level.Iteration)
  public void empty() throws SQLException {
    try (Connection c = Database.H2.connect(); Statement s = c.createStatement()) {
      s.execute("DELETE FROM " + TABLE);
    }
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    if (dataSource instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }
}
