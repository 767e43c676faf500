package io.seqproxy.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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
 * The side-by-side comparison: the same workloads on the same table shape, for every
 * {@link Contender} on every {@link Database}, in one run. Each operation is what an
 * application does for it: borrow a pooled connection, prepare (or create) the statement, run
 * it, read the generated keys, close. Average time per operation; the report divides each by
 * direct JDBC's, both with AUTO_INCREMENT and with the application writing its own IDs. That
 * last contender takes each id from an {@link AtomicLong} and asks for no generated keys: it knows
 * them.
 *
 * <p>Run everything and write the table and chart: {@code benchmarks/compare} (see
 * {@link Comparison}). One workload by hand: {@code java -jar benchmarks/target/benchmarks.jar
 * ComparisonBenchmark.preparedInsert -p database=H2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class ComparisonBenchmark {
  static final int BATCH = 100;
  static final int MULTI_ROW = 10;
  private static final int SELECT_ROWS = 1000;

  @Param({"H2", "MARIADB", "POSTGRESQL"})
  public Database database;

  @Param({"DIRECT", "EXPLICIT", "SEQPROXY_RANGE", "SEQPROXY_SNOWFLAKE", "SEQPROXY_URL", "SHARDINGSPHERE"})
  public Contender contender;

  /** Whether this contender writes {@link Contender#SHARED_TABLE} rather than its own table. */
  private boolean sharedTable;
  private String table;
  private DataSource dataSource;
  private boolean explicit;
  /** Parameters per row: (id,) name, amount. */
  private int width;
  private String insert;
  private String multiRowInsert;
  private String literalPrefix;
  private String select;
  private String literalSelectPrefix;
  private long[] ids;
  private int counter;
  /** The explicit contender's IDs; never reset, so that no id comes twice in a trial. */
  private final AtomicLong nextId = new AtomicLong(1);

  @Setup(Level.Trial)
  public void open() throws Exception {
    table = sharedTable ? Contender.SHARED_TABLE : contender.table();
    contender.createTable(database, table);
    dataSource = contender.open(database);
    explicit = contender.explicitIds();
    width = explicit ? 3 : 2;
    String columns = explicit ? " (id, name, amount)" : " (name, amount)";
    String row = explicit ? "(?, ?, ?)" : "(?, ?)";
    insert = "INSERT INTO " + table + columns + " VALUES " + row;
    StringBuilder multi = new StringBuilder("INSERT INTO " + table + columns + " VALUES ");
    for (int i = 0; i < MULTI_ROW; i++) {
      multi.append(i == 0 ? "" : ", ").append(row);
    }
    multiRowInsert = multi.toString();
    literalPrefix = "INSERT INTO " + table + columns + " VALUES (";
    select = "SELECT id, name, amount FROM " + table + " WHERE id = ?";
    literalSelectPrefix = "SELECT id, name, amount FROM " + table + " WHERE id = ";
  }

  /** Empties the table so that it does not grow across iterations, and refills rows to select. */
  @Setup(Level.Iteration)
  public void refill() throws SQLException {
    Contender.empty(database, table);
    try (Connection c = dataSource.getConnection(); PreparedStatement p = prepare(c, insert)) {
      for (int i = 0; i < SELECT_ROWS; i++) {
        bindRow(p, 0, i);
        p.addBatch();
      }
      p.executeBatch();
    }
    List<Long> found = new ArrayList<>();
    try (Connection c = database.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM " + table)) {
      while (rs.next()) {
        found.add(rs.getLong(1));
      }
    }
    ids = found.stream().mapToLong(Long::longValue).toArray();
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    Contender.close(dataSource);
  }

  @Benchmark
  public void preparedInsert(Blackhole bh) throws SQLException {
    preparedInsert(insert, bh);
  }

  /**
   * {@link #preparedInsert} with a W3C trace context comment of its own in front, so that its
   * text is new every time (sqlcommenter, an OpenTelemetry agent).
   */
  @Benchmark
  public void tracedPreparedInsert(Blackhole bh) throws SQLException {
    preparedInsert(TraceCommentBenchmark.traceComment(counter).append(insert).toString(), bh);
  }

  private void preparedInsert(String sql, Blackhole bh) throws SQLException {
    int n = counter++;
    try (Connection c = dataSource.getConnection(); PreparedStatement p = prepare(c, sql)) {
      bh.consume(bindRow(p, 0, n));
      p.executeUpdate();
      consumeKeys(p, bh);
    }
  }

  @Benchmark
  public void batchInsert100(Blackhole bh) throws SQLException {
    int n = counter++;
    try (Connection c = dataSource.getConnection(); PreparedStatement p = prepare(c, insert)) {
      for (int i = 0; i < BATCH; i++) {
        bh.consume(bindRow(p, 0, n));
        p.addBatch();
      }
      p.executeBatch();
      consumeKeys(p, bh);
    }
  }

  @Benchmark
  public void multiRowValues(Blackhole bh) throws SQLException {
    int n = counter++;
    try (Connection c = dataSource.getConnection(); PreparedStatement p = prepare(c, multiRowInsert)) {
      for (int i = 0; i < MULTI_ROW; i++) {
        bh.consume(bindRow(p, i, n));
      }
      p.executeUpdate();
      consumeKeys(p, bh);
    }
  }

  @Benchmark
  public void literalInsert(Blackhole bh) throws SQLException {
    literalInsert("", bh);
  }

  /** {@link #literalInsert} with a W3C trace context comment of its own in front, as {@link #tracedPreparedInsert}. */
  @Benchmark
  public void tracedLiteralInsert(Blackhole bh) throws SQLException {
    literalInsert(TraceCommentBenchmark.traceComment(counter).toString(), bh);
  }

  private void literalInsert(String leading, Blackhole bh) throws SQLException {
    int n = counter++;
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      if (explicit) {
        long id = nextId.getAndIncrement();
        s.executeUpdate(leading + literalPrefix + id + ", 'name " + n + "', " + n + ")");
        bh.consume(id);
      } else {
        s.executeUpdate(leading + literalPrefix + "'name " + n + "', " + n + ")", Statement.RETURN_GENERATED_KEYS);
        consumeKeys(s, bh);
      }
    }
  }

  @Benchmark
  public void selectById(Blackhole bh) throws SQLException {
    long id = ids[counter++ % ids.length];
    try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(select)) {
      p.setLong(1, id);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          bh.consume(rs.getLong(1));
          bh.consume(rs.getString(2));
          bh.consume(rs.getInt(3));
        }
      }
    }
  }

  /**
   * A plain Statement's SELECT with the id inlined, so that its text is new each time (code
   * that builds SQL by concatenation, or a tracer's comment): the worst case for SQL that passes
   * through, which seqproxy must read before it knows that.
   */
  @Benchmark
  public void literalSelect(Blackhole bh) throws SQLException {
    int n = counter++;
    long id = ids[n % ids.length];
    // The second condition is always true (amounts are not negative); it keeps the text new when ids come again.
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(literalSelectPrefix + id + " AND amount > " + (-1L - n))) {
      while (rs.next()) {
        bh.consume(rs.getLong(1));
        bh.consume(rs.getString(2));
        bh.consume(rs.getInt(3));
      }
    }
  }

  /**
   * This benchmark for {@code contender} on {@code database}, opened, for the harnesses that run
   * workloads outside JMH ({@link HeapPerRow}, {@link Interleaved}); {@link #close} closes it.
   */
  static ComparisonBenchmark opened(Database database, Contender contender) throws Exception {
    return opened(database, contender, false);
  }

  /**
   * {@link #opened(Database, Contender)}, writing {@link Contender#SHARED_TABLE} when {@code
   * sharedTable}: contenders that take turns on one server then all meet the same table.
   */
  static ComparisonBenchmark opened(Database database, Contender contender, boolean sharedTable) throws Exception {
    ComparisonBenchmark benchmark = new ComparisonBenchmark();
    benchmark.database = database;
    benchmark.contender = contender;
    benchmark.sharedTable = sharedTable;
    benchmark.open();
    return benchmark;
  }

  /** A Blackhole for those harnesses, which JMH does not hand one. */
  static Blackhole blackhole() {
    return new Blackhole(
        "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
  }

  /**
   * One operation of the workload named as its method, called directly, for the harnesses that
   * run workloads outside JMH ({@link HeapPerRow}, {@link Interleaved}): no reflection, so the
   * call allocates nothing of its own.
   */
  void run(String workload, Blackhole bh) throws SQLException {
    switch (workload) {
      case "preparedInsert" -> preparedInsert(bh);
      case "batchInsert100" -> batchInsert100(bh);
      case "multiRowValues" -> multiRowValues(bh);
      case "literalInsert" -> literalInsert(bh);
      case "tracedPreparedInsert" -> tracedPreparedInsert(bh);
      case "tracedLiteralInsert" -> tracedLiteralInsert(bh);
      case "selectById" -> selectById(bh);
      case "literalSelect" -> literalSelect(bh);
      default -> throw new IllegalArgumentException("no workload " + workload);
    }
  }

  /** The explicit contender asks for no keys: it has them already. */
  private PreparedStatement prepare(Connection c, String sql) throws SQLException {
    return explicit ? c.prepareStatement(sql) : c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
  }

  /** Binds row {@code row} of the statement; returns the id written, or 0 when it is generated. */
  private long bindRow(PreparedStatement p, int row, int amount) throws SQLException {
    int at = row * width;
    long id = 0;
    if (explicit) {
      id = nextId.getAndIncrement();
      p.setLong(++at, id);
    }
    p.setString(++at, "name");
    p.setInt(++at, amount);
    return id;
  }

  private void consumeKeys(Statement statement, Blackhole bh) throws SQLException {
    if (explicit) {
      return;
    }
    try (ResultSet keys = statement.getGeneratedKeys()) {
      while (keys.next()) {
        bh.consume(keys.getLong(1));
      }
    }
  }
}
