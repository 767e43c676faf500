package io.seqproxy.benchmarks;

import io.seqproxy.jdbc.rewrite.ColumnMapping;
import io.seqproxy.jdbc.rewrite.InsertRewriter;
import io.seqproxy.jdbc.rewrite.LiteralTemplate;
import io.seqproxy.jdbc.rewrite.ShapeKey;
import io.seqproxy.jdbc.rewrite.SqlDialect;
import io.seqproxy.jdbc.rewrite.TableMappings;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import java.util.concurrent.TimeUnit;

/**
 * What seqproxy does, without a database, with a literal INSERT it has not seen as a string but
 * whose shape it knows (the comparison's {@code literalInsert}): the text pre-check, the tokens,
 * the shape key and its lookup, and the text sent with the drawn id. The steps the driver takes
 * per new string, timed apart from the database's own work, which is ten times larger on H2; and
 * the pre-check of a new SELECT, all that such a string costs before it is passed through. The
 * driver reads such a string against the template of its shape ({@code template}) before the
 * tokenizer ({@code read}).
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar ReadingBenchmark -prof gc}: ns/op and B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ReadingBenchmark {
  /** Distinct strings cycled through: far more than any cache of strings would keep. */
  private static final int STRINGS = 1 << 16;

  @Param({"MYSQL", "POSTGRESQL", "STANDARD"})
  public SqlDialect dialect;

  private InsertRewriter rewriter;
  private final Map<ShapeKey, InsertRewriter.Shape> shapes = new HashMap<>();
  private String[] strings;
  private String[] selects;
  /** The first string as the template the driver keeps for its shape. */
  private LiteralTemplate template;
  /** Its shape, which the driver keeps with the template: a templated string's is not looked up. */
  private InsertRewriter.Shape templateShape;
  private int next;
  private long id = 1_000_000;

  @Setup
  public void setUp() throws SQLException {
    TableMappings mappings = new TableMappings() {
      @Override
      public List<ColumnMapping> columnsFor(String schema, String table) {
        return table.equalsIgnoreCase("bench_orders")
            ? List.of(new ColumnMapping("id", "order_id", false)) : List.of();
      }

      @Override
      public Set<String> tableNames() {
        return Set.of("bench_orders");
      }
    };
    rewriter = new InsertRewriter(mappings, dialect);
    strings = new String[STRINGS];
    for (int n = 0; n < STRINGS; n++) {
      strings[n] = "INSERT INTO bench_orders (name, amount) VALUES ('name " + n + "', " + n + ")";
    }
    selects = new String[STRINGS];
    for (int n = 0; n < STRINGS; n++) {
      selects[n] = "SELECT id, name, amount FROM bench_orders WHERE id = " + n;
    }
    InsertRewriter.Reading first = rewriter.read(strings[0]);
    shapes.put(first.key().kept(), rewriter.shape(first));
    template = first.template();
    templateShape = shapes.get(first.key());
  }

  /** The text pre-check of a new SELECT (the comparison's {@code literalSelect}), which passes it through. */
  @Benchmark
  public boolean passSelect() {
    String sql = selects[next];
    next = (next + 1) & (STRINGS - 1);
    return rewriter.mayRewrite(sql);
  }

  /** The pre-check and the tokens of a new string. */
  @Benchmark
  public InsertRewriter.Reading read() {
    return rewriter.read(nextString());
  }

  /** A new string read against the template of its shape, as the driver reads it: its tokens, found in place. */
  @Benchmark
  public InsertRewriter.Reading template() {
    return template.read(nextString(), 0);
  }

  /** A new string read against its template, and the text sent for it (the driver's path since the templates). */
  @Benchmark
  public String templateRender() {
    InsertRewriter.Reading reading = template.read(nextString(), 0);
    long drawn = id++;
    return reading.render("", templateShape, (text, slot) -> text.append(drawn));
  }

  /** Read, keyed and looked up: the shape of a new string. */
  @Benchmark
  public InsertRewriter.Shape shape() {
    return shapes.get(rewriter.read(nextString()).key());
  }

  /** The shape of a new string and the text sent for it, with the drawn id in its slot. */
  @Benchmark
  public String render() {
    InsertRewriter.Reading reading = rewriter.read(nextString());
    InsertRewriter.Shape shape = shapes.get(reading.key());
    long drawn = id++;
    return reading.render("", shape, (text, slot) -> text.append(drawn));
  }

  private String nextString() {
    String sql = strings[next];
    next = (next + 1) & (STRINGS - 1);
    return sql;
  }
}
