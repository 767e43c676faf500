package io.seqproxy.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the single-table H2 benchmarks share: seqproxy's range contender's table
 * ({@code id BIGINT NOT NULL PRIMARY KEY, name, amount}), emptied before every iteration so that
 * it does not grow across them, the benchmark's data source, closed after the trial, and JMH's
 * settings (inherited by the subclasses): average µs per operation, 3×1 s warm-up, 5×1 s, one fork.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
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
