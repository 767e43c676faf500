package io.seqproxy.sequence.region;

import io.seqproxy.sequence.range.RangeStore;
import io.seqproxy.sequence.range.RangeStoreContract;
import io.seqproxy.sequence.spi.MemoryCells;

/** The range store contract on a region whose blocks come from a global store (memory cells). */
class RegionRangeStoreContractTest extends RangeStoreContract {
  private final MemoryCells region = new MemoryCells();
  private final MemoryCells global = new MemoryCells();

  @Override
  protected RangeStore openStore() {
    return new KeeperFedRangeStore(region, global);
  }
}
