package io.seqproxy.jdbc.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * How long a fuzz target took per input, against the time fuzzing holds planning to (50 ms per
 * SQL string, far below the 1 s at which the driver refuses a statement, {@code PlanningBound}). A fuzz run on a loaded 2-core machine sees pauses (GC, JIT, the other builds) that
 * say nothing about the input, so a time is not asserted: an input over the bound is timed again
 * {@link #RETRIES} times, and only when even its fastest run is over the bound it is written to
 * {@code target/fuzz-slow/<name>.txt} and counted. A hang still fails the run: Jazzer's per-input
 * timeout ends it as a finding. {@link #summary()} is printed after each fuzz test.
 *
 * <p>Thread safety: counters are atomics; the file is appended under the instance's lock.
 */
public final class PlanningTimes {

  /** What fuzzing holds the rewriter to: every SQL string planned within 50 ms. */
  public static final long BOUND_NANOS = 50_000_000L;
  static final int RETRIES = 3;

  /** What is timed: one input, run again as often as asked. */
  @FunctionalInterface
  public interface Run {
    void run() throws Exception;
  }

  private final String name;
  private final LongAdder executions = new LongAdder();
  private final AtomicLong slowest = new AtomicLong();
  private final LongAdder overBound = new LongAdder();

  public PlanningTimes(String name) {
    this.name = name;
  }

  /**
   * Runs {@code run} once, timing it; when over the bound, times it again and records the input if
   * it stays over. Whatever the first run throws is thrown, so the caller's checks see it.
   */
  public void time(String input, Run run) throws Exception {
    executions.increment();
    long start = System.nanoTime();
    try {
      run.run();
    } finally {
      long took = System.nanoTime() - start;
      if (took > BOUND_NANOS) {
        // A pause may be the machine's, however long: an empty YAML once took 570 ms in CI.
        took = fastestOf(run, took);
      }
      slowest.accumulateAndGet(took, Math::max);
      if (took > BOUND_NANOS) {
        overBound.increment();
        record(input, took);
      }
    }
  }

  private static long fastestOf(Run run, long first) {
    long fastest = first;
    for (int i = 0; i < RETRIES; i++) {
      long start = System.nanoTime();
      try {
        run.run();
      } catch (Exception e) {
        // Already seen by the first run's caller.
      }
      fastest = Math.min(fastest, System.nanoTime() - start);
    }
    return fastest;
  }

  private synchronized void record(String input, long nanos) {
    Path file = Path.of("target", "fuzz-slow", name + ".txt");
    String line = (nanos / 1_000_000) + " ms\t" + input.length() + " chars\t" + escape(input) + "\n";
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String escape(String input) {
    String shown = input.length() > 400 ? input.substring(0, 400) + "…" : input;
    StringBuilder text = new StringBuilder();
    shown.codePoints().forEach(c -> {
      if (c < 0x20 || c == 0x7f) {
        text.append(String.format("\\x%02x", c));
      } else {
        text.appendCodePoint(c);
      }
    });
    return text.toString();
  }

  public long executions() {
    return executions.sum();
  }

  public long overBound() {
    return overBound.sum();
  }

  /** One line: executions, the slowest input's best time, and how many stayed over the bound. */
  public String summary() {
    return String.format("%s: %d executions, slowest %.1f ms, %d over the %d ms bound%s", name, executions(),
        slowest.get() / 1e6, overBound(), BOUND_NANOS / 1_000_000,
        overBound() > 0 ? " (see target/fuzz-slow/" + name + ".txt)" : "");
  }
}
