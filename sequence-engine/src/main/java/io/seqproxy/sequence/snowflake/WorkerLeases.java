package io.seqproxy.sequence.snowflake;

import io.seqproxy.sequence.EpochClock;

/**
 * A store of worker-id leases, one set of ids per Snowflake sequence.
 */
public interface WorkerLeases {

  /**
   * Leases the lowest worker id of {@code sequence} in {@code [0, maxWorkerId]} that is free and
   * whose last persisted timestamp is not ahead of {@code clock} by more than
   * {@code toleranceMillis}.
   *
   * @throws io.seqproxy.sequence.ClockMovedBackwardsException when ids are free but the clock is
   *     behind all of their persisted timestamps
   * @throws io.seqproxy.sequence.SequenceUnavailableException when every id is leased, or the
   *     store cannot be reached
   */
  WorkerLease acquire(String sequence, int maxWorkerId, EpochClock clock, long toleranceMillis);
}
