package io.seqproxy.sequence.spi;

import io.seqproxy.sequence.EpochClock;
import io.seqproxy.sequence.jdbc.JdbcUrls;
import java.util.Properties;

/**
 * What the driver passes to a store provider besides its settings.
 *
 * @param targetUrl the real JDBC URL of the proxied database (without {@code seqproxy:}), the
 *     default for the {@code jdbc} store; null outside the driver
 * @param targetProperties the connection properties used for it (user, password); never logged
 * @param clock the clock for leases
 */
public record StoreContext(String targetUrl, Properties targetProperties, EpochClock clock) {

  public static StoreContext standalone() {
    return new StoreContext(null, new Properties(), EpochClock.system());
  }

  /** Without the properties (they hold the password) and without the URL's credentials. */
  @Override
  public String toString() {
    return "StoreContext[targetUrl=" + JdbcUrls.redact(targetUrl) + ", clock=" + clock + "]";
  }
}
