package io.seqproxy.sequence.spi;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** {@link VersionedCells} in this JVM's memory, for tests and demos of one process. */
public final class MemoryCells implements VersionedCells {
  private final ConcurrentHashMap<String, Cell> cells = new ConcurrentHashMap<>();

  @Override
  public Optional<Cell> read(String name) {
    return Optional.ofNullable(cells.get(name));
  }

  @Override
  public OptionalLong write(String name, long expectedVersion, String value) {
    Cell next = new Cell(value, expectedVersion + 1);
    if (expectedVersion < 0) {
      return cells.putIfAbsent(name, next) == null ? OptionalLong.of(next.version()) : OptionalLong.empty();
    }
    // compute runs atomically per key: the version check and the write are one step.
    boolean[] written = new boolean[1];
    cells.computeIfPresent(name, (key, current) -> {
      written[0] = current.version() == expectedVersion;
      return written[0] ? next : current;
    });
    return written[0] ? OptionalLong.of(next.version()) : OptionalLong.empty();
  }

  @Override
  public String describe() {
    return "memory store";
  }
}
