package io.seqproxy.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.testing.TestDatabases.Db;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every INSERT form through {@code DriverManager} against H2, MariaDB (mysql-connector-j) and
 * PostgreSQL (pgjdbc): the rows get IDs 1000, 1001, ... from a memory segment sequence, in row
 * order, and what SELECT reads back equals {@code getGeneratedKeys()}. Each test has its own
 * configuration file, hence its own engine and sequence.
 */
class InsertFormsIT {
  @RegisterExtension final OrdersTables tables = new OrdersTables();
  private OrdersTable orders;
  private String table;

  private Connection open(Db db, String explicit) throws Exception {
    orders = tables.create(db, explicit);
    table = orders.name;
    return orders.open();
  }

  private Connection open(Db db) throws Exception {
    return open(db, "keep");
  }

  private static List<Long> keys(Statement statement) throws SQLException {
    List<Long> keys = new ArrayList<>();
    try (ResultSet rs = statement.getGeneratedKeys()) {
      assertEquals(statement, rs.getStatement());
      while (rs.next()) {
        keys.add(rs.getLong(1));
        assertTrue(!rs.wasNull());
      }
    }
    return keys;
  }

  private List<String> rows() throws SQLException {
    return orders.rows();
  }

  /**
   * A stream of literal INSERTs of one shape, as code that concatenates SQL sends them: each row
   * keeps its own value, whether the string was read against a kept template (other whitespace,
   * a tracer's comment before or after, a doubled quote, comment markers inside a string, on
   * MariaDB a backslash-escaped quote) or by the tokenizer (a comment between tokens).
   */
  @ParameterizedTest
  @EnumSource(Db.class)
  void literalInsertsOfOneShapeEachKeepTheirOwnValue(Db db) throws Exception {
    try (Connection c = open(db); Statement s = c.createStatement()) {
      String trace = "/*traceparent='00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'*/";
      String insert = "INSERT INTO " + table + " (name) VALUES ";
      List<String[]> sent = new ArrayList<>(List.of(
          new String[] {insert + "('a')", "a"},
          new String[] {insert + "('it''s')", "it's"},
          new String[] {"  INSERT INTO " + table + "\n  (name)\tVALUES ('b')  ", "b"},
          new String[] {trace + " " + insert + "('c')", "c"},
          new String[] {insert + "('d') " + trace, "d"},
          new String[] {insert + "('e')\n-- a line of its own\n", "e"},
          new String[] {"INSERT INTO " + table + " (name) VALUES /* between */ ('f')", "f"},
          new String[] {insert + "('')", ""},
          new String[] {insert + "('-- not a comment')", "-- not a comment"},
          new String[] {insert + "('/* nor this */ x')", "/* nor this */ x"}));
      if (db == Db.MARIADB) {
        sent.add(new String[] {insert + "('x\\'y')", "x'y"});
      }
      List<String> expected = new ArrayList<>();
      for (String[] row : sent) {
        assertEquals(1, s.executeUpdate(row[0], Statement.RETURN_GENERATED_KEYS), row[0]);
        long id = 1000 + expected.size();
        assertEquals(List.of(id), keys(s), row[0]);
        expected.add(id + ":" + row[1]);
      }
      assertEquals(expected, rows());
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void absentColumnIsAdded(Db db) throws Exception {
    try (Connection c = open(db); Statement s = c.createStatement()) {
      assertEquals(1, s.executeUpdate("INSERT INTO " + table + " (name) VALUES ('a')", Statement.RETURN_GENERATED_KEYS));
      assertEquals(List.of(1000L), keys(s));
      assertEquals(c, s.getConnection());
    }
    assertEquals(List.of("1000:a"), rows());
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void literalStatementsOfOneShapeEachGetTheirOwnTextAndKeys(Db db) throws Exception {
    try (Connection c = open(db); Statement s = c.createStatement()) {
      for (int i = 1; i <= 3; i++) {
        s.executeUpdate("INSERT INTO " + table + " (id, name) VALUES (NULL, 'n" + i + "'), (" + (10 * i)
            + ", 'x" + i + "')", Statement.RETURN_GENERATED_KEYS);
        assertEquals(List.of(999L + i, 10L * i), keys(s));
      }
    }
    assertEquals(List.of("10:x1", "20:x2", "30:x3", "1000:n1", "1001:n2", "1002:n3"), rows());
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void nullAndDefaultAreFilledInRowOrder(Db db) throws Exception {
    try (Connection c = open(db); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO " + table + " (id, name) VALUES (NULL, 'a'), (DEFAULT, 'b'), (7, 'c')",
          new String[] {"ID"});
      assertEquals(List.of(1000L, 1001L, 7L), keys(s));
    }
    assertEquals(List.of("7:c", "1000:a", "1001:b"), rows());
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void boundNullIsFilledAndBoundValueKept(Db db) throws Exception {
    try (Connection c = open(db);
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, name) VALUES (?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      ps.setNull(1, Types.BIGINT);
      ps.setString(2, "a");
      ps.executeUpdate();
      assertEquals(List.of(1000L), keys(ps));
      ps.setObject(1, null, Types.BIGINT);
      ps.setString(2, "b");
      ps.executeUpdate();
      assertEquals(List.of(1001L), keys(ps));
      ps.setLong(1, 5);
      ps.setString(2, "c");
      ps.executeUpdate();
      assertEquals(List.of(5L), keys(ps));
      ps.setNull(1, Types.BIGINT, "BIGINT");
      ps.setString(2, "d");
      ps.executeUpdate();
      assertEquals(List.of(1002L), keys(ps));
    }
    assertEquals(List.of("5:c", "1000:a", "1001:b", "1002:d"), rows());
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void explicitValueIsRefusedWhenConfigured(Db db) throws Exception {
    try (Connection c = open(db, "reject");
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, name) VALUES (?, ?)")) {
      ps.setLong(1, 5);
      ps.setString(2, "a");
      SQLException e = assertThrows(SQLException.class, ps::executeUpdate);
      assertEquals("parameter 1 sets column id, which takes its values from sequence order_id (explicit: reject);"
          + " bind null or leave the column out", e.getMessage());
      ps.setNull(1, Types.BIGINT);
      ps.executeUpdate();
    }
    assertEquals(List.of("1000:a"), rows());
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void preparedMultiRowInsertDrawsFreshIdsOnEachExecution(Db db) throws Exception {
    try (Connection c = open(db);
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (name) VALUES (?), (?)",
            new int[] {1})) {
      for (int i = 0; i < 3; i++) {
        ps.setString(1, "a" + i);
        ps.setString(2, "b" + i);
        assertEquals(2, ps.executeUpdate());
        assertEquals(List.of(1000L + 2 * i, 1001L + 2 * i), keys(ps));
      }
    }
    assertEquals(List.of("1000:a0", "1001:b0", "1002:a1", "1003:b1", "1004:a2", "1005:b2"), rows());
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void preparedBatchGetsOneIdPerRow(Db db) throws Exception {
    try (Connection c = open(db);
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (name) VALUES (?)", new String[] {"Id"})) {
      for (String name : List.of("a", "b", "c")) {
        ps.setString(1, name);
        ps.addBatch();
      }
      ps.executeBatch();
      assertEquals(List.of(1000L, 1001L, 1002L), keys(ps));
      ps.setString(1, "x");
      ps.addBatch();
      ps.clearBatch();
      ps.setString(1, "d");
      ps.addBatch();
      ps.executeLargeBatch();
      assertEquals(List.of(1004L), keys(ps)); // 1003 went to the cleared entry: a gap, never a duplicate
    }
    assertEquals(List.of("1000:a", "1001:b", "1002:c", "1004:d"), rows());
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void statementBatchGetsOneIdPerRow(Db db) throws Exception {
    try (Connection c = open(db); Statement s = c.createStatement()) {
      s.addBatch("INSERT INTO " + table + " (name) VALUES ('a'), ('b')");
      s.addBatch("UPDATE " + table + " SET name = 'z' WHERE id = 0");
      s.addBatch("INSERT INTO " + table + " (id, name) VALUES (NULL, 'c')");
      s.executeBatch();
      assertEquals(List.of(1000L, 1001L, 1002L), keys(s));
    }
    assertEquals(List.of("1000:a", "1001:b", "1002:c"), rows());
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void schemaQualifiedNameIsRewritten(Db db) throws Exception {
    try (Connection c = open(db); Statement s = c.createStatement()) {
      // MariaDB's schema is the URL's database; H2's and PostgreSQL's the default schema.
      String schema = db == Db.MARIADB ? c.getCatalog() : c.getSchema();
      s.executeUpdate("INSERT INTO " + schema + "." + table + " (name) VALUES ('a')");
    }
    assertEquals(List.of("1000:a"), rows());
  }

  @Test
  void mysqlSetIgnoreReplaceAndOnDuplicateKeyUpdateGetIds() throws Exception {
    try (Connection c = open(Db.MARIADB); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO `" + table + "` SET name = 'a'", Statement.RETURN_GENERATED_KEYS);
      assertEquals(List.of(1000L), keys(s));
      s.executeUpdate("INSERT IGNORE INTO " + table + " (name) VALUES ('b')");
      s.executeUpdate("REPLACE INTO " + table + " (name) VALUES ('c')");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
          + " (id, name) VALUES (?, ?) ON DUPLICATE KEY UPDATE name = ?", Statement.RETURN_GENERATED_KEYS)) {
        ps.setLong(1, 1000);
        ps.setString(2, "ignored");
        ps.setString(3, "updated");
        ps.executeUpdate();
        assertEquals(List.of(1000L), keys(ps));
      }
    }
    assertEquals(List.of("1000:updated", "1001:b", "1002:c"), rows());
  }

  @Test
  void postgresReturningAndOnConflictReportTheGeneratedId() throws Exception {
    try (Connection c = open(Db.POSTGRES)) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO \"" + table
          + "\" (name) VALUES (?) RETURNING id, name")) {
        ps.setString(1, "a");
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals(1000L, rs.getLong("id"));
          assertEquals(ps, rs.getStatement());
        }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
          + " (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name",
          Statement.RETURN_GENERATED_KEYS)) {
        ps.setLong(1, 1000);
        ps.setString(2, "b");
        ps.executeUpdate();
        assertEquals(List.of(1000L), keys(ps));
      }
    }
    assertEquals(List.of("1000:b"), rows());
  }

  /** Each row of {@code id, name} as "id:name", checking that the result set leads back to us. */
  private static List<String> selected(PreparedStatement ps) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      assertEquals(ps, rs.getStatement());
      while (rs.next()) {
        rows.add(rs.getLong(1) + ":" + rs.getString(2));
      }
    }
    return rows;
  }

  /** jOOQ's and Hibernate's way of reading keys back on H2: the INSERT inside a data-change delta table. */
  @Test
  void h2FinalTableSelectsTheGeneratedIds() throws Exception {
    try (Connection c = open(Db.H2)) {
      try (PreparedStatement ps = c.prepareStatement("SELECT id, name FROM FINAL TABLE (INSERT INTO " + table
          + " (name, id) VALUES (?, DEFAULT), (?, NULL), (?, ?))", Statement.RETURN_GENERATED_KEYS)) {
        ps.setString(1, "a");
        ps.setString(2, "b");
        ps.setString(3, "c");
        ps.setNull(4, Types.BIGINT);
        assertEquals(List.of("1000:a", "1001:b", "1002:c"), selected(ps));
        assertEquals(List.of(1000L, 1001L, 1002L), keys(ps));
        ps.setString(1, "d");
        ps.setString(2, "e");
        ps.setString(3, "f");
        ps.setLong(4, 7);
        assertEquals(List.of("1003:d", "1004:e", "7:f"), selected(ps));
        assertEquals(List.of(1003L, 1004L, 7L), keys(ps));
      }
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT id FROM NEW TABLE (INSERT INTO " + table + " (name) VALUES ('g'))")) {
        assertTrue(rs.next());
        assertEquals(1005L, rs.getLong(1));
      }
    }
    assertEquals(List.of("7:f", "1000:a", "1001:b", "1002:c", "1003:d", "1004:e", "1005:g"), rows());
  }

  @Test
  void postgresDataModifyingWithSelectsTheGeneratedIds() throws Exception {
    try (Connection c = open(Db.POSTGRES)) {
      try (PreparedStatement ps = c.prepareStatement("WITH ins AS (INSERT INTO " + table
          + " (name) VALUES (?), (?) RETURNING id, name) SELECT id, name FROM ins ORDER BY id",
          Statement.RETURN_GENERATED_KEYS)) {
        ps.setString(1, "a");
        ps.setString(2, "b");
        assertEquals(List.of("1000:a", "1001:b"), selected(ps));
        assertEquals(List.of(1000L, 1001L), keys(ps));
      }
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("WITH ins AS (INSERT INTO " + table
          + " (id, name) VALUES (DEFAULT, 'c') ON CONFLICT (id) DO NOTHING RETURNING id) SELECT id FROM ins")) {
        assertTrue(rs.next());
        assertEquals(1002L, rs.getLong(1));
      }
    }
    assertEquals(List.of("1000:a", "1001:b", "1002:c"), rows());
  }

  @Test
  void h2NestedInsertSelectWithoutTheColumnIsRefusedAndNothingWritten() throws Exception {
    try (Connection c = open(Db.H2)) {
      String sql = "SELECT id FROM FINAL TABLE (INSERT INTO " + table + " (name) SELECT 'x')";
      SQLFeatureNotSupportedException e = assertThrows(SQLFeatureNotSupportedException.class, () -> c.prepareStatement(sql));
      assertEquals("INSERT ... SELECT into " + table + " does not supply id, which seqproxy fills only in an"
          + " INSERT ... SELECT sent as a statement of its own, not inside another statement: list id in the"
          + " column list and select its value, or insert with VALUES", e.getMessage());
    }
    assertEquals(List.of(), rows());
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void insertSelectWithoutTheColumnGetsItsIdsThroughStatementAndPreparedStatement(Db db) throws Exception {
    try (Connection c = open(db); Statement s = c.createStatement()) {
      String sql = "INSERT INTO " + table + " (name) SELECT 'x'";
      assertEquals(1, s.executeUpdate(sql));
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        assertEquals(1, ps.executeUpdate());
      }
    }
    assertEquals(List.of("1000:x", "1001:x"), rows());
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void unparseableInsertIsRefusedAndNothingWritten(Db db) throws Exception {
    try (Connection c = open(db); Statement s = c.createStatement()) {
      String sql = "INSERT INTO " + table + " (name VALUES ('x')";
      SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(sql));
      assertEquals("INSERT into " + table + " cannot be rewritten: expected ',' or ')' in the column list but found"
          + " 'VALUES'", e.getMessage());
    }
    assertEquals(List.of(), rows());
  }

  /**
   * What square brackets hold (array constructors, subscripts, slices, array types) is shown to
   * JSqlParser as one value; PostgreSQL reads the statement as written: three dimensions deep in a
   * WITH query, and a slice of a cast to an array type, through a plain and a prepared statement.
   * (H2 has no WITH before INSERT, MariaDB no arrays.)
   */
  @Test
  void squareBracketsInAWithQueryAreTheDatabasesToRead() throws Exception {
    String sql = "WITH v AS (SELECT (ARRAY[[[1, 2], [3, 4]], [[5, 6], [7, 8]]])[2][1][2] AS m,"
        + " ('{9}'::int[])[1:1] AS n)"
        + " INSERT INTO {t} (name) VALUES ((SELECT CONCAT('c', m, n) FROM v))";
    try (Connection c = open(Db.POSTGRES); Statement s = c.createStatement()) {
      assertEquals(1, s.executeUpdate(sql.replace("{t}", table), Statement.RETURN_GENERATED_KEYS));
      assertEquals(List.of(1000L), keys(s));
      try (PreparedStatement ps = c.prepareStatement(sql.replace("{t}", table),
          Statement.RETURN_GENERATED_KEYS)) {
        assertEquals(1, ps.executeUpdate());
        assertEquals(List.of(1001L), keys(ps));
      }
    }
    assertEquals(List.of("1000:c6{9}", "1001:c6{9}"), rows());
  }

  /**
   * A WITH query is shown to JSqlParser as {@code SELECT 1}: subqueries nested ten deep in one used
   * to be refused at the planning bound (54000). PostgreSQL reads it as written.
   */
  @Test
  void deeplyNestedSubqueriesInAWithQueryAreTheDatabasesToRead() throws Exception {
    String sql = "WITH v AS (SELECT " + "((SELECT ".repeat(10) + "'deep'" + "))".repeat(10) + " AS m)"
        + " INSERT INTO {t} (name) VALUES ((SELECT m FROM v))";
    try (Connection c = open(Db.POSTGRES); Statement s = c.createStatement()) {
      assertEquals(1, s.executeUpdate(sql.replace("{t}", table), Statement.RETURN_GENERATED_KEYS));
      assertEquals(List.of(1000L), keys(s));
    }
    assertEquals(List.of("1000:deep"), rows());
  }
}
