package io.seqproxy.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link ComparisonBenchmark} for every contender, workload and database in one JMH run,
 * and writes {@code comparison.json} (JMH's raw results), {@code comparison.md} (a table of
 * microseconds per operation, each with its ratios to direct JDBC with AUTO_INCREMENT and with
 * explicit IDs measured in the same run, heap allocated per operation, and seqproxy's heap per
 * row beyond the explicit-ID contender's) and {@code comparison.png} (the ratios to explicit IDs
 * as a chart) into the folder given as the first argument (default {@code benchmarks/results}).
 *
 * <p>Run: {@code benchmarks/compare} (builds the jar, then runs this class). Extra arguments are
 * JMH options, e.g. {@code -p database=H2} to leave the servers out.
 */
public final class Comparison {
  private static final String[] WORKLOADS = {
      "preparedInsert", "batchInsert100", "multiRowValues", "literalInsert", "selectById", "literalSelect"};
  private static final Map<String, String> WORKLOAD_LABELS = Map.of(
      "preparedInsert", "prepared single-row INSERT",
      "batchInsert100", "100-row batch",
      "multiRowValues", "multi-row VALUES (" + ComparisonBenchmark.MULTI_ROW + " rows)",
      "literalInsert", "literal Statement INSERT",
      "selectById", "SELECT by id",
      "literalSelect", "literal SELECT, new text each time");
  /** Rows one operation writes (the SELECT counts as one). */
  private static final Map<String, Integer> ROWS = Map.of(
      "preparedInsert", 1,
      "batchInsert100", ComparisonBenchmark.BATCH,
      "multiRowValues", ComparisonBenchmark.MULTI_ROW,
      "literalInsert", 1,
      "selectById", 1,
      "literalSelect", 1);

  private Comparison() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 && !args[0].startsWith("-") ? args[0] : "benchmarks/results");
    List<String> jmhArgs = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("-") || !jmhArgs.isEmpty()) {
        jmhArgs.add(arg);
      }
    }
    Files.createDirectories(out);
    ChainedOptionsBuilder options = new OptionsBuilder()
        .parent(new org.openjdk.jmh.runner.options.CommandLineOptions(jmhArgs.toArray(String[]::new)))
        // The traced workloads are Interleaved's: the table and chart are of these.
        .include(ComparisonBenchmark.class.getName() + "\\.(" + String.join("|", WORKLOADS) + ")$")
        .addProfiler(GCProfiler.class)
        .resultFormat(org.openjdk.jmh.results.format.ResultFormatType.JSON)
        .result(out.resolve("comparison.json").toString());
    Collection<RunResult> results = new Runner(options.build()).run();

    // database -> workload -> contender -> [us/op, bytes/op]
    Map<Database, Map<String, Map<Contender, double[]>>> table = new EnumMap<>(Database.class);
    for (RunResult run : results) {
      String method = run.getParams().getBenchmark();
      String workload = method.substring(method.lastIndexOf('.') + 1);
      Database database = Database.valueOf(run.getParams().getParam("database"));
      Contender contender = Contender.valueOf(run.getParams().getParam("contender"));
      Result<?> alloc = run.getSecondaryResults().get("gc.alloc.rate.norm");
      table.computeIfAbsent(database, d -> new LinkedHashMap<>())
          .computeIfAbsent(workload, w -> new EnumMap<>(Contender.class))
          .put(contender, new double[] {run.getPrimaryResult().getScore(), alloc == null ? Double.NaN : alloc.getScore()});
    }
    String markdown = markdown(table);
    Files.writeString(out.resolve("comparison.md"), markdown);
    chart(table, out.resolve("comparison.png"));
    System.out.println(markdown);
    System.out.println("wrote " + out.resolve("comparison.md") + " and " + out.resolve("comparison.png"));
  }

  static String markdown(Map<Database, Map<String, Map<Contender, double[]>>> table) {
    StringBuilder md = new StringBuilder();
    md.append("# seqproxy side by side\n\n");
    md.append("Written by `benchmarks/compare` on ").append(LocalDate.now(ZoneOffset.UTC)).append(". ")
        .append(machine()).append("\n\n");
    md.append("Each cell: microseconds per operation (JMH average time), its ratios to direct JDBC with")
        .append(" AUTO_INCREMENT (A) and to direct JDBC writing its own IDs from an AtomicLong (E), both measured")
        .append(" in the same run, and heap allocated per operation. An operation is what an application does:")
        .append(" borrow a pooled connection (HikariCP, 2 connections), prepare the statement, run it, read the")
        .append(" generated keys (the explicit-ID contender has them already and does not ask), close.")
        .append(" Overhead = ratio − 1. The last column but one is the heap seqproxy allocates per inserted row")
        .append(" beyond what the explicit-ID contender allocates (JMH's gc.alloc.rate.norm divided by the rows")
        .append(" of the operation; per SELECT for the SELECT).\n\n");
    for (Map.Entry<Database, Map<String, Map<Contender, double[]>>> db : table.entrySet()) {
      md.append("## ").append(db.getKey().label).append(databaseVersion(db.getKey())).append("\n\n");
      md.append("| workload |");
      for (Contender c : Contender.values()) {
        md.append(' ').append(c.label).append(" |");
      }
      md.append(" seqproxy heap per row vs explicit IDs (range / Snowflake / range, URL under the pool) | seqproxy overhead vs ShardingSphere's |\n|---|");
      for (int i = 0; i <= Contender.values().length + 1; i++) {
        md.append("---|");
      }
      md.append('\n');
      for (String workload : WORKLOADS) {
        Map<Contender, double[]> row = db.getValue().get(workload);
        if (row == null) {
          continue;
        }
        double direct = time(row, Contender.DIRECT);
        double explicit = time(row, Contender.EXPLICIT);
        md.append("| ").append(WORKLOAD_LABELS.get(workload)).append(" |");
        for (Contender c : Contender.values()) {
          double[] cell = row.get(c);
          if (cell == null) {
            md.append(" – |");
            continue;
          }
          md.append(String.format(Locale.ROOT, " %.1f µs (A %.2f×, E %.2f×, %s) |", cell[0], cell[0] / direct,
              cell[0] / explicit, bytes(cell[1])));
        }
        md.append(' ').append(heapPerRow(row, ROWS.get(workload))).append(" |");
        md.append(' ').append(overheadShare(row, direct)).append(" |\n");
      }
      md.append('\n');
    }
    return md.toString();
  }

  private static double time(Map<Contender, double[]> row, Contender c) {
    double[] cell = row.get(c);
    return cell == null ? Double.NaN : cell[0];
  }

  /** seqproxy's heap per row minus the explicit-ID contender's, e.g. "+12 / +30 B". */
  private static String heapPerRow(Map<Contender, double[]> row, int rows) {
    double[] explicit = row.get(Contender.EXPLICIT);
    if (explicit == null || Double.isNaN(explicit[1])) {
      return "–";
    }
    StringBuilder text = new StringBuilder();
    for (Contender c : List.of(Contender.SEQPROXY_RANGE, Contender.SEQPROXY_SNOWFLAKE, Contender.SEQPROXY_URL)) {
      double[] cell = row.get(c);
      text.append(text.length() == 0 ? "" : " / ").append(cell == null || Double.isNaN(cell[1]) ? "?"
          : String.format(Locale.ROOT, "%+,.0f", (cell[1] - explicit[1]) / rows));
    }
    return text.append(" B").toString();
  }

  /** seqproxy's worst overhead as a share of ShardingSphere's, e.g. "0.12 (0.04 / 0.33)". */
  private static String overheadShare(Map<Contender, double[]> row, double direct) {
    if (!row.containsKey(Contender.SHARDINGSPHERE)) {
      return "–";
    }
    double ours = Math.max(ratio(row, Contender.SEQPROXY_RANGE, direct), ratio(row, Contender.SEQPROXY_SNOWFLAKE, direct)) - 1;
    double theirs = ratio(row, Contender.SHARDINGSPHERE, direct) - 1;
    if (theirs <= 0) {
      return String.format(Locale.ROOT, "ShardingSphere ≤ direct (%+.2f); ours %+.2f", theirs, ours);
    }
    return String.format(Locale.ROOT, "%.2f (%+.2f / %+.2f)", Math.max(0, ours) / theirs, ours, theirs);
  }

  private static double ratio(Map<Contender, double[]> row, Contender c, double direct) {
    double[] cell = row.get(c);
    return cell == null ? Double.NaN : cell[0] / direct;
  }

  private static String bytes(double value) {
    return Double.isNaN(value) ? "? B" : String.format(Locale.ROOT, "%,.0f B", value);
  }

  private static String machine() {
    Runtime rt = Runtime.getRuntime();
    return String.format(Locale.ROOT, "Machine: %d cores, %d GiB of memory, %s %s, Java %s (%s).",
        rt.availableProcessors(),
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize() >> 30,
        System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
        System.getProperty("java.vm.name"));
  }

  private static String databaseVersion(Database database) {
    try (Connection c = database.connect()) {
      return " (" + c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion() + ")";
    } catch (SQLException e) {
      return "";
    }
  }

  static void chart(Map<Database, Map<String, Map<Contender, double[]>>> table, Path png) throws IOException {
    CategoryChart chart = new CategoryChartBuilder().width(1200).height(650)
        .title("Time per operation relative to direct JDBC writing its own IDs (lower is better)")
        .xAxisTitle("workload").yAxisTitle("ratio to direct JDBC, explicit IDs").build();
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
    chart.getStyler().setXAxisLabelRotation(20);
    chart.getStyler().setYAxisLogarithmic(true);
    // Points, not bars: a bar on a logarithmic axis would have to start at zero.
    chart.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(12);
    List<String> categories = new ArrayList<>();
    Map<Contender, List<Double>> series = new EnumMap<>(Contender.class);
    for (Map.Entry<Database, Map<String, Map<Contender, double[]>>> db : table.entrySet()) {
      for (String workload : WORKLOADS) {
        Map<Contender, double[]> row = db.getValue().get(workload);
        if (row == null || !row.containsKey(Contender.EXPLICIT)) {
          continue;
        }
        categories.add(WORKLOAD_LABELS.get(workload) + " (" + db.getKey().name() + ")");
        double explicit = row.get(Contender.EXPLICIT)[0];
        for (Contender c : Contender.values()) {
          if (c == Contender.EXPLICIT) {
            continue;
          }
          double[] cell = row.get(c);
          series.computeIfAbsent(c, k -> new ArrayList<>()).add(cell == null ? Double.NaN : cell[0] / explicit);
        }
      }
    }
    for (Map.Entry<Contender, List<Double>> s : series.entrySet()) {
      chart.addSeries(s.getKey().label, categories, s.getValue());
    }
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
