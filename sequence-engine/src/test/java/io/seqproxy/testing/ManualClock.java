package io.seqproxy.testing;

import io.seqproxy.sequence.EpochClock;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to; waiting on it moves it to the target at once. */
public final class ManualClock implements EpochClock {
  private final AtomicLong now;
  private final AtomicLong waited = new AtomicLong();

  public ManualClock(long startMillis) {
    this.now = new AtomicLong(startMillis);
  }

  @Override
  public long millis() {
    return now.get();
  }

  public void set(long millis) {
    now.set(millis);
  }

  public void advance(long millis) {
    now.addAndGet(millis);
  }

  /** Total milliseconds generators spent waiting on this clock. */
  public long waitedMillis() {
    return waited.get();
  }

  @Override
  public void awaitMillis(long targetMillis) {
    long current = now.get();
    while (current < targetMillis) {
      if (now.compareAndSet(current, targetMillis)) {
        waited.addAndGet(targetMillis - current);
        return;
      }
      current = now.get();
    }
  }
}
