package io.seqproxy.sequence.region;

import io.seqproxy.sequence.spi.MemoryCells;
import io.seqproxy.sequence.spi.VersionedCells;

class MemoryCellsTest extends VersionedCellsContract {
  private final MemoryCells cells = new MemoryCells();

  @Override
  protected VersionedCells cells() {
    return cells;
  }
}
