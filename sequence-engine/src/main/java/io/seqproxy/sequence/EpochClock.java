package io.seqproxy.sequence;

/**
 * Wall-clock time in milliseconds since the Unix epoch, injected so that clock regressions and
 * lease expiry can be tested deterministically (as Caffeine injects its {@code Ticker}).
 */
public interface EpochClock {

  /** Milliseconds since 1970-01-01T00:00:00Z. */
  long millis();

  /**
   * Returns once {@link #millis()} has reached {@code targetMillis}. The system clock sleeps for
   * the long part and spins for the last millisecond, so that a Snowflake generator waiting for
   * the next tick loses as little of it as possible.
   */
  default void awaitMillis(long targetMillis) throws InterruptedException {
    long now;
    while ((now = millis()) < targetMillis) {
      if (targetMillis - now > 2) {
        Thread.sleep(targetMillis - now - 1);
      } else {
        Thread.onSpinWait();
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
      }
    }
  }

  /** The system clock. */
  static EpochClock system() {
    return SystemClock.INSTANCE;
  }
}

enum SystemClock implements EpochClock {
  INSTANCE;

  @Override
  public long millis() {
    return System.currentTimeMillis();
  }
}
