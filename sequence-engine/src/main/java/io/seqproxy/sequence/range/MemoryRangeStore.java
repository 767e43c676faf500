package io.seqproxy.sequence.range;

import io.seqproxy.sequence.SequenceExhaustedException;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ranges kept in this JVM's memory: for tests and demos of one process. Nothing survives a
 * restart, so values repeat after one; the driver warns when it is configured.
 */
public final class MemoryRangeStore implements RangeStore {

  private final ConcurrentHashMap<String, AtomicLong> highWater = new ConcurrentHashMap<>();

  @Override
  public Range reserve(String sequence, long start, long size, long maxValue) {
    AtomicLong mark = highWater.computeIfAbsent(sequence, s -> new AtomicLong(Long.MIN_VALUE));
    for (;;) {
      long current = mark.get();
      long from = Math.max(current, start);
      if (from > maxValue) {
        throw new SequenceExhaustedException("sequence " + sequence + " has issued every value up to its max "
            + maxValue);
      }
      long to = RangeMath.endOf(from, size, maxValue);
      if (mark.compareAndSet(current, to)) {
        return new Range(from, to);
      }
    }
  }

  @Override
  public boolean release(String sequence, Range range, long unusedFrom) {
    AtomicLong mark = highWater.get(sequence);
    return mark != null && unusedFrom < range.end() && mark.compareAndSet(range.end(), unusedFrom);
  }

  @Override
  public OptionalLong highWater(String sequence) {
    AtomicLong mark = highWater.get(sequence);
    return mark == null || mark.get() == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(mark.get());
  }

  @Override
  public long raiseTo(String sequence, long value) {
    AtomicLong mark = highWater.computeIfAbsent(sequence, s -> new AtomicLong(Long.MIN_VALUE));
    return mark.accumulateAndGet(value, Math::max);
  }

  @Override
  public String describe() {
    return "memory store";
  }

  @Override
  public void close() {}
}
