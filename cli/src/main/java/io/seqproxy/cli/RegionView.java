package io.seqproxy.cli;

import io.seqproxy.jdbc.config.ConfigContents.SequenceEntry;
import io.seqproxy.jdbc.config.RegionSpec;
import io.seqproxy.sequence.region.Block;
import io.seqproxy.sequence.region.GlobalLedger;
import io.seqproxy.sequence.region.RegionLedger;
import io.seqproxy.sequence.region.RegionRangeStore;
import io.seqproxy.sequence.region.Reservation;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What {@code inspect} shows of a segment sequence whose store is a region's. */
final class RegionView {
  private RegionView() {}

  static void print(PrintWriter out, Table table, SequenceEntry entry, RegionSpec region, StoreAccess stores) {
    RegionRangeStore ranges = new RegionRangeStore(stores.store(entry).cells(), region.region(), 1000);
    table.row("  store", ranges.describe());
    table.row("  region", region.region() + " (blocks from store " + region.parent() + ")");
    Optional<RegionLedger> ledger = ranges.ledger(entry.name());
    if (ledger.isEmpty()) {
      table.row("  blocks", "none yet: is `seqproxy keeper` running for this region?");
      table.print(out);
    } else {
      RegionLedger l = ledger.get();
      table.row("  next unreserved", Long.toString(l.cursor()));
      table.row("  unreserved values", String.format("%,d in %d block(s); next block size %,d", l.unreserved(),
          l.blocks().stream().filter(b -> b.end() > l.cursor()).count(), l.nextBlockSize()));
      table.print(out);
      out.println("    blocks held by region " + region.region() + ":");
      for (Block block : l.blocks()) {
        out.println("      " + describe(block) + (l.cursor() >= block.end() ? "  used up"
            : l.current().filter(block::equals).isPresent() ? "  current" : "  waiting"));
      }
      Optional<Block> current = l.current();
      out.println("    latest ranges" + current.map(b -> " in the current block").orElse("") + ":");
      for (Reservation range : l.ranges()) {
        if (current.isEmpty() || (range.start() >= current.get().start() && range.end() <= current.get().end())) {
          out.println("      [" + range.start() + ", " + range.end() + ")  by " + range.reservedBy()
              + "  committed at region version " + range.version());
        }
      }
    }
    try {
      Optional<GlobalLedger> global = GlobalLedger.read(stores.store(region.parent()).cells(), entry.name());
      if (global.isEmpty()) {
        out.println("    global store " + region.parent() + ": no block reserved yet");
        return;
      }
      out.println("    global store " + region.parent() + ": mark " + global.get().mark().orElse(0)
          + "; latest blocks per region:");
      Map<String, java.util.List<Block>> byRegion = new TreeMap<>(global.get().blocks().stream()
          .collect(Collectors.groupingBy(Block::region)));
      byRegion.forEach((name, blocks) -> blocks.forEach(b -> out.println("      " + describe(b))));
    } catch (RuntimeException e) {
      out.println("    global store " + region.parent() + ": not reachable (" + e.getMessage() + ")");
    }
  }

  private static String describe(Block block) {
    return String.format("[%d, %d)  %,d values  region %s  by %s  global version %d  at %s", block.start(),
        block.end(), block.size(), block.region(), block.reservedBy(), block.globalVersion(),
        Instant.ofEpochMilli(block.reservedAt()));
  }
}
