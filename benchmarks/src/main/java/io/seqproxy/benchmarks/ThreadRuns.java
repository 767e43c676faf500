package io.seqproxy.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs one JMH benchmark class once per thread count, every thread drawing on the same state,
 * and keeps each result by benchmark, parameter and thread count, so that a report can divide
 * contenders measured in the same run. Arguments are JMH options (e.g. {@code -wi 1 -i 3}); a
 * {@code -t} among them is overridden by each thread count.
 */
final class ThreadRuns {
  /** Score and error per key ({@code method} or {@code method param=value}), then per thread count. */
  final Map<String, Map<Integer, Result<?>>> results = new LinkedHashMap<>();
  final String unit;

  private ThreadRuns(String unit) {
    this.unit = unit;
  }

  static ThreadRuns run(Class<?> benchmark, String[] jmhArgs, int... threadCounts)
      throws CommandLineOptionException, RunnerException {
    CommandLineOptions cli = new CommandLineOptions(jmhArgs);
    String unit = null;
    Map<String, Map<Integer, Result<?>>> all = new LinkedHashMap<>();
    for (int threads : threadCounts) {
      Collection<RunResult> runs = new Runner(new OptionsBuilder().parent(cli)
          .include(benchmark.getName() + "\\.").threads(threads).build()).run();
      for (RunResult run : runs) {
        String method = run.getParams().getBenchmark();
        StringBuilder key = new StringBuilder(method.substring(method.lastIndexOf('.') + 1));
        for (String param : run.getParams().getParamsKeys()) {
          key.append(' ').append(param).append('=').append(run.getParams().getParam(param));
        }
        all.computeIfAbsent(key.toString(), k -> new LinkedHashMap<>()).put(threads, run.getPrimaryResult());
        unit = run.getPrimaryResult().getScoreUnit();
      }
    }
    ThreadRuns result = new ThreadRuns(unit);
    result.results.putAll(all);
    return result;
  }

  double score(String key, int threads) {
    Map<Integer, Result<?>> byThreads = results.get(key);
    Result<?> r = byThreads == null ? null : byThreads.get(threads);
    return r == null ? Double.NaN : r.getScore();
  }

  /** "12.3 ± 0.4" in millions, or "–" when that run is missing. */
  String millions(String key, int threads) {
    Map<Integer, Result<?>> byThreads = results.get(key);
    Result<?> r = byThreads == null ? null : byThreads.get(threads);
    return r == null ? "–" : withError("%,.2f", r.getScore() / 1e6, r.getScoreError() / 1e6);
  }

  /** "123.4 ± 5.6" as measured, or "–". */
  String plain(String key, int threads) {
    Map<Integer, Result<?>> byThreads = results.get(key);
    Result<?> r = byThreads == null ? null : byThreads.get(threads);
    return r == null ? "–" : withError("%,.1f", r.getScore(), r.getScoreError());
  }

  /** The score and its error; the score alone when one iteration left no error. */
  private static String withError(String format, double score, double error) {
    String text = String.format(Locale.ROOT, format, score);
    return Double.isNaN(error) ? text : text + " ± " + String.format(Locale.ROOT, format, error);
  }

  static String ratio(double a, double b) {
    return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "–" : String.format(Locale.ROOT, "%.2f", a / b);
  }

  /** A Markdown table header: the first column, then one per thread count. */
  static String header(String first, int... threadCounts) {
    List<String> cells = new ArrayList<>();
    for (int t : threadCounts) {
      cells.add(t + (t == 1 ? " thread" : " threads"));
    }
    return "| " + first + " | " + String.join(" | ", cells) + " |\n|---|" + "---|".repeat(threadCounts.length) + "\n";
  }
}
