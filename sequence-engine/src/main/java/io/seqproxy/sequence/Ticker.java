package io.seqproxy.sequence;

import java.util.concurrent.TimeUnit;

/**
 * Elapsed time in nanoseconds, injected (as Caffeine injects its {@code Ticker}) so that a range
 * sequence's adaptive sizing, bounded waits and fail-fast window are tested without sleeping.
 */
public interface Ticker {

  /** Nanoseconds from an arbitrary origin; only differences mean anything. */
  long read();

  /** Pauses the caller for {@code nanos}; a test ticker moves its time forward instead. */
  default void sleep(long nanos) throws InterruptedException {
    TimeUnit.NANOSECONDS.sleep(nanos);
  }

  /** {@link System#nanoTime()}. */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}

enum SystemTicker implements Ticker {
  INSTANCE;

  @Override
  public long read() {
    return System.nanoTime();
  }
}
