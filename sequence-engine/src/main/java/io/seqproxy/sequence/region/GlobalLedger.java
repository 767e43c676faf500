package io.seqproxy.sequence.region;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * What the global store holds for one sequence, as one versioned cell: the mark (the first value
 * no region has reserved) and the latest blocks handed to regions, each with its region, keeper
 * and the version that committed it.
 */
public record GlobalLedger(OptionalLong mark, List<Block> blocks) {

  /** How many recent blocks the ledger keeps for operators. */
  static final int KEPT_BLOCKS = 16;

  public GlobalLedger {
    blocks = List.copyOf(blocks);
  }

  /** The global ledger of {@code sequence} in {@code global}, for operators; empty when no block was reserved. */
  public static java.util.Optional<GlobalLedger> read(io.seqproxy.sequence.spi.VersionedCells global, String sequence) {
    String cell = BlockKeeper.globalCellOf(sequence);
    return global.read(cell).map(c -> parse(cell, c.value()));
  }

  static GlobalLedger empty() {
    return new GlobalLedger(OptionalLong.empty(), List.of());
  }

  GlobalLedger with(Block block) {
    List<Block> kept = new ArrayList<>(blocks);
    kept.add(block);
    while (kept.size() > KEPT_BLOCKS) {
      kept.remove(0);
    }
    return new GlobalLedger(OptionalLong.of(block.end()), kept);
  }

  String text() {
    StringBuilder text = new StringBuilder();
    mark.ifPresent(m -> text.append("mark ").append(m).append('\n'));
    blocks.forEach(b -> text.append(b.line()).append('\n'));
    return text.toString();
  }

  static GlobalLedger parse(String cell, String text) {
    OptionalLong mark = OptionalLong.empty();
    List<Block> blocks = new ArrayList<>();
    try {
      for (String[] words : LedgerText.lines(text)) {
        switch (words[0]) {
          case "mark" -> mark = OptionalLong.of(Long.parseLong(words[1]));
          case "block" -> blocks.add(Block.parse(words));
          default -> throw LedgerText.unknown(words);
        }
      }
    } catch (RuntimeException e) {
      throw new IllegalStateException("the global ledger " + cell + " is damaged (" + e.getMessage()
          + "); no block is reserved from it until an operator repairs it", e);
    }
    return new GlobalLedger(mark, blocks);
  }
}
