package io.seqproxy.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.seqproxy.jdbc.config.ConfigException;
import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * HikariCP both ways: with the driver class and the {@code jdbc:seqproxy:} URL, and as the
 * DataSource that {@link SeqProxyDataSource} wraps; and a broken configuration through
 * {@code DriverManager}, which must write nothing.
 */
class PoolsIT {
  @TempDir Path dir;
  private final List<AutoCloseable> cleanup = new ArrayList<>();
  private String table;

  @AfterEach
  void close() throws Exception {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).close();
    }
    EngineRegistry.closeAll();
  }

  private Path prepare(Db db) throws Exception {
    TestDatabases.require(db);
    table = TestDatabases.uniqueName("pooled");
    try (Connection direct = db.connect(); Statement s = direct.createStatement()) {
      s.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, name VARCHAR(50))");
    }
    cleanup.add(() -> {
      try (Connection direct = db.connect(); Statement s = direct.createStatement()) {
        s.execute("DROP TABLE " + table);
      }
    });
    return Files.writeString(dir.resolve(table + ".yaml"),
        "sequences:\n  id_seq: {store: memory, start: 1000}\ntables:\n  " + table + ": {id: id_seq}\n");
  }

  /** Inserts three rows on three pooled connections and checks keys and rows. */
  private void insertThree(DataSource pool, Db db) throws SQLException {
    for (int i = 0; i < 3; i++) {
      try (Connection c = pool.getConnection();
          PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (name) VALUES (?)",
              Statement.RETURN_GENERATED_KEYS)) {
        assertTrue(c.isValid(1));
        assertSame(c, ps.getConnection());
        assertSame(c, c.getMetaData().getConnection());
        ps.setString(1, "n" + i);
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          assertTrue(keys.next());
          assertEquals(1000L + i, keys.getLong("id"));
        }
      }
    }
    List<Long> ids = new ArrayList<>();
    try (Connection direct = db.connect(); Statement s = direct.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM " + table + " ORDER BY id")) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    assertEquals(List.of(1000L, 1001L, 1002L), ids);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void hikariWithDriverClassAndUrl(Db db) throws Exception {
    Path config = prepare(db);
    HikariDataSource pool = ProxiedPools.hikari(db, config, 2);
    cleanup.add(pool);
    insertThree(pool, db);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void seqProxyDataSourceAroundHikari(Db db) throws Exception {
    Path config = prepare(db);
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(db.url());
    hikari.setUsername(db.user());
    hikari.setPassword(db.password());
    hikari.setMaximumPoolSize(2);
    HikariDataSource pool = new HikariDataSource(hikari);
    cleanup.add(pool);
    SeqProxyDataSource proxied = new SeqProxyDataSource(pool, config.toString());
    cleanup.add(proxied);
    assertSame(pool, proxied.unwrap(HikariDataSource.class));
    insertThree(proxied, db);
  }

  @Test
  void unwrapReachesTheRealDriversClasses() throws Exception {
    Path config = prepare(Db.H2);
    Properties info = Db.H2.credentials();
    info.setProperty("seqproxy.config", config.toString());
    try (Connection c = DriverManager.getConnection(Db.H2.proxiedUrl(), info)) {
      assertTrue(c.isWrapperFor(org.h2.jdbc.JdbcConnection.class));
      assertTrue(c.unwrap(org.h2.jdbc.JdbcConnection.class) instanceof org.h2.jdbc.JdbcConnection);
      assertSame(c, c.unwrap(Connection.class));
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
        assertSame(s, rs.getStatement());
        assertSame(c, s.getConnection());
      }
    }
  }

  @Test
  void unmappedTableKeysComeFromTheRealDriver() throws Exception {
    Path config = prepare(Db.H2);
    String other = TestDatabases.uniqueName("unmapped");
    Properties info = Db.H2.credentials();
    info.setProperty("seqproxy.config", config.toString());
    try (Connection c = DriverManager.getConnection(Db.H2.proxiedUrl(), info); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + other + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(9))");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + other + " (name) VALUES (?)",
          Statement.RETURN_GENERATED_KEYS)) {
        ps.setString(1, "a");
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          assertSame(ps, keys.getStatement());
          assertTrue(keys.next());
          assertEquals(1L, keys.getLong(1));
        }
      } finally {
        s.execute("DROP TABLE " + other);
      }
    }
  }

  @Test
  void brokenConfigurationRefusesTheConnectionAndWritesNothing() throws Exception {
    prepare(Db.H2);
    Path broken = Files.writeString(dir.resolve("broken.yaml"),
        "sequences:\n  id_seq: {store: memory, range: 0}\ntables:\n  " + table + ": {id: id_sq}\n");
    Properties info = Db.H2.credentials();
    info.setProperty("seqproxy.config", broken.toString());
    ConfigException e = assertThrows(ConfigException.class,
        () -> DriverManager.getConnection(Db.H2.proxiedUrl(), info));
    assertEquals(List.of(
        broken + ":2: sequences.id_seq.range: expected a whole number of at least 1, got '0'",
        broken + ":4: tables." + table + ".id: sequence 'id_sq' is not defined under sequences: (defined: id_seq)"),
        e.errors());
    Files.writeString(broken, "sequences: [unclosed\n");
    ConfigException malformed = assertThrows(ConfigException.class,
        () -> DriverManager.getConnection(Db.H2.proxiedUrl(), info));
    assertTrue(malformed.errors().get(0).startsWith(broken + ":2: malformed YAML: "), malformed.errors().get(0));
    try (Connection direct = Db.H2.connect(); Statement s = direct.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      assertEquals(0, rs.getInt(1));
    }
  }
}
