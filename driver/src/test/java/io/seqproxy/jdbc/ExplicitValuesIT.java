package io.seqproxy.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import java.math.BigDecimal;
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

/**
 * Values an INSERT writes itself into a generated column, on H2 through its real driver:
 * {@code explicit: advance} (the default for segments) moves the sequence past them, bound or
 * literal, in single rows, multi-row VALUES and batches; {@code keep} only keeps them;
 * {@code reject} refuses them. And a segment sequence into a column narrower than 64 bits issues
 * no more than the column holds. Each test has its own configuration file, hence its own engine.
 */
class ExplicitValuesIT {
  @TempDir Path dir;
  private final List<String> tables = new ArrayList<>();
  private Path config;

  @AfterEach
  void dropTables() throws SQLException {
    try (Connection direct = Db.H2.connect(); Statement s = direct.createStatement()) {
      for (String table : tables) {
        s.execute("DROP TABLE IF EXISTS " + table);
      }
    }
  }

  /** A table {@code (id <type> PRIMARY KEY, name)} mapped with {@code mapping} ({@code $t} is its name). */
  private String table(String idType, String sequences, String mapping) throws Exception {
    String name = TestDatabases.uniqueName("x");
    try (Connection direct = Db.H2.connect(); Statement s = direct.createStatement()) {
      s.execute("CREATE TABLE " + name + " (id " + idType + " PRIMARY KEY, name VARCHAR(20))");
    }
    tables.add(name);
    config = Files.writeString(dir.resolve(name + ".yaml"), "sequences:\n" + sequences + "tables:\n  "
        + mapping.replace("$t", name) + "\n");
    return name;
  }

  private String table(String mapping) throws Exception {
    return table("BIGINT", "  order_id: {store: memory, range: 100}\n", mapping);
  }

  private Connection open() throws SQLException {
    Properties info = Db.H2.credentials();
    info.setProperty("seqproxy.config", config.toString());
    return DriverManager.getConnection(Db.H2.proxiedUrl(), info);
  }

  private static long generated(Connection c, String t) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO " + t + " (name) VALUES ('g')", Statement.RETURN_GENERATED_KEYS);
      return SchemaAwareIT.keys(s).get(0);
    }
  }

  private static List<Long> ids(String t) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (Connection direct = Db.H2.connect(); Statement s = direct.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM " + t + " ORDER BY id")) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids;
  }

  @Test
  void aBoundValueMovesTheSequencePastItWhateverSetterBoundIt() throws Exception {
    String t = table("$t: {id: order_id}");
    try (Connection c = open();
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " (id, name) VALUES (?, ?)")) {
      assertEquals(1, generated(c, t));
      ps.setString(2, "own");
      ps.setLong(1, 10);
      ps.executeUpdate();
      assertEquals(11, generated(c, t));
      ps.setInt(1, 20);
      ps.executeUpdate();
      assertEquals(21, generated(c, t));
      ps.setBigDecimal(1, new BigDecimal("30"));
      ps.executeUpdate();
      assertEquals(31, generated(c, t));
      ps.setString(1, "40");
      ps.executeUpdate();
      assertEquals(41, generated(c, t));
      ps.setObject(1, 50L);
      ps.executeUpdate();
      assertEquals(51, generated(c, t));
      ps.setObject(1, 45, Types.BIGINT);
      ps.executeUpdate();
      assertEquals(52, generated(c, t), "a value below what the sequence issues next changes nothing");
    }
    assertEquals(List.of(1L, 10L, 11L, 20L, 21L, 30L, 31L, 40L, 41L, 45L, 50L, 51L, 52L), ids(t));
  }

  @Test
  void aLiteralMovesTheSequenceAndAnExpressionIsLeftAlone() throws Exception {
    String t = table("$t: {id: order_id}");
    try (Connection c = open(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO " + t + " (id, name) VALUES (500, 'own')");
      assertEquals(501, generated(c, t));
      s.executeUpdate("INSERT INTO " + t + " (id, name) VALUES (520, 'own')");
      assertEquals(521, generated(c, t), "the same shape with another literal moves it again");
      s.executeUpdate("INSERT INTO " + t + " (id, name) VALUES (530 + 1, 'expr')");
      assertEquals(522, generated(c, t), "seqproxy cannot read an expression: the sequence does not move");
    }
    assertEquals(List.of(500L, 501L, 520L, 521L, 522L, 531L), ids(t));
  }

  @Test
  void aMultiRowInsertMovesPastItsLargestValueBeforeDrawingItsOtherRows() throws Exception {
    String t = table("$t: {id: order_id}");
    try (Connection c = open()) {
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO " + t + " (id, name) VALUES (DEFAULT, 'a'), (70, 'b'), (NULL, 'c'), (65, 'd')",
            Statement.RETURN_GENERATED_KEYS);
        assertEquals(List.of(71L, 70L, 72L, 65L), SchemaAwareIT.keys(s));
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " (id, name) VALUES (?, 'e'), (?, 'f')",
          Statement.RETURN_GENERATED_KEYS)) {
        ps.setNull(1, Types.BIGINT);
        ps.setLong(2, 90);
        ps.executeUpdate();
        assertEquals(List.of(91L, 90L), SchemaAwareIT.keys(ps));
      }
    }
    assertEquals(List.of(65L, 70L, 71L, 72L, 90L, 91L), ids(t));
  }

  @Test
  void aBatchMovesPastEachEntrysValueBeforeLaterEntriesDraw() throws Exception {
    String t = table("$t: {id: order_id}");
    try (Connection c = open();
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " (id, name) VALUES (?, 'b')",
            Statement.RETURN_GENERATED_KEYS)) {
      for (Long id : new Long[] {null, 40L, null, 95L, 60L, null}) {
        if (id == null) {
          ps.setNull(1, Types.BIGINT);
        } else {
          ps.setLong(1, id);
        }
        ps.addBatch();
      }
      ps.executeBatch();
      assertEquals(List.of(1L, 40L, 41L, 95L, 60L, 96L), SchemaAwareIT.keys(ps));
      assertEquals(97, generated(c, t));
      ps.setLong(1, 5_000);
      ps.addBatch();
      ps.setLong(1, 5_001);
      ps.addBatch();
      ps.executeBatch();
      assertEquals(5_002, generated(c, t), "past the reserved range: the next range lies above the values");
    }
    assertEquals(List.of(1L, 40L, 41L, 60L, 95L, 96L, 97L, 5_000L, 5_001L, 5_002L), ids(t));
  }

  @Test
  void keepKeepsTheValueAndTheSequenceDoesNotMove() throws Exception {
    String t = table("$t: {id: {sequence: order_id, explicit: keep}}");
    try (Connection c = open(); Statement s = c.createStatement();
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " (id, name) VALUES (?, 'k')")) {
      // The first generated id comes first: before it, existing rows (skip, the default) are skipped.
      assertEquals(1, generated(c, t));
      s.executeUpdate("INSERT INTO " + t + " (id, name) VALUES (50, 'k')");
      ps.setLong(1, 60);
      ps.executeUpdate();
      assertEquals(2, generated(c, t));
    }
    assertEquals(List.of(1L, 2L, 50L, 60L), ids(t));
  }

  @Test
  void rejectRefusesBoundAndLiteralValues() throws Exception {
    String t = table("$t: {id: {sequence: order_id, explicit: reject}}");
    try (Connection c = open(); Statement s = c.createStatement();
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " (id, name) VALUES (?, 'r')")) {
      SQLException literal = assertThrows(SQLException.class,
          () -> s.executeUpdate("INSERT INTO " + t + " (id, name) VALUES (50, 'r')"));
      assertEquals("INSERT into " + t + " supplies its own value for id (50 in row 1), but id is configured with"
          + " explicit: reject; leave the column out or write NULL or DEFAULT", literal.getMessage());
      ps.setLong(1, 60);
      SQLException bound = assertThrows(SQLException.class, ps::executeUpdate);
      assertEquals("parameter 1 sets column id, which takes its values from sequence order_id (explicit: reject);"
          + " bind null or leave the column out", bound.getMessage());
      assertEquals(1, generated(c, t));
    }
    assertEquals(List.of(1L), ids(t));
  }

  @Test
  void aSegmentIntoASmallintColumnStopsAtItsLargestValueWithTheExhaustedError() throws Exception {
    String t = table("SMALLINT", "  order_id: {store: memory, range: 100}\n", "$t: {id: order_id}");
    try (Connection c = open(); Statement s = c.createStatement()) {
      assertEquals(1, generated(c, t));
      s.executeUpdate("INSERT INTO " + t + " (id, name) VALUES (32765, 'near')");
      assertEquals(32766, generated(c, t));
      assertEquals(32767, generated(c, t));
      SQLException e = assertThrows(SQLException.class, () -> generated(c, t));
      assertEquals("sequence order_id has issued every value up to its max 32767", e.getMessage());
    }
    assertEquals(List.of(1L, 32765L, 32766L, 32767L), ids(t));
  }

  @Test
  void aConfiguredMaxAboveAnIntegerColumnIsRefusedAtTheFirstInsertSayingWhatToChange() throws Exception {
    String t = table("INTEGER", "  order_id: {store: memory, max: 9000000000}\n", "$t: {id: order_id}");
    try (Connection c = open(); Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class,
          () -> s.executeUpdate("INSERT INTO " + t + " (name) VALUES ('a')"));
      assertEquals("22003", e.getSQLState());
      assertEquals("column ID of table PUBLIC." + t.toUpperCase() + " is INTEGER, whose largest value is 2147483647,"
          + " but sequence order_id may issue up to its max 9000000000: set sequences.order_id.max to 2147483647"
          + " or less in " + config + " (or leave max out: it then defaults to the column's largest value), or make"
          + " the column BIGINT", e.getMessage());
    }
    assertEquals(List.of(), ids(t));
  }

  @Test
  void oneSequenceIntoColumnsOfTwoWidthsStopsAtTheNarrowerOnesLargestValue() throws Exception {
    String wide = table("INTEGER", "  order_id: {store: memory, range: 100}\n", "$t: {id: order_id}");
    String narrow = TestDatabases.uniqueName("x");
    try (Connection direct = Db.H2.connect(); Statement s = direct.createStatement()) {
      s.execute("CREATE TABLE " + narrow + " (id SMALLINT PRIMARY KEY, name VARCHAR(20))");
    }
    tables.add(narrow);
    config = Files.writeString(config, Files.readString(config) + "  " + narrow + ": {id: order_id}\n");
    try (Connection c = open(); Statement s = c.createStatement()) {
      assertEquals(1, generated(c, wide));
      assertEquals(2, generated(c, narrow));
      s.executeUpdate("INSERT INTO " + narrow + " (id, name) VALUES (32767, 'last')");
      SQLException e = assertThrows(SQLException.class, () -> generated(c, wide));
      assertEquals("sequence order_id has issued every value up to its max 32767", e.getMessage());
    }
  }
}
