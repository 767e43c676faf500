package io.seqproxy.sequence.spi;

import io.seqproxy.sequence.range.RangeStore;
import io.seqproxy.sequence.snowflake.WorkerLeases;

/** A named store, opened from configuration: where ranges are reserved and worker ids leased. */
public interface SequenceStore extends AutoCloseable {

  RangeStore ranges();

  WorkerLeases workerLeases();

  @Override
  void close();
}
