package io.seqproxy.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.seqproxy.jdbc.SeqProxyDataSource;
import io.seqproxy.testing.TestDatabases.Db;

/** The two ways a HikariCP pool and seqproxy are put together. */
final class Pools {
  private Pools() {}

  /** The pool loads {@code io.seqproxy.jdbc.SeqProxyDriver} for a {@code jdbc:seqproxy:} URL. */
  static HikariDataSource seqproxyDriver(Db db, String configFile) {
    return seqproxyDriver(db, configFile, 2);
  }

  /** As above, with {@code size} connections. */
  static HikariDataSource seqproxyDriver(Db db, String configFile, int size) {
    HikariConfig config = base(db);
    config.setMaximumPoolSize(size);
    config.setDriverClassName("io.seqproxy.jdbc.SeqProxyDriver");
    config.setJdbcUrl(db.proxiedUrl());
    config.addDataSourceProperty("seqproxy.config", configFile);
    return new HikariDataSource(config);
  }

  /** A pool of the real driver, for {@link SeqProxyDataSource} to wrap. */
  static HikariDataSource realDriver(Db db) {
    HikariConfig config = base(db);
    config.setJdbcUrl(db.url());
    return new HikariDataSource(config);
  }

  private static HikariConfig base(Db db) {
    HikariConfig config = new HikariConfig();
    config.setUsername(db.user());
    config.setPassword(db.password());
    // Small: every test class holds its own pool, and the build shares two CPUs.
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(1);
    config.setPoolName("it-" + db.name().toLowerCase());
    return config;
  }
}
