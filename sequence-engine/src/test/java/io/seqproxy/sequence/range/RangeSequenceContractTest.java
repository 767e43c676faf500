package io.seqproxy.sequence.range;

import io.seqproxy.sequence.Sequence;
import io.seqproxy.sequence.SequenceContract;

/** The sequence contract on range allocation with small ranges, so that many are fetched. */
class RangeSequenceContractTest extends SequenceContract {
  private final MemoryRangeStore store = new MemoryRangeStore();

  @Override
  protected Sequence openSequence(String name) {
    return RangeSequence.builder(name, store).initialSize(100).maxSize(100_000).build();
  }
}
