package io.seqproxy.jdbc;

import io.seqproxy.jdbc.config.ConfigLocation;
import io.seqproxy.jdbc.config.SeqProxyConfig;
import io.seqproxy.jdbc.rewrite.SqlDialect;
import io.seqproxy.sequence.spi.StoreContext;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One engine per configuration file per JVM, keyed by the file's canonical path or the
 * resource's URL: sequences are process singletons, shared by every connection. The first
 * connection that uses a file builds its engine, with that connection's database as the default
 * of the {@code jdbc} store. A JVM shutdown hook closes every engine, so that range tails and
 * worker leases are handed back.
 *
 * <p>Lookups are lock-free; building an engine (rare, and slow when a store is remote) happens
 * under one lock so that a file is never opened twice.
 */
final class EngineRegistry {
  private static final Logger log = LoggerFactory.getLogger(EngineRegistry.class);
  private static final ConcurrentHashMap<String, Engine> BY_FILE = new ConcurrentHashMap<>();
  /** Keyed by file and dialect: one engine may serve MySQL and PostgreSQL connections alike. */
  private static final ConcurrentHashMap<String, Verdicts> VERDICTS = new ConcurrentHashMap<>();
  private static final Object BUILDING = new Object();
  private static boolean hookInstalled;

  private EngineRegistry() {}

  static Verdicts forLocation(ConfigLocation location, StoreContext context, SqlDialect dialect)
      throws SQLException {
    String key = location.key() + '\n' + dialect;
    Verdicts verdicts = VERDICTS.get(key);
    if (verdicts != null) {
      return verdicts;
    }
    synchronized (BUILDING) {
      Engine engine = BY_FILE.get(location.key());
      if (engine == null) {
        SeqProxyConfig config = location.load();
        log.info("seqproxy configuration {}", location.description());
        engine = Engine.open(config, context);
        BY_FILE.put(location.key(), engine);
        installShutdownHook();
      }
      return VERDICTS.computeIfAbsent(key, k -> new Verdicts(BY_FILE.get(location.key()), dialect));
    }
  }

  private static void installShutdownHook() {
    if (!hookInstalled) {
      hookInstalled = true;
      Runtime.getRuntime().addShutdownHook(new Thread(EngineRegistry::closeAll, "seqproxy-shutdown"));
    }
  }

  /** Closes every engine and forgets it; the next connection builds a new one. */
  static void closeAll() {
    synchronized (BUILDING) {
      for (Engine engine : BY_FILE.values()) {
        engine.close();
      }
      BY_FILE.clear();
      VERDICTS.clear();
    }
  }
}
