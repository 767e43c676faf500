package io.seqproxy.cli;

import io.seqproxy.jdbc.config.ConfigContents;
import io.seqproxy.jdbc.config.ConfigContents.SequenceEntry;
import io.seqproxy.jdbc.config.RegionSpec;
import io.seqproxy.jdbc.config.SeqProxyConfig;
import io.seqproxy.sequence.EpochClock;
import io.seqproxy.sequence.region.Block;
import io.seqproxy.sequence.region.BlockKeeper;
import io.seqproxy.sequence.region.RegionLedger;
import io.seqproxy.sequence.region.RegionRangeStore;
import io.seqproxy.sequence.spi.VersionedCells;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Moves blocks from the global store into one region's store, until stopped. The only process
 * that talks to the global store; run two or three per region (they elect a leader through a
 * lease in the region's store, and only the leader reserves).
 */
@Command(name = "keeper", mixinStandardHelpOptions = true,
    description = {"Keep a region's store supplied with blocks from its parent (global) store, until stopped.",
        "For every segment sequence of the region's store: when the region holds no block with values left, or "
            + "only one that is half reserved, reserve the next block in the parent store and append it to the "
            + "region's. Several keepers per region elect a leader; only the leader reserves. Prints one line per "
            + "block."})
final class KeeperCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  StoreOptions options;

  @Option(names = "--region", paramLabel = "STORE",
      description = "The region's store under stores: (one with a parent). Default: the only such store.")
  String regionStore;

  @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s",
      description = "How often the keeper looks at the region (default 1s).")
  String interval;

  @Option(names = "--name", paramLabel = "NAME",
      description = "This keeper's name in the ledgers and the leader lease. Default: pid@host.")
  String name;

  @Option(names = "--leader-lease", paramLabel = "DURATION", defaultValue = "10s",
      description = "How long a leader holds the region without renewing (default 10s); another keeper takes over"
          + " after it.")
  String leaderLease;

  @Override
  public Integer call() throws Exception {
    SeqProxyConfig loaded = options.config.load();
    RegionSpec region = region(loaded);
    Duration every = duration("--interval", interval);
    Duration lease = duration("--leader-lease", leaderLease);
    List<BlockKeeper.Plan> plans = new ArrayList<>();
    for (SequenceEntry entry : ConfigContents.sequences(loaded)) {
      if (entry.isSegment() && entry.store().equals(region.store())) {
        plans.add(new BlockKeeper.Plan(entry.name(), entry.start() != null ? entry.start() : 1,
            entry.max() != null ? entry.max() : Long.MAX_VALUE, region.block(), region.maxBlock(),
            region.blockLifetime()));
      }
    }
    if (plans.isEmpty()) {
      throw new CommandFailure(Main.USAGE, "no segment sequence of " + loaded.source() + " uses store '"
          + region.store() + "': the keeper has nothing to keep");
    }
    PrintWriter out = spec.commandLine().getOut();
    String me = name != null ? name : ProcessHandle.current().pid() + "@" + java.net.InetAddress.getLocalHost().getHostName();
    try (StoreAccess stores = new StoreAccess(loaded, options.database)) {
      VersionedCells regionCells = stores.store(region.store()).cells();
      VersionedCells globalCells = stores.store(region.parent()).cells();
      BlockKeeper keeper = new BlockKeeper(regionCells, globalCells, region.region(), plans, EpochClock.system(),
          lease, Duration.ofSeconds(5), me);
      out.println("keeper " + me + " for region " + region.region() + " (store " + region.store() + ", parent "
          + region.parent() + "): " + plans.stream().map(BlockKeeper.Plan::sequence).collect(Collectors.joining(", ")));
      out.flush();
      CountDownLatch stopped = new CountDownLatch(1);
      Thread hook = new Thread(stopped::countDown);
      Runtime.getRuntime().addShutdownHook(hook);
      boolean wasLeader = false;
      while (stopped.getCount() > 0) {
        int appended = keeper.round();
        if (keeper.isLeader() != wasLeader) {
          wasLeader = keeper.isLeader();
          out.println(Instant.now() + " " + (wasLeader ? "leads" : "follows") + " region " + region.region());
        }
        if (appended > 0) {
          for (BlockKeeper.Plan plan : plans) {
            RegionLedger ledger = new RegionRangeStore(regionCells, region.region(), 1000).ledger(plan.sequence())
                .orElse(null);
            if (ledger != null && !ledger.blocks().isEmpty()) {
              Block last = ledger.blocks().get(ledger.blocks().size() - 1);
              out.println(Instant.now() + " " + plan.sequence() + " block [" + last.start() + ", " + last.end()
                  + ") size " + last.size() + " global version " + last.globalVersion() + "; global writes "
                  + keeper.globalWrites());
            }
          }
        }
        out.flush();
        stopped.await(every.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      }
      keeper.close();
    }
    return Main.OK;
  }

  private RegionSpec region(SeqProxyConfig loaded) {
    Map<String, RegionSpec> regions = loaded.regions();
    if (regionStore != null) {
      RegionSpec spec = regions.get(regionStore);
      if (spec == null) {
        throw new CommandFailure(Main.USAGE, "store '" + regionStore + "' of " + loaded.source() + " has no parent;"
            + " region stores: " + (regions.isEmpty() ? "none" : String.join(", ", regions.keySet())));
      }
      return spec;
    }
    if (regions.size() != 1) {
      throw new CommandFailure(Main.USAGE, regions.isEmpty()
          ? loaded.source() + " has no region store (a store with parent:): the keeper has nothing to keep"
          : "give --region: " + loaded.source() + " has several region stores: " + String.join(", ", regions.keySet()));
    }
    return regions.values().iterator().next();
  }

  private static Duration duration(String option, String text) {
    try {
      Duration parsed = io.seqproxy.sequence.spi.Settings.parseDuration(text);
      if (!parsed.isZero()) {
        return parsed;
      }
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(Main.USAGE, option + ": " + e.getMessage());
    }
    throw new CommandFailure(Main.USAGE, option + ": expected a positive duration, got '" + text + "'");
  }
}
