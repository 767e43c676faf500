package io.seqproxy.sequence.region;

import io.seqproxy.sequence.EpochClock;
import io.seqproxy.sequence.range.Range;
import io.seqproxy.sequence.range.RangeStore;
import io.seqproxy.sequence.spi.VersionedCells;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A region's range store whose keeper runs a round before every reservation, as a keeper running
 * beside the processes would have done by then: so the range store contract can run on regions.
 * Blocks are a quarter of the long range, so no test of the contract reaches a block's end.
 */
public final class KeeperFedRangeStore implements RangeStore {
  private final RegionRangeStore store;
  private final VersionedCells region;
  private final VersionedCells global;
  private final Map<String, BlockKeeper> keepers = new ConcurrentHashMap<>();

  public KeeperFedRangeStore(VersionedCells region, VersionedCells global) {
    this.store = new RegionRangeStore(region, "r", 5000);
    this.region = region;
    this.global = global;
  }

  @Override
  public Range reserve(String sequence, long start, long size, long maxValue) {
    long block = Long.MAX_VALUE / 4;
    synchronized (region) { // one keeper at a time, as their leadership would have it
      keepers.computeIfAbsent(sequence, s -> new BlockKeeper(region, global, "r",
        List.of(new BlockKeeper.Plan(s, 1, Long.MAX_VALUE, block, block, Duration.ofHours(1))),
        EpochClock.system(), Duration.ofSeconds(30), Duration.ofSeconds(5), "contract-keeper")).round();
    }
    return store.reserve(sequence, start, size, maxValue);
  }

  @Override
  public boolean release(String sequence, Range range, long unusedFrom) {
    return store.release(sequence, range, unusedFrom);
  }

  @Override
  public OptionalLong highWater(String sequence) {
    return store.highWater(sequence);
  }

  @Override
  public long raiseTo(String sequence, long value) {
    return store.raiseTo(sequence, value);
  }

  @Override
  public String describe() {
    return store.describe();
  }

  @Override
  public void close() {}
}
