package io.seqproxy.benchmarks;

import io.seqproxy.sequence.snowflake.SnowflakeLayout;
import java.util.Locale;
import me.ahoo.cosid.snowflake.MillisecondSnowflakeId;

/**
 * Runs {@link SequenceBenchmark} at 1, 2 and 4 threads and prints one table: millions of IDs per
 * second for each generator, then the ratios measured in the same run — seqproxy's range to
 * CosId's segment chain and to a bare AtomicLong, seqproxy's Snowflake to CosId's, and each
 * Snowflake to its layout's limit (IDs per millisecond that its sequence bits allow × 1,000).
 *
 * <p>Run: {@code benchmarks/sequences}; extra arguments are JMH options, e.g. {@code -wi 1 -i 3}.
 */
public final class SequenceComparison {
  private static final int[] THREADS = {1, 2, 4};

  private SequenceComparison() {}

  public static void main(String[] args) throws Exception {
    ThreadRuns runs = ThreadRuns.run(SequenceBenchmark.class, args, THREADS);
    double seqproxyLimit = SnowflakeLayout.standard().idsPerTick() * 1000.0 / SnowflakeLayout.standard().unitMillis();
    double cosidLimit = (1L << MillisecondSnowflakeId.DEFAULT_SEQUENCE_BIT) * 1000.0;
    StringBuilder out = new StringBuilder("\nIDs per second, all threads drawing on one generator (millions, ± JMH's 99.9 % error):\n\n");
    out.append(ThreadRuns.header("generator", THREADS));
    row(out, runs, "seqproxy range `next()`", "seqproxyRange");
    row(out, runs, "CosId `SegmentChainId` (in memory, step " + SequenceBenchmark.COSID_STEP + ")", "cosidSegmentChain");
    row(out, runs, "`AtomicLong.getAndIncrement()`", "atomicLong");
    row(out, runs, "seqproxy Snowflake `next()`", "seqproxySnowflake");
    row(out, runs, "CosId `MillisecondSnowflakeId`", "cosidSnowflake");
    out.append("\nRatios (same run):\n\n").append(ThreadRuns.header("ratio", THREADS));
    ratio(out, runs, "seqproxy range / CosId segment chain", "seqproxyRange", "cosidSegmentChain");
    ratio(out, runs, "seqproxy range / AtomicLong", "seqproxyRange", "atomicLong");
    ratio(out, runs, "CosId segment chain / AtomicLong", "cosidSegmentChain", "atomicLong");
    ratio(out, runs, "seqproxy Snowflake / CosId Snowflake", "seqproxySnowflake", "cosidSnowflake");
    limit(out, runs, String.format(Locale.ROOT, "seqproxy Snowflake / the layout's limit (%,.0f/s)", seqproxyLimit),
        "seqproxySnowflake", seqproxyLimit);
    limit(out, runs, String.format(Locale.ROOT, "CosId Snowflake / its layout's limit (%,.0f/s)", cosidLimit),
        "cosidSnowflake", cosidLimit);
    System.out.println(out);
  }

  private static void row(StringBuilder out, ThreadRuns runs, String label, String key) {
    out.append("| ").append(label).append(" |");
    for (int t : THREADS) {
      out.append(' ').append(runs.millions(key, t)).append(" |");
    }
    out.append('\n');
  }

  private static void ratio(StringBuilder out, ThreadRuns runs, String label, String a, String b) {
    out.append("| ").append(label).append(" |");
    for (int t : THREADS) {
      out.append(' ').append(ThreadRuns.ratio(runs.score(a, t), runs.score(b, t))).append(" |");
    }
    out.append('\n');
  }

  private static void limit(StringBuilder out, ThreadRuns runs, String label, String key, double limit) {
    out.append("| ").append(label).append(" |");
    for (int t : THREADS) {
      double score = runs.score(key, t);
      out.append(' ').append(Double.isNaN(score) ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * score / limit))
          .append(" |");
    }
    out.append('\n');
  }
}
