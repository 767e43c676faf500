package io.seqproxy.jdbc;

import io.seqproxy.jdbc.config.ConfigException;
import io.seqproxy.jdbc.config.SeqProxyConfig;
import io.seqproxy.sequence.spi.StoreContext;
import java.util.Objects;

/**
 * One engine for every {@link SeqProxyDataSource} built on it (the data sources of one Spring
 * context, say): opened by the first connection any of them makes, with that connection's
 * database as the {@code jdbc} store's default, and closed when the last of them is closed.
 * Sequences are process singletons: two engines of one configuration in one JVM would each issue
 * the same IDs when a Snowflake worker id is fixed or a range is kept in memory, and keep ranges in
 * two databases when the {@code jdbc} store is each data source's own.
 *
 * <p>Thread safety: every method is synchronized.
 */
public final class SharedEngine {
  private final SeqProxyConfig config;
  private int users;
  private Engine engine;

  public SharedEngine(SeqProxyConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Counts a data source that will use the engine and close it once. */
  synchronized void join() {
    users++;
  }

  /** The engine, opened now when no data source opened it before. */
  synchronized Engine open(StoreContext context) throws ConfigException {
    if (engine == null) {
      engine = Engine.open(config, context);
    }
    return engine;
  }

  /** Counts a data source out; the last one out closes the engine (range tails and worker leases go back). */
  synchronized void leave() {
    if (--users == 0 && engine != null) {
      engine.close();
      engine = null;
    }
  }

  /** The engine while one is open, else null. */
  synchronized Engine engine() {
    return engine;
  }
}
