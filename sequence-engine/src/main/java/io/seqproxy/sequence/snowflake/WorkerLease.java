package io.seqproxy.sequence.snowflake;

/**
 * The right to issue Snowflake IDs under one worker id.
 *
 * <p>A lease is valid until {@link #validUntil()}; a generator never issues an ID at a time
 * after it. A lease that is kept in a store renews itself in the background and persists, before
 * it extends its validity, a timestamp at least as late as {@code validUntil()}; so whoever
 * holds the id next, after a release or a crash, starts from a timestamp this holder can never
 * have issued.
 */
public interface WorkerLease extends AutoCloseable {

  /** The worker id, between 0 and the layout's largest worker id. */
  int workerId();

  /**
   * The latest timestamp (milliseconds since the Unix epoch) that an earlier holder of this
   * worker id may have issued, as persisted in the store; 0 when none. A generator refuses to
   * start when its clock is further behind it than its tolerance.
   */
  long lastTimestamp();

  /**
   * Milliseconds since the Unix epoch until which IDs may be issued under this lease;
   * {@code Long.MAX_VALUE} for a fixed id; 0 once the lease is lost. Read on every ID, so it is
   * a plain volatile read.
   */
  long validUntil();

  /** Why the lease is no longer valid, for the error message; null while it is. */
  default String invalidReason() {
    return null;
  }

  /**
   * True once the lease is gone for good — another process holds the id now, or the session that
   * held it expired — as opposed to not valid for a while (a store that cannot be reached, a
   * ZooKeeper connection suspended). A generator whose lease is lost leases a new id.
   */
  default boolean lost() {
    return false;
  }

  /** How often the lease was renewed in its store; 0 for a lease that is not renewed. */
  default long renewals() {
    return 0;
  }

  /** Nanoseconds spent renewing, all renewals together. */
  default long renewalNanos() {
    return 0;
  }

  /**
   * Gives the worker id up, persisting {@code lastIssuedMillis} (the start of the last tick the
   * holder issued, 0 if none) so the next holder starts after it.
   */
  void release(long lastIssuedMillis);

  @Override
  default void close() {
    release(0);
  }

  /** A lease on a fixed worker id, from configuration, that never expires. */
  static WorkerLease fixed(int workerId) {
    return new FixedWorkerLease(workerId);
  }
}
