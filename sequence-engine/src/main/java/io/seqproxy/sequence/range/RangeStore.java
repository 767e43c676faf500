package io.seqproxy.sequence.range;

import io.seqproxy.sequence.SequenceExhaustedException;
import io.seqproxy.sequence.SequenceUnavailableException;
import java.util.OptionalLong;

/**
 * Where range sequences reserve their values. Each sequence has a high-water mark: the first
 * value no process has reserved yet. A reservation moves it up atomically and durably (a quorum
 * write, or a committed database update) before it returns, so no two reservations ever
 * overlap, in this process or any other sharing the store, even across crashes.
 *
 * <p>Implementations are thread-safe.
 */
public interface RangeStore extends AutoCloseable {

  /**
   * Reserves the next {@code size} values of {@code sequence}: {@code [h, h + size)} where h is
   * the high-water mark, or {@code start} when the sequence is new or its mark is below
   * {@code start}. The range is cut short at {@code maxValue} (inclusive).
   *
   * @throws SequenceExhaustedException when no value up to {@code maxValue} is left
   * @throws SequenceUnavailableException when the store cannot be reached or the reservation
   *     keeps losing to other reservers past the store's bounded wait
   */
  Range reserve(String sequence, long start, long size, long maxValue);

  /**
   * Hands back {@code [unusedFrom, range.end())} if nothing was reserved after {@code range},
   * i.e. the high-water mark is still {@code range.end()}. Returns whether it was handed back.
   * Failing to hand back is never an error: it only leaves a gap.
   */
  boolean release(String sequence, Range range, long unusedFrom);

  /** The high-water mark of {@code sequence}, empty when nothing was ever reserved. */
  OptionalLong highWater(String sequence);

  /**
   * Moves the high-water mark of {@code sequence} up to {@code value} (creating it if needed);
   * never down. Returns the mark afterwards, which may be higher than {@code value}.
   */
  long raiseTo(String sequence, long value);

  /** A short description for logs and error messages, without secrets. */
  String describe();

  @Override
  void close();
}
