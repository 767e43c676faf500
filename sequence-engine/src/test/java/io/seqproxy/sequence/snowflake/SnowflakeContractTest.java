package io.seqproxy.sequence.snowflake;

import io.seqproxy.sequence.Sequence;
import io.seqproxy.sequence.SequenceContract;

/** The sequence contract on Snowflake with the standard layout and the system clock. */
class SnowflakeContractTest extends SequenceContract {
  @Override
  protected Sequence openSequence(String name) {
    return SnowflakeSequence.builder(name, SnowflakeLayout.standard()).lease(WorkerLease.fixed(7)).build();
  }
}
