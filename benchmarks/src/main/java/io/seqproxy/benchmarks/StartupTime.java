package io.seqproxy.benchmarks;

import io.seqproxy.jdbc.Engine;
import io.seqproxy.jdbc.SeqProxyDataSource;
import io.seqproxy.jdbc.config.ConfigLocation;
import io.seqproxy.jdbc.config.SeqProxyConfig;
import io.seqproxy.sequence.EpochClock;
import io.seqproxy.sequence.spi.StoreContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.logging.Logger;
import javax.sql.DataSource;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;

/**
 * How long a fresh JVM takes from its first {@code getConnection} to its first INSERT completed,
 * through seqproxy ({@code jdbc:seqproxy:…}, a range sequence on the jdbc store in the same
 * database) and through the bare driver with the application's own id. Each run is a new JVM on
 * this class path ({@link ProcessBuilder}); the two alternate, after one unmeasured run of each
 * (which creates the store's tables and warms the file cache). Prints median, min and max.
 *
 * <p>Then where seqproxy's time goes, measured in more fresh JVMs that do the driver's work one
 * step at a time through the public API, each step timed with the classes it loaded: reading the
 * YAML file, the platform MBean server (seqproxy registers its MBeans while opening the engine),
 * opening the engine (stores and sequences), the first connection (the real driver's connect, and
 * the rewriter built for the dialect), JSqlParser's first parse (which the first INSERT's planning
 * would otherwise pay), the first prepare and the first execute. And, from one more run under
 * {@code -Xlog:class+load}, the classes loaded between the first {@code getConnection} and the
 * end of the first INSERT, by library.
 *
 * <p>Run: {@code benchmarks/startup} or {@code java -cp benchmarks/target/benchmarks.jar
 * io.seqproxy.benchmarks.StartupTime [runs] [H2|MARIADB|POSTGRESQL ...]} (default: 10 runs, H2
 * and MariaDB; the servers as in {@link Database}).
 */
public final class StartupTime {
  private static final String SEQUENCE_TABLE = "startup_seqproxy";
  private static final String DIRECT_TABLE = "startup_direct";

  private StartupTime() {}

  public static void main(String[] args) throws Exception {
    int runs = 10;
    List<Database> databases = new ArrayList<>();
    for (String arg : args) {
      if (arg.chars().allMatch(Character::isDigit)) {
        runs = Integer.parseInt(arg);
      } else {
        databases.add(Database.valueOf(arg.toUpperCase(Locale.ROOT)));
      }
    }
    if (databases.isEmpty()) {
      databases = List.of(Database.H2, Database.MARIADB);
    }
    Path work = Files.createTempDirectory("seqproxy-startup");
    for (Database database : databases) {
      measure(database, runs, work);
    }
  }

  private static void measure(Database database, int runs, Path work) throws Exception {
    Target target = Target.prepare(database, work);
    System.out.printf("%n== %s: %d fresh JVMs each, first getConnection → first INSERT completed ==%n",
        database == Database.H2 ? "H2 (a file, so that every JVM finds the tables)" : database.label, runs);
    child(target, "seqproxy", List.of());
    child(target, "direct", List.of());
    List<Double> proxied = new ArrayList<>();
    List<Double> direct = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      proxied.add(child(target, "seqproxy", List.of()).get("total"));
      direct.add(child(target, "direct", List.of()).get("total"));
    }
    System.out.println("| path | median | min | max |\n|---|---|---|---|");
    System.out.println(summary("seqproxy (`jdbc:seqproxy:`, range on the jdbc store)", proxied));
    System.out.println(summary("bare driver, explicit id", direct));
    System.out.printf(Locale.ROOT, "seqproxy adds %.0f ms at the median (%.2f× the bare driver's)%n",
        median(proxied) - median(direct), median(proxied) / median(direct));

    Map<String, List<Double>> stages = new LinkedHashMap<>();
    Map<String, List<Double>> classes = new LinkedHashMap<>();
    for (int i = 0; i < runs; i++) {
      Map<String, Double> figures = child(target, "stages", List.of());
      figures.forEach((name, value) -> (name.startsWith("classes:") ? classes : stages)
          .computeIfAbsent(name.replace("classes:", ""), k -> new ArrayList<>()).add(value));
    }
    System.out.println("\nseqproxy step by step (fresh JVMs, median of " + runs + "):\n");
    System.out.println("| step | median ms | min | max | classes loaded |\n|---|---|---|---|---|");
    for (Map.Entry<String, List<Double>> stage : stages.entrySet()) {
      List<Double> loaded = classes.get(stage.getKey());
      System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %s |%n", stage.getKey(), median(stage.getValue()),
          min(stage.getValue()), max(stage.getValue()), loaded == null ? "–" : String.format("%.0f", median(loaded)));
    }

    Path log = work.resolve("classes-" + database.name() + ".log");
    Map<String, Double> logged = child(target, "seqproxy", List.of("-Xlog:class+load=info:file=" + log + ":uptimenanos"));
    System.out.printf(Locale.ROOT, "%nClasses loaded between the first getConnection and the first INSERT's end,"
        + " one seqproxy run under -Xlog:class+load (%.0f ms with the logging):%n%n", logged.get("total"));
    System.out.println("| library | classes |\n|---|---|");
    classesByLibrary(log).forEach((library, count) -> System.out.printf("| %s | %d |%n", library, count));
  }

  /** Runs one fresh JVM; returns the figures it printed (milliseconds, class counts). */
  private static Map<String, Double> child(Target target, String mode, List<String> jvmOptions)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.addAll(jvmOptions);
    command.addAll(List.of(Child.class.getName(), mode, target.url, target.user, target.password, target.config.toString(),
        Long.toString(target.nextId++)));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0 || !output.contains("RESULT")) {
      throw new IllegalStateException("the " + mode + " run failed:\n" + output);
    }
    Map<String, Double> figures = new LinkedHashMap<>();
    for (String line : output.lines().filter(l -> l.startsWith("RESULT ")).toList()) {
      String[] parts = line.substring(7).split("\t");
      figures.put(parts[0], Double.parseDouble(parts[1]));
    }
    return figures;
  }

  /** Classes loaded after the {@link Child.Start} marker and before {@link Child.Done}, by library. */
  private static Map<String, Integer> classesByLibrary(Path log) throws IOException {
    Map<String, Integer> counts = new TreeMap<>();
    boolean inside = false;
    for (String line : Files.readAllLines(log)) {
      int close = line.indexOf("] ");
      if (close < 0) {
        continue;
      }
      String name = line.substring(close + 2).split(" ", 2)[0];
      if (name.equals(Child.Start.class.getName())) {
        inside = true;
      } else if (name.equals(Child.Done.class.getName())) {
        break;
      } else if (inside) {
        counts.merge(library(name), 1, Integer::sum);
      }
    }
    return counts;
  }

  private static String library(String className) {
    String[][] prefixes = {
        {"io.seqproxy.jdbc.config.", "seqproxy configuration"},
        {"io.seqproxy.jdbc.rewrite.", "seqproxy rewriter"},
        {"io.seqproxy.jdbc.", "seqproxy driver"},
        {"io.seqproxy.sequence.", "seqproxy sequences and stores"},
        {"org.yaml.snakeyaml.", "SnakeYAML"},
        {"net.sf.jsqlparser.", "JSqlParser"},
        {"org.slf4j.", "SLF4J"},
        {"org.h2.", "H2"},
        {"com.mysql.", "mysql-connector-j"},
        {"org.postgresql.", "pgjdbc"},
        {"javax.management.", "JMX"},
        {"com.sun.jmx.", "JMX"},
        {"sun.management.", "JMX"},
        {"java.lang.management.", "JMX"},
        {"jdk.management.", "JMX"},
        {"com.sun.management.", "JMX"},
    };
    for (String[] prefix : prefixes) {
      if (className.startsWith(prefix[0])) {
        return prefix[1];
      }
    }
    return className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")
        || className.startsWith("javax.") ? "JDK (other)" : "other";
  }

  private static String summary(String label, List<Double> values) {
    return String.format(Locale.ROOT, "| %s | %.0f ms | %.0f ms | %.0f ms |", label, median(values), min(values), max(values));
  }

  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /** The database, its two empty tables and the seqproxy configuration the child JVMs use. */
  private static final class Target {
    final String url;
    final String user;
    final String password;
    final Path config;
    /** The bare driver's ids, far from any the sequence issues. */
    long nextId = 1L << 40;

    private Target(String url, String user, String password, Path config) {
      this.url = url;
      this.user = user;
      this.password = password;
      this.config = config;
    }

    static Target prepare(Database database, Path work) throws SQLException, IOException {
      // H2 as a file, so that each JVM finds the tables made here; its file lock lets one JVM in at a time.
      String url = database == Database.H2 ? "jdbc:h2:file:" + work.resolve("startup").toAbsolutePath() : database.url();
      try (Connection c = DriverManager.getConnection(url, database.user, database.password);
          Statement s = c.createStatement()) {
        for (String table : List.of(SEQUENCE_TABLE, DIRECT_TABLE)) {
          s.execute("DROP TABLE IF EXISTS " + table);
          s.execute("CREATE TABLE " + table + " (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(64) NOT NULL, amount INT NOT NULL)");
        }
      }
      Path config = work.resolve("startup-" + database.name() + ".yaml");
      Files.writeString(config, String.join("\n",
          "stores:",
          "  jdbc:",
          "    url: " + url,
          "    username: " + database.user,
          "    password: '" + database.password + "'",
          "sequences:",
          "  startup_id:",
          "    type: segment",
          "    range: 1000",
          "tables:",
          "  " + SEQUENCE_TABLE + ":",
          "    id: startup_id",
          ""));
      return new Target(url, database.user, database.password, config);
    }
  }

  /**
   * One fresh JVM's run: {@code seqproxy}, {@code direct} or {@code stages}. Prints
   * {@code RESULT <name> <value>} lines (tab-separated): milliseconds, and {@code classes:<step>}
   * counts.
   */
  public static final class Child {
    /** Loaded just before the first getConnection: a mark in the class-load log. */
    static final class Start {}

    /** Loaded just after the first INSERT completed. */
    static final class Done {}

    private Child() {}

    public static void main(String[] args) throws Exception {
      String mode = args[0];
      String url = args[1];
      Properties info = new Properties();
      info.setProperty("user", args[2]);
      info.setProperty("password", args[3]);
      Path config = Path.of(args[4]);
      long id = Long.parseLong(args[5]);
      switch (mode) {
        case "seqproxy" -> timed(() -> {
          info.setProperty(ConfigLocation.PROPERTY, config.toString());
          try (Connection c = DriverManager.getConnection("jdbc:seqproxy:" + url.substring("jdbc:".length()), info);
              PreparedStatement p = c.prepareStatement(
                  "INSERT INTO " + SEQUENCE_TABLE + " (name, amount) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, "startup");
            p.setInt(2, 1);
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
              keys.next();
              keys.getLong(1);
            }
          }
        });
        case "direct" -> timed(() -> {
          try (Connection c = DriverManager.getConnection(url, info);
              PreparedStatement p = c.prepareStatement("INSERT INTO " + DIRECT_TABLE + " (id, name, amount) VALUES (?, ?, ?)")) {
            p.setLong(1, id);
            p.setString(2, "startup");
            p.setInt(3, 1);
            p.executeUpdate();
          }
        });
        case "stages" -> stages(url, info, config);
        default -> throw new IllegalArgumentException("mode " + mode + ": expected seqproxy, direct or stages");
      }
      // Daemon threads of the store and the JVM's shutdown hook end the rest.
      System.exit(0);
    }

    interface Work {
      void run() throws Exception;
    }

    private static void timed(Work work) throws Exception {
      long started = System.nanoTime();
      new Start().hashCode();
      work.run();
      new Done().hashCode();
      print("total", (System.nanoTime() - started) / 1e6);
    }

    private static void stages(String url, Properties info, Path file) throws Exception {
      Steps steps = new Steps();
      SeqProxyConfig config = steps.step("read and validate the YAML file", () -> ConfigLocation.of(file.toString(), "startup").load());
      steps.step("platform MBean server (JMX)", ManagementFactory::getPlatformMBeanServer);
      Engine engine = steps.step("Engine.open: the stores and sequences as configured, their MBeans",
          () -> Engine.open(config, new StoreContext(url, info, EpochClock.system())));
      SeqProxyDataSource dataSource = new SeqProxyDataSource(new DriverManagerDataSource(url, info), engine);
      Connection connection = steps.step("first connection: the real driver's connect, the rewriter for its dialect",
          dataSource::getConnection);
      steps.step("JSqlParser's first parse (classes, parser tables)",
          () -> CCJSqlParserUtil.newParser("INSERT INTO t (a) VALUES (?)").Statement());
      PreparedStatement insert = steps.step("first prepare: tokenize, plan, the real prepare", () -> connection.prepareStatement(
          "INSERT INTO " + SEQUENCE_TABLE + " (name, amount) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS));
      steps.step("first execute: an id (the store's first use), the INSERT, the generated keys", () -> {
        insert.setString(1, "startup");
        insert.setInt(2, 1);
        insert.executeUpdate();
        try (ResultSet keys = insert.getGeneratedKeys()) {
          keys.next();
          return keys.getLong(1);
        }
      });
      insert.close();
      connection.close();
      engine.close();
      print("sum of the steps", steps.total);
    }

    private static void print(String name, double value) {
      System.out.println("RESULT " + name + "\t" + value);
    }

    interface Step<T> {
      T run() throws Exception;
    }

    /** Times each step and counts the classes it loaded. */
    private static final class Steps {
      double total;

      <T> T step(String name, Step<T> step) throws Exception {
        long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        long started = System.nanoTime();
        T result = step.run();
        double millis = (System.nanoTime() - started) / 1e6;
        long loaded = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount() - classes;
        total += millis;
        print(name, millis);
        print("classes:" + name, loaded);
        return result;
      }
    }
  }

  /** Connections from {@link DriverManager}: the plainest data source, for the step-by-step run. */
  private static final class DriverManagerDataSource implements DataSource {
    private final String url;
    private final Properties info;

    DriverManagerDataSource(String url, Properties info) {
      this.url = url;
      this.info = info;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return DriverManager.getConnection(url, info);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return DriverManager.getConnection(url, username, password);
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getLogger("io.seqproxy.benchmarks");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }
}
