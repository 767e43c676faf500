package io.seqproxy.benchmarks;

import io.seqproxy.jdbc.rewrite.ColumnMapping;
import io.seqproxy.jdbc.rewrite.InsertRewriter;
import io.seqproxy.jdbc.rewrite.SqlDialect;
import io.seqproxy.jdbc.rewrite.TableMappings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * How long the rewriter takes to plan one INSERT it has not seen before (the rewriter caches nothing; the driver's cache is not used here), on the
 * statements that used to be its worst: nested parentheses of depth 1 to 50, in a value and in an
 * ON DUPLICATE KEY UPDATE clause; and on 12,000 generated INSERTs (three dialects, 1 to 30 rows,
 * values drawn from the vendor corpus, nesting up to 50, RETURNING / ON DUPLICATE KEY UPDATE / ON
 * CONFLICT, comments). Prints the time per depth, the corpus' median, p99, p99.99 and worst
 * statement, and how many statements of the vendor corpus ({@code
 * driver/src/test/resources/rewrite/corpus}) are refused. Every statement is planned once to warm
 * the JVM, then three times measured: a statement's time is the best of its three runs, which
 * takes out what a loaded machine adds (the thread waiting for a core); the single-run figures
 * are printed beside it. Not a JMH benchmark: its subject is the worst case, not the mean.
 *
 * <p>Run from the repository's root: {@code mvn -B -q -pl benchmarks -am package -DskipTests &&
 * java -cp benchmarks/target/benchmarks.jar io.seqproxy.benchmarks.PlanningTime}. The argument
 * {@code --max-depth N} leaves out statements nesting deeper than N, and {@code --vendor-only}
 * plans only the vendor corpus, once: for running it against a rewriter that is exponential in
 * the depth (an older build's classes put first on the class path). {@code --malformed} plans
 * only the shape of CI's slow fuzz inputs ({@code WITH INSERT ( /**}{@code / ( ( ...}: parentheses
 * of depth 50, 200 and 1000, closed or not, with and without comments between them), of square
 * brackets and of valid nested subqueries in a WITH query (depth 8, 20 and 1000: brackets
 * unclosed, closed around nothing, a valid nested array), once each after one plain INSERT, and
 * prints each one's time and verdict.
 */
public final class PlanningTime {

  private static final Path CORPUS = Path.of("driver/src/test/resources/rewrite/corpus");
  private static final int GENERATED = 12_000;
  private static final TableMappings MAPPINGS = new TableMappings() {
    @Override
    public List<ColumnMapping> columnsFor(String schema, String table) {
      return table.equalsIgnoreCase("orders") ? List.of(new ColumnMapping("id", "order_id", false)) : List.of();
    }

    @Override
    public Set<String> tableNames() {
      return Set.of("orders");
    }
  };
  private static final Map<SqlDialect, String> FILES =
      Map.of(SqlDialect.MYSQL, "mysql", SqlDialect.POSTGRESQL, "postgresql", SqlDialect.STANDARD, "h2");
  private static final List<SqlDialect> DIALECTS =
      List.of(SqlDialect.MYSQL, SqlDialect.POSTGRESQL, SqlDialect.STANDARD);

  /** A statement to plan, in its dialect. */
  private record Sql(SqlDialect dialect, String text) {}

  /** What planning one statement took, and whether it was refused. */
  private record Timing(Sql sql, long nanos, String refusal) {}

  private PlanningTime() {}

  public static void main(String[] args) throws IOException {
    List<String> options = List.of(args);
    int depthOption = options.indexOf("--max-depth");
    int maxDepth = depthOption >= 0 ? Integer.parseInt(options.get(depthOption + 1)) : Integer.MAX_VALUE;
    PrintStream out = System.out;
    if (options.contains("--malformed")) {
      malformed(out);
      return;
    }
    List<Sql> vendor = vendorCorpus(maxDepth);
    if (options.contains("--vendor-only")) {
      List<Timing> timings = run(vendor, 1);
      out.printf(Locale.ROOT, "Vendor corpus (nesting up to %s): %d statements, %d refused%n",
          maxDepth == Integer.MAX_VALUE ? "any depth" : maxDepth, vendor.size(),
          timings.stream().filter(t -> t.refusal() != null).count());
      summarize("Vendor corpus, one run, no warm-up", timings, out);
      return;
    }
    List<Sql> generated = generated(new Random(20261202L), maxDepth);
    List<Sql> depths = new ArrayList<>();
    for (int depth = 1; depth <= Math.min(50, maxDepth); depth++) {
      depths.add(new Sql(SqlDialect.MYSQL, "INSERT INTO orders (a) VALUES (" + nested(depth, "1") + ")"));
      depths.add(new Sql(SqlDialect.MYSQL,
          "INSERT INTO orders (a) VALUES (1) ON DUPLICATE KEY UPDATE a = " + nested(depth, "a + 1")));
    }
    // Warm-up: every statement once.
    run(depths, 1);
    run(vendor, 1);
    run(generated, 1);

    out.println("Planning one new INSERT (no cache), after one warm-up pass; best of 3 runs per statement:");
    out.println();
    out.println("| depth | in a value (ms) | in ON DUPLICATE KEY UPDATE (ms) |");
    out.println("|---:|---:|---:|");
    List<Timing> depthTimings = run(depths, 3);
    for (int i = 0; i < depthTimings.size(); i += 2) {
      out.printf(Locale.ROOT, "| %d | %s | %s |%n", i / 2 + 1, millis(depthTimings.get(i)), millis(depthTimings.get(i + 1)));
    }
    out.println();
    List<Timing> vendorTimings = run(vendor, 3);
    long refused = vendorTimings.stream().filter(t -> t.refusal() != null).count();
    out.printf(Locale.ROOT, "Vendor corpus: %d statements, %d refused%n", vendor.size(), refused);
    vendorTimings.stream().filter(t -> t.refusal() != null).limit(5)
        .forEach(t -> out.println("  refused: " + brief(t.sql().text()) + "\n    " + brief(t.refusal())));
    summarize("Vendor corpus, best of 3", vendorTimings, out);
    List<Timing> generatedTimings = run(generated, 3);
    long generatedRefused = generatedTimings.stream().filter(t -> t.refusal() != null).count();
    out.printf(Locale.ROOT, "Generated corpus: %d statements, %d refused%n", generated.size(), generatedRefused);
    generatedTimings.stream().filter(t -> t.refusal() != null).limit(5)
        .forEach(t -> out.println("  refused: " + brief(t.sql().text()) + "\n    " + brief(t.refusal())));
    summarize("Generated corpus, best of 3", generatedTimings, out);
    summarize("Generated corpus, one run", run(generated, 1), out);
    List<Sql> slowest = generatedTimings.stream()
        .sorted((a, b) -> Long.compare(b.nanos(), a.nanos())).limit(5).map(Timing::sql).toList();
    out.println("The five slowest of the generated corpus (best of 3), each re-measured as the best of 20 runs:");
    for (Timing timing : run(slowest, 20)) {
      out.printf(Locale.ROOT, "  %.3f ms  %s chars  %s%n", timing.nanos() / 1e6, timing.sql().text().length(),
          brief(timing.sql().text()));
    }
  }

  private static void malformed(PrintStream out) {
    run(List.of(new Sql(SqlDialect.MYSQL, "INSERT INTO orders (a) VALUES (1)")), 1);
    out.println("| depth | closed | between | ms | verdict |");
    out.println("|---:|---|---|---:|---|");
    for (int depth : new int[] {50, 200, 1000}) {
      for (boolean closed : new boolean[] {false, true}) {
        for (String between : new String[] {" ", " /**/ "}) {
          String text = "WITH INSERT " + ("(" + between).repeat(depth) + "orders"
              + (closed ? (")" + between).repeat(depth) : "");
          Timing timing = run(List.of(new Sql(SqlDialect.MYSQL, text)), 1).get(0);
          out.printf(Locale.ROOT, "| %d | %s | `%s` | %.1f | %s |%n", depth, closed ? "yes" : "no",
              between.strip(), timing.nanos() / 1e6,
              timing.refusal() == null ? "planned" : brief(timing.refusal()));
        }
      }
    }
    out.println();
    out.println("Square brackets (CI's fuzz find `WITH v AS (SEL[[[…ECT 1) INSERT …`, the same closed,"
        + " a valid nested array) and valid nested subqueries `((SELECT …))`, in a WITH query, on each"
        + " dialect:");
    out.println();
    out.println("| depth | text | dialect | ms | verdict |");
    out.println("|---:|---|---|---:|---|");
    for (int depth : new int[] {8, 20, 1000}) {
      String[][] texts = {
          {"unclosed", "WITH v AS (SEL" + "[".repeat(depth) + "ECT 1) INSERT INTO orders (a) VALUES (?)"},
          {"closed", "WITH v AS (SEL" + "[".repeat(depth) + "]".repeat(depth)
              + "ECT 1) INSERT INTO orders (a) VALUES (?)"},
          {"valid", "WITH v AS (SELECT x" + "[ARRAY".repeat(depth) + "[1]" + "]".repeat(depth)
              + " AS m) INSERT INTO orders (a) VALUES (?)"},
          {"subqueries", "WITH v AS (SELECT x" + "((SELECT ".repeat(depth) + "1" + "))".repeat(depth)
              + " AS m) INSERT INTO orders (a) VALUES (?)"}};
      for (String[] text : texts) {
        for (SqlDialect dialect : DIALECTS) {
          Timing timing = run(List.of(new Sql(dialect, text[1])), 1).get(0);
          out.printf(Locale.ROOT, "| %d | %s | %s | %.1f | %s |%n", depth, text[0], dialect,
              timing.nanos() / 1e6, timing.refusal() == null ? "planned" : brief(timing.refusal()));
        }
      }
    }
  }

  private static void summarize(String name, List<Timing> timings, PrintStream out) {
    long[] nanos = timings.stream().mapToLong(Timing::nanos).sorted().toArray();
    Timing worst = timings.stream().max((a, b) -> Long.compare(a.nanos(), b.nanos())).orElseThrow();
    out.printf(Locale.ROOT, "%s: median %.3f ms, p99 %.3f ms, p99.99 %.3f ms, worst %.3f ms%n", name,
        nanos[nanos.length / 2] / 1e6, percentile(nanos, 0.99) / 1e6, percentile(nanos, 0.9999) / 1e6,
        nanos[nanos.length - 1] / 1e6);
    out.println("  worst: " + worst.sql().dialect() + " " + brief(worst.sql().text()));
  }

  private static long percentile(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static String millis(Timing timing) {
    return String.format(Locale.ROOT, "%.3f", timing.nanos() / 1e6) + (timing.refusal() == null ? "" : " (refused)");
  }

  private static String brief(String text) {
    String flat = text.replaceAll("\\s+", " ");
    return flat.length() > 160 ? flat.substring(0, 160) + "..." : flat;
  }

  /** Plans each statement {@code runs} times in a row; its timing is the fastest run. */
  private static List<Timing> run(List<Sql> statements, int runs) {
    Map<SqlDialect, InsertRewriter> rewriters = Map.of(
        SqlDialect.MYSQL, new InsertRewriter(MAPPINGS, SqlDialect.MYSQL),
        SqlDialect.POSTGRESQL, new InsertRewriter(MAPPINGS, SqlDialect.POSTGRESQL),
        SqlDialect.STANDARD, new InsertRewriter(MAPPINGS, SqlDialect.STANDARD));
    List<Timing> timings = new ArrayList<>(statements.size());
    for (Sql sql : statements) {
      InsertRewriter rewriter = rewriters.get(sql.dialect());
      String refusal = null;
      long best = Long.MAX_VALUE;
      for (int run = 0; run < runs; run++) {
        long start = System.nanoTime();
        try {
          rewriter.plan(sql.text());
        } catch (SQLException e) {
          refusal = e.getMessage();
        }
        best = Math.min(best, System.nanoTime() - start);
      }
      timings.add(new Timing(sql, best, refusal));
    }
    return timings;
  }

  private static String nested(int depth, String inner) {
    return "(".repeat(depth) + inner + ")".repeat(depth);
  }

  /** The deepest parenthesis nesting of a text (strings included; only used to leave statements out). */
  private static int depth(String text) {
    int depth = 0;
    int max = 0;
    for (char c : text.toCharArray()) {
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      max = Math.max(max, depth);
    }
    return max;
  }

  private static List<String> lines(String file) throws IOException {
    return Files.readAllLines(CORPUS.resolve(file)).stream()
        .filter(line -> !line.isBlank() && !line.startsWith("-- "))
        .toList();
  }

  /** Every value of the vendor corpus in every frame of its dialect, as {@code VendorCorpusTest} plans them. */
  private static List<Sql> vendorCorpus(int maxDepth) throws IOException {
    List<Sql> statements = new ArrayList<>();
    for (SqlDialect dialect : DIALECTS) {
      String name = FILES.get(dialect);
      for (String frame : lines("frames-" + name + ".txt")) {
        String statement = frame.split(" => ", 2)[0];
        for (String value : lines("values-" + name + ".txt")) {
          String text = statement.replace("{v}", value);
          if (depth(text) <= maxDepth) {
            statements.add(new Sql(dialect, text));
          }
        }
      }
    }
    return statements;
  }

  /** {@value #GENERATED} distinct INSERTs built from the vendor corpus' values; the same ones on every run. */
  private static List<Sql> generated(Random random, int maxDepth) throws IOException {
    Map<SqlDialect, List<String>> values = Map.of(
        SqlDialect.MYSQL, lines("values-mysql.txt"),
        SqlDialect.POSTGRESQL, lines("values-postgresql.txt"),
        SqlDialect.STANDARD, lines("values-h2.txt"));
    Set<String> seen = new LinkedHashSet<>();
    List<Sql> statements = new ArrayList<>();
    while (statements.size() < GENERATED) {
      SqlDialect dialect = DIALECTS.get(random.nextInt(DIALECTS.size()));
      String text = generate(random, dialect, values.get(dialect));
      if (depth(text) <= maxDepth && seen.add(dialect + text)) {
        statements.add(new Sql(dialect, text));
      }
    }
    return statements;
  }

  private static String generate(Random random, SqlDialect dialect, List<String> values) {
    int columns = 1 + random.nextInt(8);
    int rows = 1 + random.nextInt(random.nextInt(10) == 0 ? 30 : 3);
    String[] names = new String[columns];
    Arrays.setAll(names, c -> "c" + c);
    StringBuilder sql = new StringBuilder(random.nextBoolean() ? "INSERT INTO orders " : "insert into orders ");
    boolean set = dialect == SqlDialect.MYSQL && rows == 1 && random.nextInt(3) == 0;
    if (set) {
      sql.append("SET ");
      for (int c = 0; c < columns; c++) {
        sql.append(c == 0 ? "" : ", ").append(names[c]).append(" = ").append(value(random, values));
      }
    } else {
      sql.append('(').append(String.join(", ", names)).append(")");
      if (random.nextInt(8) == 0) {
        sql.append(" /* columns */");
      }
      sql.append(" VALUES ");
      for (int r = 0; r < rows; r++) {
        sql.append(r == 0 ? "(" : ", (");
        for (int c = 0; c < columns; c++) {
          sql.append(c == 0 ? "" : ", ").append(value(random, values));
        }
        sql.append(')');
      }
    }
    sql.append(tail(random, dialect));
    if (random.nextInt(6) == 0) {
      sql.append(dialect == SqlDialect.MYSQL ? " # done" : " -- done");
    } else if (random.nextInt(6) == 0) {
      sql.append(';');
    }
    return sql.toString();
  }

  private static String value(Random random, List<String> values) {
    int pick = random.nextInt(10);
    if (pick == 0) {
      return "?";
    }
    String value = values.get(random.nextInt(values.size()));
    return pick == 1 ? nested(1 + random.nextInt(50), value) : value;
  }

  private static String tail(Random random, SqlDialect dialect) {
    return switch (dialect) {
      case MYSQL -> switch (random.nextInt(4)) {
        case 0 -> " ON DUPLICATE KEY UPDATE c0 = VALUES(c0) + " + nested(random.nextInt(20), "1");
        case 1 -> " RETURNING id, c0";
        default -> "";
      };
      case POSTGRESQL -> switch (random.nextInt(4)) {
        case 0 -> " ON CONFLICT (c0) DO UPDATE SET c0 = EXCLUDED.c0 || " + nested(random.nextInt(20), "'x'")
            + " WHERE orders.c0 IS NOT NULL RETURNING id";
        case 1 -> " ON CONFLICT DO NOTHING";
        case 2 -> " RETURNING *";
        default -> "";
      };
      case STANDARD -> "";
    };
  }
}
