package io.seqproxy.sequence.snowflake;

/** A worker id from configuration: no store, no expiry. Uniqueness is the operator's duty. */
record FixedWorkerLease(int workerId) implements WorkerLease {

  FixedWorkerLease {
    if (workerId < 0) {
      throw new IllegalArgumentException("worker id must not be negative: " + workerId);
    }
  }

  @Override
  public long lastTimestamp() {
    return 0;
  }

  @Override
  public long validUntil() {
    return Long.MAX_VALUE;
  }

  @Override
  public void release(long lastIssuedMillis) {
    // nothing is held
  }
}
