package io.seqproxy.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The driver reads each mapped table's columns from the database, once: INSERT without a column
 * list, columns spelled as the database stores them, tables resolved against the connection's
 * current schema, {@code GENERATED ALWAYS} identities. On H2, MariaDB and PostgreSQL through
 * their real drivers; each test has its own configuration file, hence its own engine.
 */
class SchemaAwareIT {
  @TempDir Path dir;
  private final List<String> drops = new ArrayList<>();
  private Db db;
  private Path config;

  @AfterEach
  void dropTables() throws SQLException {
    if (db == null) {
      return;
    }
    try (Connection direct = db.connect(); Statement s = direct.createStatement()) {
      for (int i = drops.size() - 1; i >= 0; i--) {
        s.execute(drops.get(i));
      }
    }
  }

  /** Creates the table past the proxy and maps {@code tables:} with sequence order_id from 1000. */
  private String table(Db db, String columns, String mapping) throws Exception {
    String name = TestDatabases.uniqueName("t");
    execute(db, "CREATE TABLE " + name + " (" + columns + ")", "DROP TABLE " + name);
    config = Files.writeString(dir.resolve(name + ".yaml"),
        "sequences:\n  order_id: {store: memory, start: 1000}\ntables:\n  "
            + mapping.replace("$t", name) + "\n");
    return name;
  }

  /**
   * Table {@code t} twice: {@code shop.t (id BIGINT PRIMARY KEY, name)}, mapped as
   * {@code shop.t: {id: order_id}}, and {@code t} with {@code columns} in the current schema.
   */
  private String shopAndOtherTable(Db db, String shop, String columns) throws Exception {
    execute(db, "CREATE SCHEMA " + shop, "DROP SCHEMA " + shop + " CASCADE");
    String t = table(db, columns, shop + ".$t: {id: order_id}");
    execute(db, "CREATE TABLE " + shop + "." + t + " (id BIGINT PRIMARY KEY, name VARCHAR(50))", "SELECT 1");
    return t;
  }

  private void execute(Db db, String sql, String undo) throws SQLException {
    TestDatabases.require(db);
    this.db = db;
    try (Connection direct = db.connect(); Statement s = direct.createStatement()) {
      s.execute(sql);
    }
    drops.add(undo);
  }

  private Connection open() throws SQLException {
    Properties info = db.credentials();
    info.setProperty("seqproxy.config", config.toString());
    return DriverManager.getConnection(db.proxiedUrl(), info);
  }

  private static long reads(Connection c) {
    return ((ProxyConnection) c).schemaCatalog().reads();
  }

  private List<String> rows(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection direct = db.connect(); Statement s = direct.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1) + ":" + rs.getString(2));
      }
    }
    return rows;
  }

  /** The first column of the statement's generated keys. */
  static List<Long> keys(Statement statement) throws SQLException {
    List<Long> keys = new ArrayList<>();
    try (ResultSet rs = statement.getGeneratedKeys()) {
      while (rs.next()) {
        keys.add(rs.getLong(1));
      }
    }
    return keys;
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void insertWithoutColumnListGeneratesDefaultNullAndBoundNullAndKeepsValues(Db db) throws Exception {
    String t = table(db, "name VARCHAR(50), id BIGINT PRIMARY KEY, qty INT", "$t: {id: order_id}");
    try (Connection c = open(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO " + t + " VALUES ('a', DEFAULT, 1), ('b', NULL, 2), ('c', 7, 3)",
          Statement.RETURN_GENERATED_KEYS);
      assertEquals(List.of(1000L, 1001L, 7L), keys(s));
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " VALUES (?, ?, ?)",
          Statement.RETURN_GENERATED_KEYS)) {
        ps.setString(1, "d");
        ps.setNull(2, Types.BIGINT);
        ps.setInt(3, 4);
        ps.executeUpdate();
        assertEquals(List.of(1002L), keys(ps));
        ps.setString(1, "e");
        ps.setLong(2, 9);
        ps.setInt(3, 5);
        ps.executeUpdate();
        assertEquals(List.of(9L), keys(ps));
      }
    }
    assertEquals(List.of("7:c", "9:e", "1000:a", "1001:b", "1002:d"),
        rows("SELECT id, name FROM " + t + " ORDER BY id"));
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void metadataIsReadOncePerMappedTableAndNeverForAnUnmappedOne(Db db) throws Exception {
    String t = table(db, "id BIGINT PRIMARY KEY, name VARCHAR(50)", "$t: {id: order_id}");
    String other = TestDatabases.uniqueName("u");
    execute(db, "CREATE TABLE " + other + " (id INT PRIMARY KEY, name VARCHAR(50))", "DROP TABLE " + other);
    try (Connection c = open(); Statement s = c.createStatement()) {
      assertEquals(0, reads(c));
      s.executeUpdate("INSERT INTO " + other + " VALUES (1, 'x')");
      s.executeUpdate("INSERT INTO " + other + " (id, name) VALUES (2, 'y')");
      assertEquals(0, reads(c), "an unmapped table is never read");
      s.executeUpdate("INSERT INTO " + t + " VALUES (DEFAULT, 'a')");
      s.executeUpdate("INSERT INTO " + t + " (name) VALUES ('b')");
      s.executeUpdate("INSERT INTO " + t + " VALUES (NULL, 'c')");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " (name) VALUES (?)")) {
        ps.setString(1, "d");
        ps.executeUpdate();
      }
      try (Connection second = open(); Statement s2 = second.createStatement()) {
        s2.executeUpdate("INSERT INTO " + t + " VALUES (DEFAULT, 'e')");
      }
      assertEquals(1, reads(c), "one read per mapped table per engine");
    }
    assertEquals(List.of("1000:a", "1001:b", "1002:c", "1003:d", "1004:e"),
        rows("SELECT id, name FROM " + t + " ORDER BY id"));
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void ddlOnTheTableThroughTheProxyHasItReadAgain(Db db) throws Exception {
    String t = table(db, "id BIGINT PRIMARY KEY, name VARCHAR(50)", "$t: {id: order_id}");
    try (Connection c = open(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO " + t + " VALUES (DEFAULT, 'a')");
      s.execute("ALTER TABLE " + t + " ADD COLUMN qty INT");
      s.executeUpdate("INSERT INTO " + t + " VALUES (DEFAULT, 'b', 2)");
      s.execute("TRUNCATE TABLE " + t);
      s.executeUpdate("INSERT INTO " + t + " VALUES (DEFAULT, 'c', 3)");
      assertEquals(2, reads(c), "ALTER reads the table again, TRUNCATE does not");
    }
    assertEquals(List.of("1002:c"), rows("SELECT id, name FROM " + t + " ORDER BY id"));
  }

  @Test
  void mariaDbIgnoreReplaceAndOnDuplicateKeyWithoutAColumnList() throws Exception {
    String t = table(Db.MARIADB, "id BIGINT PRIMARY KEY, name VARCHAR(50)", "$t: {id: order_id}");
    try (Connection c = open(); Statement s = c.createStatement()) {
      assertEquals(1, s.executeUpdate("INSERT IGNORE INTO " + t + " VALUES (1, 'James'), (1, 'dup')"));
      s.executeUpdate("REPLACE INTO " + t + " VALUES (1, 'Helen'), (DEFAULT, 'Linda')");
      s.executeUpdate("INSERT INTO " + t + " VALUES (1, 'x') ON DUPLICATE KEY UPDATE name = 'Rafael'");
      s.executeUpdate("INSERT INTO " + t + " VALUES (NULL, 'Henry') ON DUPLICATE KEY UPDATE name = 'no'");
    }
    assertEquals(List.of("1:Rafael", "1000:Linda", "1001:Henry"),
        rows("SELECT id, name FROM " + t + " ORDER BY id"));
  }

  @Test
  void postgresReturningAndOnConflictWithoutAColumnList() throws Exception {
    String t = table(Db.POSTGRES, "id BIGINT PRIMARY KEY, name VARCHAR(50)", "$t: {id: order_id}");
    try (Connection c = open(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("INSERT INTO " + t + " VALUES (DEFAULT, 'a'), (5, 'b') RETURNING id")) {
        List<Long> ids = new ArrayList<>();
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
        assertEquals(List.of(1000L, 5L), ids);
      }
      assertEquals(0, s.executeUpdate("INSERT INTO " + t + " VALUES (5, 'c') ON CONFLICT DO NOTHING"));
    }
    assertEquals(List.of("5:b", "1000:a"), rows("SELECT id, name FROM " + t + " ORDER BY id"));
  }

  @ParameterizedTest
  @EnumSource(value = Db.class, names = {"H2", "POSTGRES"})
  void aQuotedMixedCaseColumnIsWrittenAsTheDatabaseStoresIt(Db db) throws Exception {
    String t = table(db, "\"Id\" BIGINT PRIMARY KEY, \"Name\" VARCHAR(50)", "$t: {Id: order_id}");
    try (Connection c = open(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO " + t + " (\"Name\") VALUES ('a')", Statement.RETURN_GENERATED_KEYS);
      assertEquals(List.of(1000L), keys(s));
      s.executeUpdate("INSERT INTO " + t + " VALUES (DEFAULT, 'b')");
    }
    assertEquals(List.of("1000:a", "1001:b"), rows("SELECT \"Id\", \"Name\" FROM " + t + " ORDER BY 1"));
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aMappedColumnTheTableLacksIsRefusedNamingTableColumnAndFile(Db db) throws Exception {
    String t = table(db, "id BIGINT PRIMARY KEY, name VARCHAR(50)", "$t: {ident: order_id}");
    try (Connection c = open(); Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class,
          () -> s.executeUpdate("INSERT INTO " + t + " (name) VALUES ('a')"));
      String message = e.getMessage().toLowerCase();
      assertEquals(true, message.contains("table ") && message.contains(t) && message.contains("no column ident")
          && e.getMessage().contains(config.toString()), e.getMessage());
    }
    assertEquals(List.of(), rows("SELECT id, name FROM " + t));
  }

  @ParameterizedTest
  @EnumSource(value = Db.class, names = {"H2", "POSTGRES"})
  void aGeneratedAlwaysIdentityGetsOverridingSystemValue(Db db) throws Exception {
    String t = table(db, "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name VARCHAR(50)",
        "$t: {id: order_id}");
    try (Connection c = open(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO " + t + " (name) VALUES ('a')");
      s.executeUpdate("INSERT INTO " + t + " VALUES (DEFAULT, 'b')");
    }
    assertEquals(List.of("1000:a", "1001:b"), rows("SELECT id, name FROM " + t + " ORDER BY id"));
  }

  @Test
  void postgresSchemaQualifiedMappingCatchesOnlyThatSchemasTable() throws Exception {
    String shop = TestDatabases.uniqueName("shop");
    String t = shopAndOtherTable(Db.POSTGRES, shop, "id SERIAL PRIMARY KEY, name VARCHAR(50)");
    try (Connection c = open(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO " + t + " (name) VALUES ('public')");
      c.setSchema(shop);
      s.executeUpdate("INSERT INTO " + t + " (name) VALUES ('shop')");
      s.executeUpdate("INSERT INTO " + t + " VALUES (DEFAULT, 'shop2')");
    }
    assertEquals(List.of("1:public"), rows("SELECT id, name FROM public." + t + " ORDER BY id"));
    assertEquals(List.of("1000:shop", "1001:shop2"), rows("SELECT id, name FROM " + shop + "." + t + " ORDER BY id"));
  }

  /**
   * {@code SET search_path} in its forms, {@code SET SCHEMA}, {@code SET LOCAL} undone at commit,
   * a {@code SET} undone by rollback and {@code RESET}: each INSERT into the unqualified table
   * is filled exactly when the database resolves it to {@code shop.t}.
   */
  @Test
  void postgresSetSearchPathIsFollowedAsTheDatabaseResolvesIt() throws Exception {
    String shop = TestDatabases.uniqueName("shop");
    String t = shopAndOtherTable(Db.POSTGRES, shop, "id SERIAL PRIMARY KEY, name VARCHAR(50)");
    String insert = "INSERT INTO " + t + " (name) VALUES ";
    try (Connection c = open(); Statement s = c.createStatement()) {
      s.executeUpdate(insert + "('public 1')");
      s.execute("SET search_path TO " + shop + ", public");
      s.executeUpdate(insert + "('shop 1')");
      s.execute("set search_path = public");
      s.executeUpdate(insert + "('public 2')");
      s.execute("SET SCHEMA '" + shop + "'");
      s.executeUpdate("INSERT INTO " + t + " VALUES (DEFAULT, 'shop 2')");
      s.execute("SET search_path TO no_such_schema, " + shop);
      s.executeUpdate(insert + "('shop 3')");
      c.setAutoCommit(false);
      s.execute("SET LOCAL search_path TO public");
      s.executeUpdate(insert + "('public 3')");
      c.commit();
      s.executeUpdate(insert + "('shop 4')");
      c.commit();
      s.execute("SET search_path TO public");
      c.rollback();
      s.executeUpdate(insert + "('shop 5')");
      c.commit();
      c.setAutoCommit(true);
      s.execute("RESET search_path");
      s.executeUpdate(insert + "('public 4')");
    }
    assertEquals(List.of("1:public 1", "2:public 2", "3:public 3", "4:public 4"),
        rows("SELECT id, name FROM public." + t + " ORDER BY id"));
    assertEquals(List.of("1000:shop 1", "1001:shop 2", "1002:shop 3", "1003:shop 4", "1004:shop 5"),
        rows("SELECT id, name FROM " + shop + "." + t + " ORDER BY id"));
  }

  /** H2's {@code SET SCHEMA x} is followed the same way. */
  @Test
  void h2SetSchemaIsFollowed() throws Exception {
    String shop = TestDatabases.uniqueName("shop");
    String t = shopAndOtherTable(Db.H2, shop,
        "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name VARCHAR(50)");
    String insert = "INSERT INTO " + t + " (name) VALUES ";
    try (Connection c = open(); Statement s = c.createStatement()) {
      s.executeUpdate(insert + "('public 1')");
      s.execute("SET SCHEMA " + shop);
      s.executeUpdate(insert + "('shop 1')");
      s.executeUpdate("INSERT INTO " + t + " VALUES (DEFAULT, 'shop 2')");
      s.execute("SET SCHEMA PUBLIC");
      s.executeUpdate(insert + "('public 2')");
    }
    assertEquals(List.of("1:public 1", "2:public 2"), rows("SELECT id, name FROM PUBLIC." + t + " ORDER BY id"));
    assertEquals(List.of("1000:shop 1", "1001:shop 2"), rows("SELECT id, name FROM " + shop + "." + t + " ORDER BY id"));
  }

  @Test
  void mariaDbMappingOfAnotherDatabaseDoesNotCatchTheCurrentOnesTable() throws Exception {
    String t = table(Db.MARIADB, "id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50)",
        "other_db.$t: {id: order_id}");
    try (Connection c = open(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO " + t + " (name) VALUES ('a')");
      s.executeUpdate("INSERT INTO " + t + " VALUES (DEFAULT, 'b')");
      assertEquals(0, reads(c));
    }
    assertEquals(List.of("1:a", "2:b"), rows("SELECT id, name FROM " + t + " ORDER BY id"));
  }

  /**
   * A seed script writes its rows with ids of its own through the proxy (literals, a bound
   * value, an INSERT ... SELECT that supplies every column), then the application inserts: its
   * first generated id lies above the seed. The table's rows are skipped when the first
   * statement that draws for it is planned, not when the first statement of any kind is.
   */
  @ParameterizedTest
  @EnumSource(Db.class)
  void aSeedWithItsOwnIdsThroughTheProxyIsSkippedByTheFirstGeneratedInsert(Db db) throws Exception {
    String t = table(db, "id BIGINT PRIMARY KEY, name VARCHAR(50)", "$t: {id: order_id}");
    try (Connection c = open(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO " + t + " VALUES (1000, 'seed a')");
      s.executeUpdate("INSERT INTO " + t + " VALUES (1001, 'seed b'), (1005, 'seed c')");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " VALUES (?, ?)")) {
        ps.setLong(1, 1006);
        ps.setString(2, "seed d");
        ps.executeUpdate();
      }
      s.executeUpdate("INSERT INTO " + t + " SELECT 1010, 'seed e'");
      assertEquals(1, reads(c));
      s.executeUpdate("INSERT INTO " + t + " (name) VALUES ('app a')", Statement.RETURN_GENERATED_KEYS);
      assertEquals(List.of(1011L), keys(s));
      s.executeUpdate("INSERT INTO " + t + " VALUES (DEFAULT, 'app b')", Statement.RETURN_GENERATED_KEYS);
      assertEquals(List.of(1012L), keys(s));
      assertEquals(1, reads(c));
    }
    assertEquals(List.of("1000:seed a", "1001:seed b", "1005:seed c", "1006:seed d", "1010:seed e",
        "1011:app a", "1012:app b"), rows("SELECT id, name FROM " + t + " ORDER BY id"));
  }

  /**
   * A live table whose 10,000 rows came from AUTO_INCREMENT / IDENTITY switches to seqproxy in two
   * processes at once (two engines, two configuration files, one jdbc store): every generated
   * id lies above the existing rows and none is issued twice.
   */
  @ParameterizedTest
  @EnumSource(value = Db.class, names = {"MARIADB", "POSTGRES"})
  void twoProcessesAdoptingATableWithRowsIssueOnlyAboveItsMax(Db db) throws Exception {
    String identity = db == Db.MARIADB ? "BIGINT AUTO_INCREMENT" : "BIGINT GENERATED BY DEFAULT AS IDENTITY";
    String sequence = TestDatabases.uniqueName("adopt");
    String t = table(db, "id " + identity + " PRIMARY KEY, name VARCHAR(50)", "$t: {id: " + sequence + "}");
    try (Connection direct = db.connect(); Statement s = direct.createStatement()) {
      if (db == Db.MARIADB) {
        s.execute("SET SESSION max_recursive_iterations = 20000");
      }
      s.executeUpdate(db == Db.MARIADB
          ? "INSERT INTO " + t + " (name) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
              + " WHERE i < 10000) SELECT CONCAT('old', i) FROM n"
          : "INSERT INTO " + t + " (name) SELECT 'old' || g FROM generate_series(1, 10000) g");
    }
    String yaml = "sequences:\n  " + sequence + ": {store: jdbc, range: 20}\ntables:\n  " + t
        + ": {id: " + sequence + "}\n";
    Path first = Files.writeString(dir.resolve("first.yaml"), yaml);
    Path second = Files.writeString(dir.resolve("second.yaml"), yaml);
    config = first;
    try (Connection a = open()) {
      config = second;
      try (Connection b = open()) {
        for (int round = 0; round < 5; round++) {
          for (Connection c : List.of(a, b)) {
            try (Statement s = c.createStatement()) {
              s.executeUpdate("INSERT INTO " + t + " VALUES (DEFAULT, 'new'), (NULL, 'new')");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " (name) VALUES (?)")) {
              for (int i = 0; i < 10; i++) {
                ps.setString(1, "new");
                ps.addBatch();
              }
              ps.executeBatch();
            }
          }
        }
      }
    }
    assertEquals(List.of("120:10001"),
        rows("SELECT COUNT(DISTINCT id), MIN(id) FROM " + t + " WHERE name = 'new'"));
    assertEquals(List.of("10120:10120"), rows("SELECT COUNT(*), COUNT(DISTINCT id) FROM " + t));
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aSnowflakeIntoA32BitColumnIsRefusedAtTheFirstInsertSayingWhatToChange(Db db) throws Exception {
    String t = table(db, "id INTEGER PRIMARY KEY, name VARCHAR(50)", "$t: {id: event_id}");
    config = Files.writeString(config, Files.readString(config).replace(
        "order_id: {store: memory, start: 1000}",
        "event_id: {type: snowflake, worker-id: 1, epoch: 2024-01-01T00:00:00Z}"));
    try (Connection c = open(); Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class,
          () -> s.executeUpdate("INSERT INTO " + t + " (name) VALUES ('a')"));
      String type = db == Db.POSTGRES ? "int4" : db == Db.H2 ? "INTEGER" : "INT";
      assertEquals(true, e.getMessage().toLowerCase().startsWith("column id of table ")
          && e.getMessage().contains(" is " + type + ", ") && e.getMessage().contains("too narrow for sequence event_id (a Snowflake, whose values need"
              + " 64 bits): make the column BIGINT, or map it in " + config + " to a segment sequence"),
          e.getMessage());
    }
    assertEquals(List.of(), rows("SELECT id, name FROM " + t));
  }
}
