package io.seqproxy.sequence.range;

/** The memory store: every client shares one JVM map (its close does nothing). */
class MemoryRangeStoreTest extends RangeStoreContract {
  private final MemoryRangeStore shared = new MemoryRangeStore();

  @Override
  protected RangeStore openStore() {
    return shared;
  }
}
