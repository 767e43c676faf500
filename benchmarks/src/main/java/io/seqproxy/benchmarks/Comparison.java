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
 * and writes {@code comparison.json} (JMH's raw results), {@code comparison.md} (a table of microseconds per operation, each with its ratio
 * to direct JDBC measured in the same run, and heap allocated per operation) and
 * {@code comparison.png} (the ratios as a bar chart) into the folder given as the first
 * argument (default {@code benchmarks/results}).
 *
 * <p>Run: {@code benchmarks/compare} (builds the jar, then runs this class). Extra arguments are
 * JMH options, e.g. {@code -p database=H2} to leave MariaDB out.
 */
public final class Comparison {
  private static final String[] WORKLOADS = {
      "preparedInsert", "batchInsert100", "multiRowValues", "literalInsert", "selectById"};
  private static final Map<String, String> WORKLOAD_LABELS = Map.of(
      "preparedInsert", "prepared single-row INSERT",
      "batchInsert100", "100-row batch",
      "multiRowValues", "multi-row VALUES (" + ComparisonBenchmark.MULTI_ROW + " rows)",
      "literalInsert", "literal Statement INSERT",
      "selectById", "SELECT by id");

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
        .include(ComparisonBenchmark.class.getName() + "\\.")
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
    md.append("Each cell: microseconds per operation (JMH average time), its ratio to direct JDBC measured in the")
        .append(" same run, and heap allocated per operation. An operation is what an application does: borrow a")
        .append(" pooled connection (HikariCP, 2 connections), prepare the statement, run it, read the generated")
        .append(" keys, close. Overhead = ratio − 1.\n\n");
    for (Map.Entry<Database, Map<String, Map<Contender, double[]>>> db : table.entrySet()) {
      md.append("## ").append(db.getKey().label).append(databaseVersion(db.getKey())).append("\n\n");
      md.append("| workload |");
      for (Contender c : Contender.values()) {
        md.append(' ').append(c.label).append(" |");
      }
      md.append(" seqproxy overhead vs ShardingSphere's |\n|---|");
      for (int i = 0; i <= Contender.values().length; i++) {
        md.append("---|");
      }
      md.append('\n');
      for (String workload : WORKLOADS) {
        Map<Contender, double[]> row = db.getValue().get(workload);
        if (row == null) {
          continue;
        }
        double direct = row.containsKey(Contender.DIRECT) ? row.get(Contender.DIRECT)[0] : Double.NaN;
        md.append("| ").append(WORKLOAD_LABELS.get(workload)).append(" |");
        for (Contender c : Contender.values()) {
          double[] cell = row.get(c);
          if (cell == null) {
            md.append(" – |");
            continue;
          }
          md.append(String.format(Locale.ROOT, " %.1f µs (%.2f×, %s) |", cell[0], cell[0] / direct, bytes(cell[1])));
        }
        md.append(' ').append(overheadShare(row, direct)).append(" |\n");
      }
      md.append('\n');
    }
    return md.toString();
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
        .title("Time per operation relative to direct JDBC (lower is better)")
        .xAxisTitle("workload").yAxisTitle("ratio to direct JDBC").build();
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
        if (row == null || !row.containsKey(Contender.DIRECT)) {
          continue;
        }
        categories.add(WORKLOAD_LABELS.get(workload) + " (" + db.getKey().name() + ")");
        double direct = row.get(Contender.DIRECT)[0];
        for (Contender c : Contender.values()) {
          double[] cell = row.get(c);
          series.computeIfAbsent(c, k -> new ArrayList<>()).add(cell == null ? Double.NaN : cell[0] / direct);
        }
      }
    }
    for (Map.Entry<Contender, List<Double>> s : series.entrySet()) {
      chart.addSeries(s.getKey().label, categories, s.getValue());
    }
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
