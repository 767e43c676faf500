package io.seqproxy.cli;

import io.seqproxy.jdbc.config.ConfigContents;
import io.seqproxy.jdbc.config.ConfigContents.SequenceEntry;
import io.seqproxy.jdbc.config.SeqProxyConfig;
import io.seqproxy.jdbc.rewrite.ColumnMapping;
import io.seqproxy.sequence.range.RangeStore;
import io.seqproxy.sequence.snowflake.WorkerLeases;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Reads what the stores hold; changes nothing (except creating the jdbc store's tables if missing). */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = {"Show the state in the configured stores: high-water marks, region blocks and worker leases.",
        "For each segment sequence its high-water mark (the first value no process has reserved) and range "
            + "size (in a region: the region's blocks, with who reserved each at which global version, the ranges "
            + "cut from the current one, and the global store's latest blocks per region); for each snowflake sequence its worker-id leases with their owners and last timestamps.",
        "For each sequence the columns it fills, with their existing-rows and explicit policies."})
final class InspectCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  StoreOptions options;

  @Override
  public Integer call() throws Exception {
    SeqProxyConfig loaded = options.config.load();
    List<SequenceEntry> entries = ConfigContents.sequences(loaded);
    entries.forEach(entry -> StoreAccess.requireDatabase(loaded, entry, options.database));
    PrintWriter out = spec.commandLine().getOut();
    Instant now = Instant.now();
    try (StoreAccess stores = new StoreAccess(loaded, options.database)) {
      for (SequenceEntry entry : entries) {
        Table table = new Table();
        out.println("sequence " + entry.name());
        table.row("  type", entry.type());
        if (entry.isSegment() && loaded.regions().containsKey(entry.store())) {
          RegionView.print(out, table, entry, loaded.regions().get(entry.store()), stores);
        } else if (entry.isSegment()) {
          RangeStore ranges = stores.store(entry).ranges();
          table.row("  store", ranges.describe());
          OptionalLong mark = ranges.highWater(entry.name());
          table.row("  high-water mark", mark.isPresent() ? Long.toString(mark.getAsLong())
              : "none: nothing reserved yet");
          table.row("  range size", String.format("%,d up to %,d (each process adapts within these)",
              entry.range() != null ? entry.range() : CheckCommand.DEFAULT_RANGE,
              entry.maxRange() != null ? entry.maxRange() : CheckCommand.DEFAULT_MAX_RANGE));
          if (entry.max() != null) {
            long next = mark.isPresent() ? mark.getAsLong() : entry.start() != null ? entry.start() : 1;
            table.row("  left until max", String.format("%,d values (max %,d)", Math.max(0, entry.max() - next + 1),
                entry.max()));
          }
          table.print(out);
        } else if (entry.workerId() != null) {
          table.row("  worker id", entry.workerId() + " (fixed in the configuration, no lease)");
          table.row("  end of time", entry.layout().describeEndOfTime(CheckCommand.epochOf(entry), now));
          table.print(out);
        } else {
          table.row("  end of time", entry.layout().describeEndOfTime(CheckCommand.epochOf(entry), now));
          table.row("  store", entry.store());
          if (entry.region() != null) {
            table.row("  region id", entry.region().regionId() + " (" + entry.region().bits() + " region bits; worker"
                + " ids below are this region's)");
          }
          Optional<List<WorkerLeases.LeaseRecord>> leases = stores.leases(entry);
          if (leases.isEmpty()) {
            table.row("  worker leases", "not listed for the " + entry.store() + " store");
            table.print(out);
            printColumns(out, loaded, entry);
            continue;
          }
          long live = leases.get().stream().filter(l -> l.heldAt(now.toEpochMilli())).count();
          table.row("  worker leases", leases.get().size() + " known, " + live + " live");
          table.print(out);
          for (WorkerLeases.LeaseRecord lease : leases.get()) {
            String held = lease.heldUntil() == Long.MAX_VALUE ? "live while its session lasts"
                : "live until " + Instant.ofEpochMilli(lease.heldUntil());
            out.println("    worker " + lease.workerId() + "  owner " + lease.owner() + "  "
                + (lease.heldAt(now.toEpochMilli()) ? held : "free")
                + "  last timestamp " + (lease.lastTimestamp() == 0 ? "none" : Instant.ofEpochMilli(lease.lastTimestamp())));
          }
        }
        printColumns(out, loaded, entry);
      }
    }
    return Main.OK;
  }

  /**
   * The columns the sequence fills and how each adopts what a table already holds: existing-rows
   * (segment only) and explicit. What a process skipped is in the high-water mark above: skips
   * raise it; the value a running process skipped to is its own.
   */
  private static void printColumns(PrintWriter out, SeqProxyConfig loaded, SequenceEntry entry) {
    Table table = new Table();
    for (ConfigContents.MappedColumn column : ConfigContents.columns(loaded)) {
      ColumnMapping mapping = column.mapping();
      if (mapping.sequence().equals(entry.name())) {
        table.row("    " + column.table() + "." + mapping.column(), (entry.isSegment()
            ? "existing-rows: " + (mapping.skipExisting() ? "skip" : "ignore") + ", " : "")
            + "explicit: " + mapping.explicit().yaml());
      }
    }
    if (!table.isEmpty()) {
      out.println("  fills");
      table.print(out);
    }
  }
}
