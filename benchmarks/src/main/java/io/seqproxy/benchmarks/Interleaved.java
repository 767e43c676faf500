package io.seqproxy.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.Blackhole;

/**
 * seqproxy's ratio to the application writing its own IDs, measured so that a difference of a
 * few percent can show on a machine whose speed drifts by tens of percent from one second to the
 * next. JMH measures one contender after another: a drift between their forks lands in the
 * ratio, and on this project's machine its errors reached ±32 %. Here each contender of a
 * workload runs in a JVM of its own, as in a JMH fork (one JVM for all would make the JDBC call
 * sites see every contender's classes, a profile no application has), each warmed up in turn
 * until its JIT compiler is quiet; then they take turns in short rounds, each round in a rotated order, each contender
 * running the same number of operations per turn while the others wait. Each round gives one
 * ratio per contender, against explicit IDs in the same round; the report is the median ratio
 * with its 95 % confidence interval (from the order statistics of the rounds' ratios, which
 * assumes nothing of their distribution), and the median time per operation.
 *
 * <p>Every contender writes one table, {@link Contender#SHARED_TABLE}, emptied (and refilled with
 * the rows the SELECTs read) before every turn, out of the time measured, as JMH's runs do before
 * every iteration: no contender's ratio carries a table of its own (pages split, rows deleted and
 * not yet purged). On a server that is not enough: a commit's flush to disk and where the
 * scheduler puts the JVMs and the server move single turns by hundreds of microseconds, which
 * {@code rounds-shown=1} shows (the README says how the MariaDB figures were taken).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.seqproxy.benchmarks.Interleaved
 * [H2|MARIADB|POSTGRESQL ...] [workload ...] [rounds=N] [forks=F] [rounds-shown=1]} (default H2,
 * every workload, 40 rounds in one fork), a workload named as its {@link ComparisonBenchmark}
 * method; with F forks each contender's JVM is started F times, N rounds each, and every fork's
 * median is shown beside the median of all rounds.
 */
public final class Interleaved {
  private static final List<String> WORKLOADS = List.of(
      "preparedInsert", "batchInsert100", "multiRowValues", "literalInsert", "tracedPreparedInsert",
      "tracedLiteralInsert", "selectById", "literalSelect");
  private static final List<Contender> CONTENDERS = List.of(
      Contender.EXPLICIT, Contender.SEQPROXY_RANGE, Contender.SEQPROXY_SNOWFLAKE, Contender.SEQPROXY_URL);
  /** How long one contender's turn in a round lasts, about; operations per turn are set from it. */
  private static final long TURN_NANOS = 50_000_000L;
  private static final long WARM_UP_NANOS = 5_000_000_000L;

  private Interleaved() {}

  public static void main(String[] args) throws Exception {
    RunArguments arguments = RunArguments.parse(args, WORKLOADS);
    int rounds = arguments.setting("rounds", 40);
    int forks = arguments.setting("forks", 1);
    boolean everyRound = arguments.setting("rounds-shown", 0) != 0;
    if (rounds < 1 || forks < 1) {
      throw new IllegalArgumentException("rounds=" + rounds + " forks=" + forks
          + ": give at least one round in at least one fork, e.g. rounds=20 forks=3");
    }
    for (Database database : arguments.databases()) {
      System.out.printf("%n%s: each contender in a JVM of its own, in turn, %d rounds after %d s of warm-up, in %d"
          + " fork(s); ratio to explicit IDs in the same round, median of all rounds [95 %% confidence interval]"
          + "%s%n%n", database.label, rounds, WARM_UP_NANOS / 1_000_000_000L, forks,
          forks > 1 ? ", and each fork's median" : "");
      System.out.println("| workload | operations per turn | explicit IDs, µs/op |"
          + " seqproxy range | seqproxy Snowflake | seqproxy range, URL under the pool |");
      System.out.println("|---|---|---|---|---|---|");
      for (String workload : arguments.workloads()) {
        System.out.println(measure(database, workload, forks, rounds, everyRound));
      }
    }
  }

  /**
   * One line of the table: every contender of one workload, measured in turn, {@code rounds}
   * rounds in each of {@code forks} sets of fresh JVMs. A JVM's speed differs from one start to the
   * next (its JIT's choices; on a virtual machine of two cores, the whole JVM by up to half), which
   * rounds within one JVM cannot average out: several forks show it.
   */
  private static String measure(Database database, String workload, int forks, int rounds, boolean everyRound)
      throws Exception {
    double[][] nanos = new double[CONTENDERS.size()][forks * rounds];
    // The table shows the first fork's operations per turn; each fork calibrates its own.
    int operations = measureFork(database, workload, rounds, everyRound, nanos, 0);
    for (int fork = 1; fork < forks; fork++) {
      measureFork(database, workload, rounds, everyRound, nanos, fork * rounds);
    }
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %,d | %.2f |", workload, operations,
        median(nanos[0]) / 1000));
    for (int c = 1; c < CONTENDERS.size(); c++) {
      double[] ratios = new double[forks * rounds];
      for (int round = 0; round < ratios.length; round++) {
        ratios[round] = nanos[c][round] / nanos[0][round];
      }
      double[] interval = medianInterval(ratios);
      line.append(String.format(Locale.ROOT, " %.2f µs, %.3f [%.3f, %.3f]", median(nanos[c]) / 1000,
          median(ratios), interval[0], interval[1]));
      if (forks > 1) {
        StringBuilder perFork = new StringBuilder();
        for (int fork = 0; fork < forks; fork++) {
          double forkMedian = median(Arrays.copyOfRange(ratios, fork * rounds, (fork + 1) * rounds));
          perFork.append(fork == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.3f", forkMedian));
        }
        line.append(", forks ").append(perFork);
      }
      line.append(" |");
    }
    return line.toString();
  }

  /**
   * One set of fresh JVMs, a contender each: {@code rounds} rounds written into {@code nanos} (per
   * contender, nanoseconds per operation) from index {@code from}; returns the operations per turn.
   */
  private static int measureFork(Database database, String workload, int rounds, boolean everyRound,
      double[][] nanos, int from) throws Exception {
    List<Turns> children = new ArrayList<>();
    try {
      // One after another: JVMs warming up side by side on two cores leave their compilers behind.
      for (Contender contender : CONTENDERS) {
        Turns child = new Turns(database, workload, contender);
        children.add(child);
        child.awaitReady();
      }
      int operations = (int) Math.max(1, TURN_NANOS / children.get(0).ask("calibrate"));
      for (int round = 0; round < rounds; round++) {
        for (int turn = 0; turn < CONTENDERS.size(); turn++) {
          // Rotated: each contender goes first, second, ... equally often.
          int c = (turn + round) % CONTENDERS.size();
          nanos[c][from + round] = children.get(c).ask("turn " + operations) / operations;
        }
        if (everyRound) {
          StringBuilder times = new StringBuilder(String.format(Locale.ROOT, "round %d, µs/op:", from + round + 1));
          for (int c = 0; c < CONTENDERS.size(); c++) {
            times.append(String.format(Locale.ROOT, " %.2f", nanos[c][from + round] / 1000));
          }
          System.err.println(times);
        }
      }
      return operations;
    } finally {
      for (Turns child : children) {
        child.close();
      }
    }
  }

  /** One contender's JVM, which runs a turn when told and answers with the nanoseconds it took. */
  private static final class Turns implements AutoCloseable {
    private final Process process;
    private final BufferedReader answers;
    private final PrintWriter commands;
    private final String name;

    Turns(Database database, String workload, Contender contender) throws IOException {
      this.name = contender + " " + workload;
      process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xms1g", "-Xmx1g", "-cp", System.getProperty("java.class.path"), Child.class.getName(),
          database.name(), workload, contender.name())
          .redirectError(ProcessBuilder.Redirect.INHERIT).start(); // a failing contender says why
      answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    void awaitReady() throws IOException {
      lineStarting(Child.READY, "warming up");
    }

    /** Sends a command; returns the number answered (nanoseconds). */
    double ask(String command) throws IOException {
      commands.println(command);
      return Double.parseDouble(lineStarting(Child.ANSWER, "asked to " + command).substring(Child.ANSWER.length()));
    }

    /** The child's next line of the protocol, past any other output of the contender's (a pool's banner). */
    private String lineStarting(String prefix, String doing) throws IOException {
      String line;
      while ((line = answers.readLine()) != null && !line.startsWith(prefix)) {
        // not the protocol's
      }
      if (line == null) {
        throw new IllegalStateException(name + " ended while " + doing + " (its errors are above)");
      }
      return line;
    }

    @Override
    public void close() throws InterruptedException {
      commands.println("quit");
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** A contender's JVM: warms up, then runs turns as its standard input tells it. */
  static final class Child {
    static final String READY = "READY";
    static final String ANSWER = "NANOS ";

    public static void main(String[] args) throws Exception {
      String workload = args[1];
      Blackhole blackhole = ComparisonBenchmark.blackhole();
      ComparisonBenchmark benchmark =
          ComparisonBenchmark.opened(Database.valueOf(args[0]), Contender.valueOf(args[2]), true);
      try {
        // Warm: for the time set, then until the JIT compiled nothing for a second (at most 60 s more).
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long start = System.nanoTime();
        long compiled = -1;
        long quietSince = start;
        while (System.nanoTime() - start < WARM_UP_NANOS
            || (System.nanoTime() - quietSince < 1_000_000_000L && System.nanoTime() - start < WARM_UP_NANOS + 60_000_000_000L)) {
          benchmark.refill();
          for (int i = 0; i < 100; i++) {
            benchmark.run(workload, blackhole);
          }
          long now = jit.getTotalCompilationTime();
          if (now != compiled) {
            compiled = now;
            quietSince = System.nanoTime();
          }
        }
        System.out.println(READY);
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String command;
        while ((command = commands.readLine()) != null && !command.equals("quit")) {
          benchmark.refill();
          if (command.equals("calibrate")) {
            // Nanoseconds per operation, over about a second.
            int operations = 0;
            long begin = System.nanoTime();
            long elapsed;
            do {
              benchmark.run(workload, blackhole);
              operations++;
              elapsed = System.nanoTime() - begin;
            } while (elapsed < 1_000_000_000L);
            System.out.println(ANSWER + (double) elapsed / operations);
          } else {
            int operations = Integer.parseInt(command.substring("turn ".length()));
            long begin = System.nanoTime();
            for (int i = 0; i < operations; i++) {
              benchmark.run(workload, blackhole);
            }
            System.out.println(ANSWER + (System.nanoTime() - begin));
          }
        }
      } finally {
        benchmark.close();
      }
      System.exit(0);
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * The 95 % confidence interval of the median of {@code values}: the k-th smallest and k-th
   * largest value, for the largest k such that a Binomial(n, 1/2) count falls below k with
   * probability at most 2.5 % (distribution-free; for 40 values, the 14th and 27th).
   */
  static double[] medianInterval(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    int k = 0;
    double below = 0; // P(count < k + 1)
    double probability = Math.pow(0.5, n); // P(count = k)
    while (below + probability <= 0.025) {
      below += probability;
      probability = probability * (n - k) / (k + 1);
      k++;
    }
    // P(count < k) <= 2.5 %: the interval is [x(k), x(n - k + 1)], 1-based.
    return k == 0 ? new double[] {sorted[0], sorted[n - 1]} : new double[] {sorted[k - 1], sorted[n - k]};
  }
}
