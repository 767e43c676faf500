package io.seqproxy.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.seqproxy.jdbc.SeqProxyDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.shardingsphere.driver.api.ShardingSphereDataSourceFactory;
import org.apache.shardingsphere.infra.algorithm.core.config.AlgorithmConfiguration;
import org.apache.shardingsphere.sharding.api.config.ShardingRuleConfiguration;
import org.apache.shardingsphere.sharding.api.config.rule.ShardingTableRuleConfiguration;
import org.apache.shardingsphere.sharding.api.config.strategy.keygen.KeyGenerateStrategyConfiguration;

/**
 * The ways an application can get IDs into the same table, each behind a HikariCP pool of the
 * same size: the database's own AUTO_INCREMENT (direct JDBC), the application writing its own IDs
 * from a counter in memory (direct JDBC, the floor of any ID scheme), seqproxy with either engine
 * as a data source over the pool, seqproxy as the pool's driver (its URL changed, range engine),
 * and ShardingSphere-JDBC with one data source and its SNOWFLAKE key generator.
 */
public enum Contender {
  DIRECT("direct JDBC (AUTO_INCREMENT)", "bench_auto"),
  EXPLICIT("direct JDBC (explicit IDs)", "bench_expl"),
  SEQPROXY_RANGE("seqproxy, range", "bench_rnge"),
  SEQPROXY_SNOWFLAKE("seqproxy, Snowflake", "bench_snow"),
  /**
   * seqproxy as "change the URL only" has it: the pool's URL is {@code jdbc:seqproxy:…}, so the
   * pool lends seqproxy's connections, made once per physical connection, not one per borrow.
   */
  SEQPROXY_URL("seqproxy, range, URL under the pool", "bench_urlr"),
  SHARDINGSPHERE("ShardingSphere-JDBC, SNOWFLAKE", "bench_shsp");

  /**
   * The one table every contender writes when they take turns on one server ({@link Interleaved}):
   * each contender's own table would bring its own history (pages, rows deleted and not yet purged)
   * into its ratio. As long as every contender's own table name.
   */
  static final String SHARED_TABLE = "bench_turn";

  static {
    // Every contender's SQL is as long as every other's: drivers read the text a character at a
    // time (mysql-connector-j allocated 32 B per character of an INSERT's text, per execution),
    // so a longer table name alone cost seqproxy 162-224 B per row against explicit IDs.
    for (Contender contender : values()) {
      if (contender.table.length() != SHARED_TABLE.length()) {
        throw new IllegalStateException(contender + "'s table name is not as long as the others'");
      }
    }
  }


  final String label;
  private final String table;

  Contender(String label, String table) {
    this.label = label;
    this.table = table;
  }

  String table() {
    return table;
  }

  /** Whether the application writes the id itself, from a counter of its own. */
  boolean explicitIds() {
    return this == EXPLICIT;
  }

  /** Creates this contender's own table, empty, through a plain connection. */
  void createTable(Database database) throws SQLException {
    createTable(database, table);
  }

  /** Deletes every row of this contender's own table, through a plain connection. */
  void empty(Database database) throws SQLException {
    empty(database, table);
  }

  /** Creates {@code table} for this contender, empty, through a plain connection. */
  void createTable(Database database, String table) throws SQLException {
    try (Connection c = database.connect(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + table);
      String id = this == DIRECT ? database.autoIncrementId() : "id BIGINT NOT NULL PRIMARY KEY";
      s.execute("CREATE TABLE " + table + " (" + id + ", name VARCHAR(64) NOT NULL, amount INT NOT NULL)");
    }
  }

  /** Deletes every row of {@code table}, through a plain connection. */
  static void empty(Database database, String table) throws SQLException {
    try (Connection c = database.connect(); Statement s = c.createStatement()) {
      s.execute("DELETE FROM " + table);
    }
  }

  /** Closes what {@link #open} opened. */
  static void close(DataSource dataSource) throws Exception {
    if (dataSource instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  DataSource open(Database database) throws Exception {
    return open(database, 2);
  }

  /** This contender's data source over a HikariCP pool of {@code poolSize} connections. */
  DataSource open(Database database, int poolSize) throws Exception {
    return switch (this) {
      case DIRECT, EXPLICIT -> pool(database.url(), database, poolSize);
      case SEQPROXY_RANGE, SEQPROXY_SNOWFLAKE ->
          new SeqProxyDataSource(pool(database.url(), database, poolSize), writeConfig(database).toString());
      case SEQPROXY_URL -> {
        HikariConfig config =
            config("jdbc:seqproxy:" + database.url().substring("jdbc:".length()), database, poolSize);
        config.addDataSourceProperty("seqproxy.config", writeConfig(database).toString());
        yield new HikariDataSource(config);
      }
      case SHARDINGSPHERE -> shardingSphere(pool(database.url(), database, poolSize));
    };
  }

  static HikariDataSource pool(String url, Database database, int poolSize) {
    return new HikariDataSource(config(url, database, poolSize));
  }

  private static HikariConfig config(String url, Database database, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(database.user);
    config.setPassword(database.password);
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(poolSize);
    config.setPoolName("bench");
    return config;
  }

  private Path writeConfig(Database database) throws IOException {
    Path file = Files.createTempFile("seqproxy-bench", ".yaml");
    file.toFile().deleteOnExit();
    Files.writeString(file, String.join("\n",
        "stores:",
        "  jdbc:",
        "    url: " + database.url(),
        "    username: " + database.user,
        "    password: '" + database.password + "'",
        "sequences:",
        "  bench_range_id:",
        "    type: segment",
        "    range: 1000",
        "    max-range: 1000000",
        "  bench_snowflake_id:",
        "    type: snowflake",
        "    worker-id: 1",
        "tables:",
        "  " + SEQPROXY_RANGE.table() + ":",
        "    id: bench_range_id",
        "  " + SEQPROXY_SNOWFLAKE.table() + ":",
        "    id: bench_snowflake_id",
        "  " + SEQPROXY_URL.table() + ":",
        "    id: bench_range_id",
        "  " + SHARED_TABLE + ":",
        "    id: " + (this == SEQPROXY_SNOWFLAKE ? "bench_snowflake_id" : "bench_range_id"),
        ""));
    return file;
  }

  private DataSource shardingSphere(DataSource pool) throws SQLException {
    ShardingRuleConfiguration rule = new ShardingRuleConfiguration();
    ShardingTableRuleConfiguration table = new ShardingTableRuleConfiguration(table(), "ds." + table());
    table.setKeyGenerateStrategy(new KeyGenerateStrategyConfiguration("id", "snowflake"));
    rule.getTables().add(table);
    Properties snowflake = new Properties();
    snowflake.setProperty("worker-id", "1");
    rule.getKeyGenerators().put("snowflake", new AlgorithmConfiguration("SNOWFLAKE", snowflake));
    return ShardingSphereDataSourceFactory.createDataSource("bench", null, Map.of("ds", pool), List.of(rule),
        new Properties());
  }
}
