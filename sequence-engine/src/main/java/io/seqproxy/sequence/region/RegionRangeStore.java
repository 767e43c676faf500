package io.seqproxy.sequence.region;

import io.seqproxy.sequence.SequenceUnavailableException;
import io.seqproxy.sequence.range.Range;
import io.seqproxy.sequence.range.RangeStore;
import io.seqproxy.sequence.spi.VersionedCells;
import io.seqproxy.sequence.spi.VersionedCells.Cell;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Ranges cut from the blocks a region's store holds: what a process of a region uses instead of
 * its store's plain ranges when the store has a {@code parent}. The process talks to its region's
 * store only; blocks are moved there from the global store by the region's {@link BlockKeeper}.
 *
 * <p>How it is safe: the region ledger is one cell changed only by compare-and-set on its
 * version, so two processes never cut overlapping ranges; a range is returned only after the
 * write that records it committed. A block is in the ledger only after the global write that
 * reserved it committed. When the blocks are used up (the global store or the keeper is away)
 * a reservation fails at once with {@link SequenceUnavailableException}; the range sequence's
 * {@code fetch-timeout} bounds how long a caller keeps trying. No value outside a block is
 * ever issued.
 */
public final class RegionRangeStore implements RangeStore {
  private final VersionedCells cells;
  private final String region;
  private final long maxWaitNanos;
  private final String process = Processes.current();

  /**
   * @param cells the region store's cells
   * @param region the region's name, for messages
   * @param maxWaitMillis how long a reservation may keep losing to other processes of the region
   */
  public RegionRangeStore(VersionedCells cells, String region, long maxWaitMillis) {
    this.cells = cells;
    this.region = region;
    this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
  }

  static String cellOf(String sequence) {
    return "region/" + sequence;
  }

  @Override
  public Range reserve(String sequence, long start, long size, long maxValue) {
    String cell = cellOf(sequence);
    long deadline = System.nanoTime() + maxWaitNanos;
    for (int attempt = 1; ; attempt++) {
      Optional<Cell> read = cells.read(cell);
      if (read.isEmpty()) {
        throw noBlock(sequence, "no block has arrived yet");
      }
      RegionLedger ledger = RegionLedger.parse(cell, read.get().value());
      long version = read.get().version();
      Optional<RegionLedger.Cut> cut = ledger.cut(sequence, start, size, maxValue, process, version + 1);
      if (cut.isEmpty()) {
        throw noBlock(sequence, "its blocks are used up");
      }
      if (cells.write(cell, version, cut.get().after().text()).isPresent()) {
        return new Range(cut.get().start(), cut.get().end());
      }
      pause(sequence, attempt, deadline);
    }
  }

  private SequenceUnavailableException noBlock(String sequence, String why) {
    return new SequenceUnavailableException("region " + region + " holds no unreserved values of sequence "
        + sequence + " in " + cells.describe() + ": " + why + "; blocks come from the parent store through"
        + " `seqproxy keeper`, which may not be running or may not reach the parent store");
  }

  private void pause(String sequence, int attempt, long deadline) {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      throw new SequenceUnavailableException("sequence " + sequence + ": reserving in region " + region
          + " lost to other processes " + attempt + " times within " + TimeUnit.NANOSECONDS.toMillis(maxWaitNanos)
          + " ms");
    }
    if (attempt == 1) {
      return;
    }
    long pauseMicros = ThreadLocalRandom.current().nextLong(100, 1000L * Math.min(attempt, 20));
    try {
      TimeUnit.MICROSECONDS.sleep(Math.min(pauseMicros, TimeUnit.NANOSECONDS.toMicros(remaining)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SequenceUnavailableException("sequence " + sequence + ": interrupted while reserving", e);
    }
  }

  @Override
  public boolean release(String sequence, Range range, long unusedFrom) {
    String cell = cellOf(sequence);
    Optional<Cell> read = cells.read(cell);
    if (read.isEmpty()) {
      return false;
    }
    Optional<RegionLedger> after = RegionLedger.parse(cell, read.get().value()).giveBack(range.end(), unusedFrom);
    return after.isPresent() && cells.write(cell, read.get().version(), after.get().text()).isPresent();
  }

  @Override
  public OptionalLong highWater(String sequence) {
    // Blocks that arrived before any range was reserved are not a mark yet.
    return ledger(sequence).filter(l -> l.cursor() > 0 || !l.ranges().isEmpty())
        .map(l -> OptionalLong.of(l.cursor())).orElse(OptionalLong.empty());
  }

  /** The region ledger of {@code sequence}, for operators; empty when no block ever arrived. */
  public Optional<RegionLedger> ledger(String sequence) {
    return cells.read(cellOf(sequence)).map(c -> RegionLedger.parse(cellOf(sequence), c.value()));
  }

  /**
   * Moves the region past {@code value}: blocks below it are dropped, and when none is left the
   * ledger's floor makes the keeper's next block start above it. Never talks to the global store.
   */
  @Override
  public long raiseTo(String sequence, long value) {
    String cell = cellOf(sequence);
    long deadline = System.nanoTime() + maxWaitNanos;
    for (int attempt = 1; ; attempt++) {
      Optional<Cell> read = cells.read(cell);
      RegionLedger ledger = read.map(c -> RegionLedger.parse(cell, c.value())).orElse(RegionLedger.empty(1));
      RegionLedger raised = ledger.raisedTo(value);
      if (raised == ledger) {
        return ledger.cursor();
      }
      if (cells.write(cell, read.map(Cell::version).orElse(-1L), raised.text()).isPresent()) {
        return raised.cursor();
      }
      pause(sequence, attempt, deadline);
    }
  }

  @Override
  public String describe() {
    return "region " + region + " in " + cells.describe();
  }

  @Override
  public void close() {
    // the cells belong to the region's store
  }
}
