package io.seqproxy.sequence.snowflake;

import io.seqproxy.sequence.ClockMovedBackwardsException;
import io.seqproxy.sequence.EpochClock;
import io.seqproxy.sequence.SequenceUnavailableException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Worker ids leased within one process: several generators of one sequence in one JVM. */
public final class MemoryWorkerLeases implements WorkerLeases {

  /** Per sequence and worker id: the last timestamp persisted, or -1 while the id is held. */
  private final Map<String, Map<Integer, Long>> released = new HashMap<>();

  @Override
  public synchronized WorkerLease acquire(String sequence, int maxWorkerId, EpochClock clock, long toleranceMillis) {
    Map<Integer, Long> ids = released.computeIfAbsent(sequence, s -> new HashMap<>());
    long now = clock.millis();
    long closestAhead = Long.MAX_VALUE;
    for (int id = 0; id <= maxWorkerId; id++) {
      long last = ids.getOrDefault(id, 0L);
      if (last < 0) {
        continue;
      }
      if (last - now > toleranceMillis) {
        closestAhead = Math.min(closestAhead, last - now);
        continue;
      }
      ids.put(id, -1L);
      return new Held(sequence, id, last);
    }
    if (closestAhead != Long.MAX_VALUE) {
      throw new ClockMovedBackwardsException("sequence " + sequence + ": the clock is " + closestAhead
          + " ms behind the timestamps of the free worker ids", closestAhead);
    }
    throw new SequenceUnavailableException("sequence " + sequence + ": all " + (maxWorkerId + 1)
        + " worker ids are leased in this process");
  }

  @Override
  public synchronized Optional<List<LeaseRecord>> list(String sequence) {
    List<LeaseRecord> records = new ArrayList<>();
    new TreeMap<>(released.getOrDefault(sequence, Map.of())).forEach((id, last) -> records.add(last < 0
        ? new LeaseRecord(id, "this process", Long.MAX_VALUE, 0) : new LeaseRecord(id, "", 0, last)));
    return Optional.of(records);
  }

  private synchronized void release(String sequence, int id, long lastTimestamp) {
    released.get(sequence).put(id, lastTimestamp);
  }

  private final class Held implements WorkerLease {
    private final String sequence;
    private final int workerId;
    private final long lastTimestamp;
    private volatile long validUntil = Long.MAX_VALUE;

    Held(String sequence, int workerId, long lastTimestamp) {
      this.sequence = sequence;
      this.workerId = workerId;
      this.lastTimestamp = lastTimestamp;
    }

    @Override
    public int workerId() {
      return workerId;
    }

    @Override
    public long lastTimestamp() {
      return lastTimestamp;
    }

    @Override
    public long validUntil() {
      return validUntil;
    }

    @Override
    public String invalidReason() {
      return validUntil == 0 ? "worker id " + workerId + " of " + sequence + " was released" : null;
    }

    @Override
    public void release(long lastIssuedMillis) {
      if (validUntil == 0) {
        return;
      }
      validUntil = 0;
      MemoryWorkerLeases.this.release(sequence, workerId, Math.max(lastIssuedMillis, lastTimestamp));
    }
  }
}
