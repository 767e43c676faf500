package io.seqproxy.sequence.snowflake;

import io.seqproxy.sequence.EpochClock;
import java.util.List;
import java.util.Optional;

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

  /**
   * What the store knows of the worker ids of {@code sequence}, by id, for operators (the
   * {@code seqproxy inspect} command); empty when the store cannot list them.
   */
  default Optional<List<LeaseRecord>> list(String sequence) {
    return Optional.empty();
  }

  /**
   * One worker id as a store keeps it.
   *
   * @param owner who holds it, as the store names holders ("" when free)
   * @param heldUntil ms since the Unix epoch until which it is held; {@code Long.MAX_VALUE} while
   *     held by a live session that has no fixed end (ZooKeeper); 0 or past when free
   * @param lastTimestamp the persisted timestamp no holder issued after, ms; 0 when none
   */
  record LeaseRecord(int workerId, String owner, long heldUntil, long lastTimestamp) {
    public boolean heldAt(long millis) {
      return heldUntil > millis;
    }
  }
}
