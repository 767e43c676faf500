package io.seqproxy.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The driver path under threads: prepared single-row INSERTs, each borrowing a connection from
 * one HikariCP pool of {@link #POOL_SIZE} connections shared by all threads, on H2 in memory;
 * seqproxy (either engine) against direct JDBC writing its own IDs from a shared AtomicLong.
 * Throughput of all threads together.
 *
 * <p>Run at 1, 2, 4 and 8 threads with the ratios: {@code benchmarks/threads} (see
 * {@link PoolScaling}). One thread count by hand: {@code java -jar benchmarks/target/benchmarks.jar
 * PoolScalingBenchmark -t 4}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// Longer than the other H2 benchmarks: with more threads than cores the JIT compiles while the
// threads take its CPU, and 3 one-second warm-ups left 4 and 8 threads still climbing 2-3x.
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class PoolScalingBenchmark {
  /** As many connections as the most threads measured, so that no thread waits for one. */
  static final int POOL_SIZE = 8;

  @Param({"H2"})
  public Database database;

  @Param({"EXPLICIT", "SEQPROXY_RANGE", "SEQPROXY_SNOWFLAKE"})
  public Contender contender;

  private DataSource dataSource;
  private boolean explicit;
  private String insert;
  private final AtomicLong nextId = new AtomicLong(1);

  @Setup(Level.Trial)
  public void open() throws Exception {
    contender.createTable(database);
    dataSource = contender.open(database, POOL_SIZE);
    explicit = contender.explicitIds();
    insert = "INSERT INTO " + contender.table() + (explicit ? " (id, name, amount) VALUES (?, ?, ?)" : " (name, amount) VALUES (?, ?)");
  }

  /** Empties the table so that it does not grow across iterations. */
  @Setup(Level.Iteration)
  public void empty() throws SQLException {
    contender.empty(database);
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    Contender.close(dataSource);
  }

  @Benchmark
  public void preparedInsert(Blackhole bh) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      if (explicit) {
        try (PreparedStatement p = c.prepareStatement(insert)) {
          long id = nextId.getAndIncrement();
          p.setLong(1, id);
          p.setString(2, "name");
          p.setInt(3, 1);
          p.executeUpdate();
          bh.consume(id);
        }
      } else {
        try (PreparedStatement p = c.prepareStatement(insert, Statement.RETURN_GENERATED_KEYS)) {
          p.setString(1, "name");
          p.setInt(2, 1);
          p.executeUpdate();
          try (ResultSet keys = p.getGeneratedKeys()) {
            while (keys.next()) {
              bh.consume(keys.getLong(1));
            }
          }
        }
      }
    }
  }
}
