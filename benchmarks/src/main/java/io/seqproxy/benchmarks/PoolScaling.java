package io.seqproxy.benchmarks;

/**
 * Runs {@link PoolScalingBenchmark} at 1, 2, 4 and 8 threads and prints thousands of INSERTs per
 * second for each contender, and seqproxy's throughput as a share of direct JDBC with explicit
 * IDs at each thread count (1.00: as fast; 0.90: 10 % fewer INSERTs per second).
 *
 * <p>Run: {@code benchmarks/threads}; extra arguments are JMH options, e.g. {@code -wi 1 -i 3}.
 */
public final class PoolScaling {
  private static final int[] THREADS = {1, 2, 4, 8};

  private PoolScaling() {}

  public static void main(String[] args) throws Exception {
    ThreadRuns runs = ThreadRuns.run(PoolScalingBenchmark.class, args, THREADS);
    StringBuilder out = new StringBuilder("\nPrepared single-row INSERTs through one HikariCP pool of "
        + PoolScalingBenchmark.POOL_SIZE + " connections, all threads together (thousands per second, ± JMH's 99.9 % error):\n\n");
    out.append(ThreadRuns.header("contender", THREADS));
    for (String key : runs.results.keySet()) {
      out.append("| ").append(label(key)).append(" |");
      for (int t : THREADS) {
        out.append(' ').append(runs.plain(key, t)).append(" |");
      }
      out.append('\n');
    }
    out.append("\nseqproxy's throughput / explicit IDs' (same run):\n\n").append(ThreadRuns.header("contender", THREADS));
    for (String key : runs.results.keySet()) {
      String explicit = key.replaceAll("contender=\\w+", "contender=" + Contender.EXPLICIT.name());
      if (key.equals(explicit)) {
        continue;
      }
      out.append("| ").append(label(key)).append(" |");
      for (int t : THREADS) {
        out.append(' ').append(ThreadRuns.ratio(runs.score(key, t), runs.score(explicit, t))).append(" |");
      }
      out.append('\n');
    }
    System.out.println(out);
  }

  /** "preparedInsert contender=SEQPROXY_RANGE database=H2" as "seqproxy, range (H2)". */
  private static String label(String key) {
    String contender = key.replaceAll(".*contender=(\\w+).*", "$1");
    String database = key.replaceAll(".*database=(\\w+).*", "$1");
    return Contender.valueOf(contender).label + " (" + database + ")";
  }
}
