package io.seqproxy.sequence;

import io.seqproxy.sequence.monitor.SequenceHealth;
import io.seqproxy.sequence.monitor.SequenceMetric;
import java.util.Map;

/**
 * A source of cluster-unique, positive 64-bit values.
 *
 * <p>Every value is unique for the sequence across every process that shares its store, for the
 * sequence's life. Gaps are allowed; duplicates never. Within one process the values a caller
 * receives are strictly increasing: a value taken after another value (by any thread, in
 * happens-before order) is larger.
 */
public interface Sequence extends AutoCloseable {

  /** The sequence's name, as configured. */
  String name();

  /**
   * The next value.
   *
   * @throws SequenceUnavailableException when the store cannot be reached and nothing reserved
   *     is left, after a bounded wait; transient
   * @throws SequenceException for any other reason the value cannot be issued, e.g. the clock
   *     moved backwards beyond the tolerance or the sequence is exhausted
   */
  long next();

  /**
   * {@code count} values in ascending order, for multi-row inserts and batches. Engines take
   * them in as few atomic steps as they can, not one lock per value.
   */
  default long[] next(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    long[] values = new long[count];
    for (int i = 0; i < count; i++) {
      values[i] = next();
    }
    return values;
  }

  /**
   * The first of {@code size} consecutive values {@code [v, v + size)}, all issued to the caller
   * at once, for a caller that hands them out itself (Hibernate's pooled optimizers). Values
   * skipped to find room are gaps, never issued.
   *
   * @throws SequenceException when the engine cannot issue {@code size} consecutive values
   */
  default long nextBlock(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1: " + size);
    }
    if (size == 1) {
      return next();
    }
    throw new SequenceException("sequence " + name() + " cannot issue " + size + " consecutive values");
  }

  /**
   * This sequence's figures (see {@link SequenceMetric}), read now. Reading them costs the
   * issuing of values nothing: the engines keep their counters where the work already happens.
   * Empty for a sequence that keeps none.
   */
  default Map<SequenceMetric, Number> metrics() {
    return Map.of();
  }

  /** Whether the next value can be issued, and why not when it cannot. */
  default SequenceHealth health() {
    return SequenceHealth.up(Map.of());
  }

  /** Stops issuing and gives back what can be given back (an unused range tail, a worker lease). */
  @Override
  void close();
}
