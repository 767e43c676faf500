package io.seqproxy.zk;

import org.apache.curator.RetrySleeper;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * Curator's exponential backoff, which also stops once an operation has been retried for
 * {@code maxElapsedMillis}. Without that bound one Curator call against an unreachable ensemble
 * would wait a connection timeout per retry, and "a bounded wait" would be a multiple of what the
 * user configured.
 */
final class BoundedRetry extends ExponentialBackoffRetry {

  private final long maxElapsedMillis;

  BoundedRetry(int baseSleepMillis, int maxRetries, long maxElapsedMillis) {
    super(baseSleepMillis, maxRetries);
    this.maxElapsedMillis = maxElapsedMillis;
  }

  @Override
  public boolean allowRetry(int retryCount, long elapsedTimeMs, RetrySleeper sleeper) {
    return elapsedTimeMs < maxElapsedMillis && super.allowRetry(retryCount, elapsedTimeMs, sleeper);
  }
}
