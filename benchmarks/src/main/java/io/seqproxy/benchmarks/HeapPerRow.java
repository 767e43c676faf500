package io.seqproxy.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.ObjectName;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The heap each inserted row costs, counted exactly rather than sampled: JMH's
 * {@code gc.alloc.rate.norm} on H2 moves by ±2 KB per operation between iterations (H2 copies
 * B-tree pages as its table grows), which hides a difference of a hundred bytes.
 *
 * <p>Each contender runs one {@link ComparisonBenchmark} workload in a fresh JVM under the Epsilon
 * collector, which never frees anything, so the JVM's class histogram taken before and after N
 * operations holds every object those operations allocated. The difference per inserted row is
 * reported against the application writing its own IDs, in all and for each class that differs,
 * seqproxy's own objects among them.
 *
 * <p>Run: {@code benchmarks/heap [H2|MARIADB|POSTGRESQL ...] [workload ...]} (default H2, every
 * workload; a workload is named as its {@link ComparisonBenchmark} method).
 */
public final class HeapPerRow {
  /** The contenders reported against explicit ids, as the table's columns name them. */
  private static final Map<Contender, String> SEQPROXY = seqproxyColumns();

  private static Map<Contender, String> seqproxyColumns() {
    Map<Contender, String> columns = new LinkedHashMap<>();
    columns.put(Contender.SEQPROXY_RANGE, "range");
    columns.put(Contender.SEQPROXY_SNOWFLAKE, "Snowflake");
    columns.put(Contender.SEQPROXY_URL, "range, URL under the pool");
    return columns;
  }

  /** A workload: its name for the child, operations to count, rows each operation inserts. */
  private record Workload(String name, int operations, int rowsPerOperation) {}

  private static final List<Workload> WORKLOADS = List.of(
      new Workload("preparedInsert", 50_000, 1),
      new Workload("batchInsert100", 1_000, ComparisonBenchmark.BATCH),
      new Workload("multiRowValues", 10_000, ComparisonBenchmark.MULTI_ROW),
      new Workload("literalInsert", 50_000, 1));

  private HeapPerRow() {}

  public static void main(String[] args) throws Exception {
    RunArguments arguments = RunArguments.parse(args, WORKLOADS.stream().map(Workload::name).toList());
    List<Workload> workloads = WORKLOADS.stream().filter(w -> arguments.workloads().contains(w.name)).toList();
    for (Database database : arguments.databases()) {
      System.out.printf("%n%s: bytes allocated per inserted row (Epsilon GC, class histograms before and after)%n%n",
          database.label);
      StringBuilder header = new StringBuilder("| workload | explicit ids |");
      SEQPROXY.values().forEach(name -> header.append(" seqproxy ").append(name).append(" | difference |"));
      System.out.println(header);
      System.out.println("|---|---|" + "---|---|".repeat(SEQPROXY.size()));
      Map<Contender, Map<String, Map<String, Double>>> classes = new LinkedHashMap<>();
      for (Workload workload : workloads) {
        Map<Contender, Map<String, Double>> perRow = new HashMap<>();
        perRow.put(Contender.EXPLICIT, child(database, workload, Contender.EXPLICIT));
        for (Contender contender : SEQPROXY.keySet()) {
          perRow.put(contender, child(database, workload, contender));
        }
        double explicit = total(perRow.get(Contender.EXPLICIT));
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %.0f |", workload.name, explicit));
        for (Contender contender : SEQPROXY.keySet()) {
          double ours = total(perRow.get(contender));
          line.append(String.format(Locale.ROOT, " %.0f | %+.0f |", ours, ours - explicit));
          classes.computeIfAbsent(contender, c -> new LinkedHashMap<>())
              .put(workload.name, difference(perRow.get(contender), perRow.get(Contender.EXPLICIT)));
        }
        System.out.println(line);
      }
      for (Contender contender : List.of(Contender.SEQPROXY_RANGE, Contender.SEQPROXY_URL)) {
        for (Map.Entry<String, Map<String, Double>> workload : classes.get(contender).entrySet()) {
          System.out.printf("%n%s, seqproxy %s minus explicit ids, bytes per row by class (|difference| >= 1):%n%n",
              workload.getKey(), SEQPROXY.get(contender));
          workload.getValue().entrySet().stream()
              .filter(e -> Math.abs(e.getValue()) >= 1)
              .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
              .forEach(e -> System.out.printf(Locale.ROOT, "  %+8.1f  %s%n", e.getValue(), e.getKey()));
        }
      }
    }
  }

  private static double total(Map<String, Double> perRow) {
    return perRow.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  private static Map<String, Double> difference(Map<String, Double> ours, Map<String, Double> theirs) {
    Map<String, Double> difference = new HashMap<>();
    ours.forEach((type, bytes) -> difference.merge(type, bytes, Double::sum));
    theirs.forEach((type, bytes) -> difference.merge(type, -bytes, Double::sum));
    return difference;
  }

  /** Runs one workload of one contender in a fresh JVM; returns the bytes per row of each class. */
  private static Map<String, Double> child(Database database, Workload workload, Contender contender)
      throws IOException, InterruptedException {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // Without thread-local allocation buffers: a buffer's unused tail is filled with an int[]
        // when the heap is walked, up to 4 MB under Epsilon, which the histogram would count.
        "-XX:+UnlockExperimentalVMOptions", "-XX:+UseEpsilonGC", "-XX:-UseTLAB", "-Xms8g", "-Xmx8g",
        "-cp", System.getProperty("java.class.path"), Child.class.getName(),
        database.name(), workload.name, contender.name(), Integer.toString(workload.operations));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException(contender + " " + workload.name + " failed:\n" + output);
    }
    double rows = (double) workload.operations * workload.rowsPerOperation;
    Map<String, Double> perRow = new HashMap<>();
    output.lines().filter(line -> line.startsWith("CLASS\t")).forEach(line -> {
      String[] parts = line.split("\t");
      perRow.put(parts[1], Long.parseLong(parts[2]) / rows);
    });
    return perRow;
  }

  /** One contender's workload: warms up, then prints what N operations allocated, per class. */
  static final class Child {
    private static final int WARM_UP = 10_000;

    public static void main(String[] args) throws Exception {
      String workload = args[1];
      int operations = Integer.parseInt(args[3]);
      Blackhole blackhole = ComparisonBenchmark.blackhole();
      ComparisonBenchmark benchmark =
          ComparisonBenchmark.opened(Database.valueOf(args[0]), Contender.valueOf(args[2]));
      try {
        benchmark.refill();
        for (int i = 0; i < Math.min(WARM_UP, operations); i++) {
          benchmark.run(workload, blackhole);
        }
        benchmark.refill();
        Map<String, long[]> before = histogram();
        for (int i = 0; i < operations; i++) {
          benchmark.run(workload, blackhole);
        }
        Map<String, long[]> after = histogram();
        after.forEach((type, now) -> {
          long[] then = before.getOrDefault(type, new long[2]);
          if (now[1] != then[1]) {
            System.out.println("CLASS\t" + type + "\t" + (now[1] - then[1]));
          }
        });
      } finally {
        benchmark.close();
      }
      System.exit(0);
    }

    /** Instances and bytes per class of every object on the heap, dead or alive (nothing is freed). */
    private static Map<String, long[]> histogram() throws Exception {
      String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
          new Object[] {new String[] {"-all"}}, new String[] {String[].class.getName()});
      Map<String, long[]> classes = new HashMap<>();
      for (String line : text.lines().toList()) {
        String[] fields = line.trim().split("\\s+");
        // "  1:  instances  bytes  class name (module)": the rank ends with a colon
        if (fields.length >= 4 && fields[0].endsWith(":")) {
          // A lambda's hidden class is named with its address, which differs from JVM to JVM.
          String type = fields[3].replaceFirst("/0x[0-9a-f]+$", "");
          long[] sum = classes.computeIfAbsent(type, t -> new long[2]);
          sum[0] += Long.parseLong(fields[1]);
          sum[1] += Long.parseLong(fields[2]);
        }
      }
      return classes;
    }
  }
}
