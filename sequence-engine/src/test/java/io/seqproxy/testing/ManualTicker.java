package io.seqproxy.testing;

import io.seqproxy.sequence.Ticker;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Nanoseconds that move only when told to; sleeping on it moves it forward at once. */
public final class ManualTicker implements Ticker {
  private final AtomicLong now = new AtomicLong();
  private final AtomicLong slept = new AtomicLong();

  @Override
  public long read() {
    return now.get();
  }

  public void advance(long amount, TimeUnit unit) {
    now.addAndGet(unit.toNanos(amount));
  }

  /** Total nanoseconds callers slept on this ticker. */
  public long sleptNanos() {
    return slept.get();
  }

  @Override
  public void sleep(long nanos) {
    slept.addAndGet(nanos);
    now.addAndGet(nanos);
  }
}
