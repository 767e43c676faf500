package io.seqproxy.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * On paper, what two-level range allocation costs at scale: R regions × P processes per region ×
 * I IDs a second per process, once range and block sizes have adapted. Prints a table: the
 * coordination writes a second on each region's ledger and on the global ledger, the values
 * consumed per year, when the 63 bits run out, and which limit is reached first.
 *
 * <p>The sizes follow the engine's rules: a range is sized to last {@code target-lifetime}
 * (default 1 min) within {@code range .. max-range} (1,000 .. 1,000,000); a block to last
 * {@code block-lifetime} (1 h) within {@code block .. max-block} (10^7 .. 10^10). Every range is
 * one compare-and-set on its region's ledger (one znode); every block one on the global ledger
 * and one on the region's. Each region's leading keeper renews its lease every two thirds of 10 s.
 * Gaps (a crashed process's range, a tail not handed back) are left out: they cost at most one
 * range per process restart and one block per keeper failover.
 *
 * <p>The limit it assumes, {@code --znode-writes N}: compare-and-set writes a second that one znode
 * of a three-server ensemble takes with 16 competing clients, as {@code ZnodeWriteRateLongIT}
 * measures it on this machine ({@code mvn -B -pl zk-store -am verify -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ZnodeWriteRateLongIT}). A level is
 * "saturated" when it needs more than half of that.
 *
 * <p>Run: {@code mvn -B -q -pl benchmarks -am package -DskipTests && java -cp
 * benchmarks/target/benchmarks.jar io.seqproxy.benchmarks.RegionScaleModel [--znode-writes N]
 * [R,P,I ...]}
 */
public final class RegionScaleModel {
  private static final double TARGET_LIFETIME_S = 60;
  private static final double MIN_RANGE = 1_000;
  private static final double MAX_RANGE = 1_000_000;
  private static final double BLOCK_LIFETIME_S = 3600;
  private static final double MIN_BLOCK = 1e7;
  private static final double MAX_BLOCK = 1e10;
  private static final double KEEPER_LEASE_WRITES_PER_S = 1 / (10.0 * 2 / 3);
  private static final double SECONDS_PER_YEAR = 365.25 * 24 * 3600;
  private static final double VALUES = Math.pow(2, 63);

  record Scenario(long regions, long processes, long idsPerSecond) {}

  public static void main(String[] args) {
    double znodeWrites = 1000;
    List<Scenario> scenarios = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--znode-writes")) {
        znodeWrites = Double.parseDouble(args[++i]);
      } else {
        String[] parts = args[i].split(",");
        scenarios.add(new Scenario(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2])));
      }
    }
    if (scenarios.isEmpty()) {
      scenarios = List.of(new Scenario(3, 100, 10_000), new Scenario(10, 1_000, 100_000),
          new Scenario(50, 10_000, 1_000_000), new Scenario(3, 100, 100), new Scenario(10, 1_000, 1_000));
    }
    System.out.printf("assumed: one znode takes %,.0f compare-and-set writes/s; a level is saturated above half%n",
        znodeWrites);
    System.out.println("| R | P | I/s | IDs/s in all | range | region ledger writes/s | block | global ledger writes/s"
        + " | values/year | 63 bits last | reached first |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for (Scenario s : scenarios) {
      double regionRate = (double) s.processes() * s.idsPerSecond();
      double total = regionRate * s.regions();
      double range = clamp(s.idsPerSecond() * TARGET_LIFETIME_S, MIN_RANGE, MAX_RANGE);
      double block = clamp(regionRate * BLOCK_LIFETIME_S, MIN_BLOCK, MAX_BLOCK);
      double blocksPerRegion = regionRate / block;
      double regionWrites = s.processes() * (s.idsPerSecond() / range) + blocksPerRegion + KEEPER_LEASE_WRITES_PER_S;
      double globalWrites = s.regions() * blocksPerRegion;
      double perYear = total * SECONDS_PER_YEAR;
      double years = VALUES / perYear;
      List<String> reached = new ArrayList<>();
      if (years < 10) {
        reached.add("the 63 bits (under 10 years)");
      }
      if (regionWrites > znodeWrites / 2) {
        reached.add("each region's ledger znode (" + percent(regionWrites / znodeWrites) + ")");
      }
      if (globalWrites > znodeWrites / 2) {
        reached.add("the global ledger znode (" + percent(globalWrites / znodeWrites) + ")");
      }
      String first = reached.isEmpty() ? "nothing: " + percent(regionWrites / znodeWrites) + " of a region znode, "
          + percent(globalWrites / znodeWrites) + " of the global" : String.join("; ", reached);
      System.out.printf("| %,d | %,d | %,d | %s | %s | %s | %s | %s | %s | %s | %s |%n", s.regions(), s.processes(),
          s.idsPerSecond(), big(total), big(range), rate(regionWrites), big(block), rate(globalWrites), big(perYear),
          years > 1e6 ? "> a million years" : String.format("%,.1f years", years), first);
    }
  }

  private static double clamp(double value, double min, double max) {
    return Math.max(min, Math.min(max, value));
  }

  private static String big(double value) {
    if (value < 1e6) {
      return String.format("%,.0f", value);
    }
    int exponent = (int) Math.floor(Math.log10(value));
    return String.format("%.1f×10^%d", value / Math.pow(10, exponent), exponent);
  }

  private static String rate(double value) {
    return value >= 10 ? String.format("%,.0f", value) : String.format("%.3f", value);
  }

  private static String percent(double fraction) {
    return fraction < 0.001 ? "<0.1 %" : String.format("%.1f %%", fraction * 100);
  }
}
