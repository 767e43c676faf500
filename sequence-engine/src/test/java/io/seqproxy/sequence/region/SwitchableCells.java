package io.seqproxy.sequence.region;

import io.seqproxy.sequence.SequenceUnavailableException;
import io.seqproxy.sequence.spi.MemoryCells;
import io.seqproxy.sequence.spi.VersionedCells;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/** Memory cells that can be made unreachable, and count their successful writes. */
final class SwitchableCells implements VersionedCells {
  private final MemoryCells cells = new MemoryCells();
  private final AtomicLong writes = new AtomicLong();
  volatile boolean down;

  @Override
  public Optional<Cell> read(String name) {
    check();
    return cells.read(name);
  }

  @Override
  public OptionalLong write(String name, long expectedVersion, String value) {
    check();
    OptionalLong written = cells.write(name, expectedVersion, value);
    if (written.isPresent()) {
      writes.incrementAndGet();
    }
    return written;
  }

  long writes() {
    return writes.get();
  }

  private void check() {
    if (down) {
      throw new SequenceUnavailableException("the test's store is down");
    }
  }

  @Override
  public String describe() {
    return "test store";
  }
}
