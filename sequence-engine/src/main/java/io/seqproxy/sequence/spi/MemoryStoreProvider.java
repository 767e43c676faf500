package io.seqproxy.sequence.spi;

import io.seqproxy.sequence.range.MemoryRangeStore;
import io.seqproxy.sequence.range.RangeStore;
import io.seqproxy.sequence.snowflake.MemoryWorkerLeases;
import io.seqproxy.sequence.snowflake.WorkerLeases;
import java.util.Map;
import java.util.Set;

/** The {@code memory} store: one process, nothing survives a restart. For tests and demos. */
public final class MemoryStoreProvider implements SequenceStoreProvider {

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public Set<String> settingKeys() {
    return Set.of();
  }

  @Override
  public SequenceStore open(Map<String, Object> settings, StoreContext context) {
    new Settings("stores.memory", settings).requireOnly(Set.of());
    return new MemoryStore();
  }

  /** Memory ranges and worker ids of one process. */
  public static final class MemoryStore implements SequenceStore {
    private final MemoryRangeStore ranges = new MemoryRangeStore();
    private final MemoryWorkerLeases leases = new MemoryWorkerLeases();
    private final MemoryCells cells = new MemoryCells();

    @Override
    public RangeStore ranges() {
      return ranges;
    }

    @Override
    public WorkerLeases workerLeases() {
      return leases;
    }

    @Override
    public VersionedCells cells() {
      return cells;
    }

    @Override
    public void close() {}
  }
}
