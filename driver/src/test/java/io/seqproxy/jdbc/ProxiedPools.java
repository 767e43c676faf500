package io.seqproxy.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.seqproxy.testing.TestDatabases.Db;
import java.nio.file.Path;

/** HikariCP as an application configures it for seqproxy: the driver class and the {@code jdbc:seqproxy:} URL. */
final class ProxiedPools {
  private ProxiedPools() {}

  /** A pool of {@code size} connections to {@code db} through seqproxy with the configuration file {@code config}. */
  static HikariDataSource hikari(Db db, Path config, int size) {
    HikariConfig hikari = new HikariConfig();
    hikari.setDriverClassName(SeqProxyDriver.class.getName());
    hikari.setJdbcUrl(db.proxiedUrl());
    hikari.setUsername(db.user());
    hikari.setPassword(db.password());
    hikari.addDataSourceProperty("seqproxy.config", config.toString());
    hikari.setMaximumPoolSize(size);
    return new HikariDataSource(hikari);
  }
}
