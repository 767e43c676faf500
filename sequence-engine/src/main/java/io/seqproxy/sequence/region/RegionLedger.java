package io.seqproxy.sequence.region;

import io.seqproxy.sequence.SequenceExhaustedException;
import io.seqproxy.sequence.range.RangeMath;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a region's store holds for one sequence, as one versioned cell: the blocks the region owns
 * (the first is the one ranges are cut from, the others wait), the cursor (the first value of the
 * blocks no process of the region has reserved), a floor below which no new block may start
 * (raised when a process moves the sequence past existing data), the size the keeper reserves
 * next, and the latest ranges reserved, each with its process and the version it committed.
 *
 * <p>Immutable; every change returns a new ledger, written back by compare-and-set. The text form
 * is one fact per line, so an operator can read it with {@code zkCli.sh get} or a SELECT.
 */
public record RegionLedger(long cursor, long floor, long nextBlockSize, List<Block> blocks, List<Reservation> ranges) {

  /** How many recent ranges the ledger keeps for operators. */
  static final int KEPT_RANGES = 8;

  public RegionLedger {
    blocks = List.copyOf(blocks);
    ranges = List.copyOf(ranges);
  }

  static RegionLedger empty(long blockSize) {
    return new RegionLedger(0, 0, blockSize, List.of(), List.of());
  }

  /** Values of the blocks that no process has reserved yet. */
  public long unreserved() {
    long left = 0;
    for (Block block : blocks) {
      left += block.end() - Math.max(block.start(), Math.min(cursor, block.end()));
    }
    return left;
  }

  /** The block ranges are cut from now; empty when the region has none left. */
  public Optional<Block> current() {
    return blocks.stream().filter(b -> cursor < b.end()).findFirst();
  }

  /** The result of cutting a range: the range and the ledger after it. */
  record Cut(long start, long end, RegionLedger after) {}

  /**
   * Cuts up to {@code size} values, not below {@code start} and not past {@code maxValue} or the
   * end of the block they come from; empty when no block has a value left.
   *
   * @throws SequenceExhaustedException when the blocks hold only values past {@code maxValue}
   */
  Optional<Cut> cut(String sequence, long start, long size, long maxValue, String process, long newVersion) {
    long from = Math.max(cursor, start);
    for (Block block : blocks) {
      if (from >= block.end()) {
        continue;
      }
      from = Math.max(from, block.start());
      if (from > maxValue) {
        throw new SequenceExhaustedException("sequence " + sequence + " has issued every value up to its max "
            + maxValue);
      }
      long to = Math.min(RangeMath.endOf(from, size, maxValue), block.end());
      List<Block> left = blocks.stream().filter(b -> b.end() > to).toList();
      List<Reservation> kept = new ArrayList<>(ranges);
      kept.add(new Reservation(from, to, process, newVersion));
      while (kept.size() > KEPT_RANGES) {
        kept.remove(0);
      }
      return Optional.of(new Cut(from, to, new RegionLedger(to, floor, nextBlockSize, withUsedUp(left, block), kept)));
    }
    return Optional.empty();
  }

  /** The blocks still holding values, keeping the one just cut from so operators see it used up. */
  private static List<Block> withUsedUp(List<Block> left, Block cutFrom) {
    if (left.contains(cutFrom)) {
      return left;
    }
    List<Block> all = new ArrayList<>();
    all.add(cutFrom);
    all.addAll(left);
    return all;
  }

  /** The ledger with {@code block} appended, at the block size the keeper chose next. */
  RegionLedger append(Block block, long nextSize) {
    List<Block> all = new ArrayList<>();
    blocks.stream().filter(b -> b.end() > cursor).forEach(all::add);
    all.add(block);
    // Two keepers may append out of order; a block that ends up below the cursor is a gap only.
    all.sort(java.util.Comparator.comparingLong(Block::start));
    return new RegionLedger(cursor, floor, nextSize, all, ranges);
  }

  /** Hands {@code [unusedFrom, end)} back when nothing was reserved after {@code end}. */
  Optional<RegionLedger> giveBack(long end, long unusedFrom) {
    boolean inOneBlock = blocks.stream().anyMatch(b -> b.start() <= unusedFrom && end <= b.end());
    if (cursor != end || !inOneBlock || unusedFrom >= end) {
      return Optional.empty();
    }
    return Optional.of(new RegionLedger(unusedFrom, floor, nextBlockSize, blocks, ranges));
  }

  /** The ledger after moving past {@code value}: blocks below it dropped, the floor raised when none is left. */
  RegionLedger raisedTo(long value) {
    if (value <= cursor) {
      return this;
    }
    List<Block> left = blocks.stream().filter(b -> b.end() > value).toList();
    long newFloor = left.isEmpty() ? Math.max(floor, value) : floor;
    return new RegionLedger(value, newFloor, nextBlockSize, left, ranges);
  }

  String text() {
    StringBuilder text = new StringBuilder();
    text.append("cursor ").append(cursor).append('\n');
    text.append("floor ").append(floor).append('\n');
    text.append("block-size ").append(nextBlockSize).append('\n');
    blocks.forEach(b -> text.append(b.line()).append('\n'));
    ranges.forEach(r -> text.append(r.line()).append('\n'));
    return text.toString();
  }

  /**
   * @throws IllegalStateException naming the cell when the text is damaged: issuing stops rather
   *     than guesses
   */
  static RegionLedger parse(String cell, String text) {
    long cursor = -1;
    long floor = 0;
    long size = -1;
    List<Block> blocks = new ArrayList<>();
    List<Reservation> ranges = new ArrayList<>();
    try {
      for (String[] words : LedgerText.lines(text)) {
        switch (words[0]) {
          case "cursor" -> cursor = Long.parseLong(words[1]);
          case "floor" -> floor = Long.parseLong(words[1]);
          case "block-size" -> size = Long.parseLong(words[1]);
          case "block" -> blocks.add(Block.parse(words));
          case "range" -> ranges.add(Reservation.parse(words));
          default -> throw LedgerText.unknown(words);
        }
      }
      if (cursor < 0 || size < 1) {
        throw new IllegalArgumentException("no cursor or block-size line");
      }
    } catch (RuntimeException e) {
      throw new IllegalStateException("the region ledger " + cell + " is damaged (" + e.getMessage()
          + "); nothing is issued from it until an operator repairs it", e);
    }
    return new RegionLedger(cursor, floor, size, blocks, ranges);
  }
}
