package io.seqproxy.sequence.spi;

import io.seqproxy.sequence.range.RangeStore;
import io.seqproxy.sequence.snowflake.WorkerLeases;

/** A named store, opened from configuration: where ranges are reserved and worker ids leased. */
public interface SequenceStore extends AutoCloseable {

  RangeStore ranges();

  WorkerLeases workerLeases();

  /**
   * Versioned cells, where a region's store keeps the blocks it holds from its parent store and
   * where a global store keeps its mark.
   *
   * @throws UnsupportedOperationException for a store that cannot hold them
   */
  default VersionedCells cells() {
    throw new UnsupportedOperationException("this store cannot hold the blocks of a region");
  }

  @Override
  void close();
}
