package io.seqproxy.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.testing.TestDatabases.Db;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What JDBC says describes "the last execution" (result set, update count, generated keys, an
 * answered function's result) describes the last one, whichever path it took: answered by
 * seqproxy, rewritten, or sent as written. On H2, MariaDB and PostgreSQL.
 */
class LastExecutionIT {
  private static final String NEXT = "SELECT NEXT VALUE FOR order_id";

  @RegisterExtension final OrdersTables tables = new OrdersTables();
  private OrdersTable orders;
  private String table;

  private Connection open(Db db) throws Exception {
    orders = tables.create(db, "keep");
    table = orders.name;
    return orders.open();
  }

  private static List<Long> keys(Statement statement) throws SQLException {
    return rows(statement.getGeneratedKeys());
  }

  /** The first column of every row of {@code keys}, which it closes. */
  private static List<Long> rows(ResultSet keys) throws SQLException {
    List<Long> values = new ArrayList<>();
    try (keys) {
      while (keys.next()) {
        values.add(keys.getLong(1));
      }
    }
    return values;
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void updateAfterAnsweredQueryReportsItsOwnCount(Db db) throws Exception {
    try (Connection c = open(db); Statement s = c.createStatement()) {
      assertTrue(s.execute(NEXT));
      ResultSet answer = s.getResultSet();
      assertTrue(answer.next());
      assertEquals(1000L, answer.getLong(1));
      assertEquals(-1, s.getUpdateCount());

      assertEquals(1, s.executeUpdate("INSERT INTO " + table + " (name) VALUES ('a')"));
      assertEquals(1, s.getUpdateCount());
      assertNull(s.getResultSet());
      assertTrue(answer.isClosed(), "the answer of the execution before is closed");
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void answeredQueryHidesTheUpdateBeforeIt(Db db) throws Exception {
    try (Connection c = open(db); Statement s = c.createStatement()) {
      assertEquals(1, s.executeUpdate("INSERT INTO " + table + " (name) VALUES ('a')", Statement.RETURN_GENERATED_KEYS));
      assertEquals(List.of(1000L), keys(s));

      assertTrue(s.execute(NEXT));
      assertEquals(-1, s.getUpdateCount());
      assertEquals(List.of(), keys(s));
      assertFalse(s.getMoreResults());
      assertNull(s.getResultSet());
      assertEquals(-1, s.getUpdateCount(), "no more results: not the INSERT's count either");
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void queryAfterAnsweredQueryReturnsTheDatabasesRows(Db db) throws Exception {
    try (Connection c = open(db); Statement s = c.createStatement()) {
      try (ResultSet answer = s.executeQuery(NEXT)) {
        assertTrue(answer.next());
        assertEquals(1000L, answer.getLong(1));
      }
      assertTrue(s.execute("SELECT COUNT(*) FROM " + table));
      try (ResultSet rows = s.getResultSet()) {
        assertTrue(rows.next());
        assertEquals(0, rows.getInt(1));
      }
      assertEquals(-1, s.getUpdateCount());
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void keysOfARewrittenInsertDoNotOutliveTheNextExecution(Db db) throws Exception {
    try (Connection c = open(db); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO " + table + " (name) VALUES ('a')", Statement.RETURN_GENERATED_KEYS);
      assertEquals(List.of(1000L), keys(s));

      // No row matches: on PostgreSQL the driver's keys of an UPDATE are the rows it changed.
      assertEquals(0, s.executeUpdate("UPDATE " + table + " SET name = 'b' WHERE id = -1", Statement.RETURN_GENERATED_KEYS));
      assertEquals(List.of(), keys(s), "the UPDATE's keys, not the INSERT's");
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void preparedKeysAreThoseOfTheLastExecutionWhatComesAfterIt(Db db) throws Exception {
    try (Connection c = open(db);
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (name) VALUES (?)",
            Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, "a");
      assertEquals(1, ps.executeUpdate());
      ps.setString(1, "b");
      ps.addBatch();
      ps.setString(1, "c");
      ps.addBatch();
      assertEquals(List.of(1000L), keys(ps), "rows added to a batch are not executed: the keys are still a's");
      assertEquals(List.of(1000L), keys(ps), "asked again, the same keys");
      ps.executeBatch();
      assertEquals(List.of(1001L, 1002L), keys(ps));

      ps.setString(1, "x".repeat(60)); // longer than the column: the database refuses the row
      assertThrows(SQLException.class, ps::executeUpdate);
      assertEquals(List.of(), keys(ps), "the refused execution has no keys, not the batch's");
      ps.setString(1, "d");
      assertEquals(1, ps.executeUpdate());
      assertEquals(List.of(1004L), keys(ps), "1003 went to the refused row: a gap");
    }
    assertEquals(List.of("1000:a", "1001:b", "1002:c", "1004:d"), orders.rows());
  }

  /**
   * A keys result set reads the values its execution drew, uncopied: the executions after it,
   * and rows added to a batch, draw into new ones, so the keys it was given never change.
   */
  @ParameterizedTest
  @EnumSource(Db.class)
  void keysAskedForEarlierStayThoseOfTheirExecution(Db db) throws Exception {
    try (Connection c = open(db);
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (name) VALUES (?)",
            Statement.RETURN_GENERATED_KEYS);
        Statement s = c.createStatement()) {
      ps.setString(1, "a");
      ps.executeUpdate();
      ResultSet a = ps.getGeneratedKeys();
      ResultSet againA = ps.getGeneratedKeys();
      ps.setString(1, "b");
      ps.executeUpdate();
      ResultSet b = ps.getGeneratedKeys();
      ps.setString(1, "c");
      ps.addBatch();
      ps.setString(1, "d");
      ps.addBatch();
      ResultSet stillB = ps.getGeneratedKeys();
      ps.executeBatch();
      s.executeUpdate("INSERT INTO " + table + " (name) VALUES ('e')", Statement.RETURN_GENERATED_KEYS);
      ResultSet e = s.getGeneratedKeys();
      s.executeUpdate("INSERT INTO " + table + " (name) VALUES ('f')", Statement.RETURN_GENERATED_KEYS);
      assertEquals(List.of(1000L), rows(a));
      assertEquals(List.of(1000L), rows(againA));
      assertEquals(List.of(1001L), rows(b));
      assertEquals(List.of(1001L), rows(stillB));
      assertEquals(List.of(1002L, 1003L), keys(ps));
      assertEquals(List.of(1004L), rows(e));
      assertEquals(List.of(1005L), keys(s));
    }
    assertEquals(List.of("1000:a", "1001:b", "1002:c", "1003:d", "1004:e", "1005:f"), orders.rows());
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void refusedPlainInsertReportsNoneOfTheKeysItDrew(Db db) throws Exception {
    try (Connection c = open(db); Statement s = c.createStatement()) {
      // Longer than the column: the database refuses the row.
      String tooLong = "INSERT INTO " + table + " (name) VALUES ('" + "x".repeat(60) + "')";
      String fits = "INSERT INTO " + table + " (name) VALUES ('a')";
      List<String> how = new ArrayList<>();
      long expected = 1000;
      for (String[] names : new String[][] {null, {"id"}}) {
        for (int overload = 0; overload < 3; overload++) {
          int chosen = overload;
          assertEquals(1, update(s, fits, chosen, names));
          assertEquals(List.of(expected), keys(s));
          assertThrows(SQLException.class, () -> update(s, tooLong, chosen, names));
          assertEquals(List.of(), keys(s), () -> "overload " + chosen + ", names " + (names != null)
              + ": the refused INSERT has no keys, neither its drawn one nor the one's before");
          expected += 2; // the refused row's value is a gap
          how.add(overload + (names == null ? "" : "n"));
        }
      }
      assertEquals(List.of("0", "1", "2", "0n", "1n", "2n"), how);
    }
    assertEquals(List.of("1000:a", "1002:a", "1004:a", "1006:a", "1008:a", "1010:a"), orders.rows());
  }

  /** One INSERT through execute, executeUpdate or executeLargeUpdate, with its keys asked for. */
  private static long update(Statement s, String sql, int overload, String[] names) throws SQLException {
    return switch (overload) {
      case 0 -> {
        boolean rows = names == null ? s.execute(sql, Statement.RETURN_GENERATED_KEYS) : s.execute(sql, names);
        assertFalse(rows);
        yield s.getUpdateCount();
      }
      case 1 -> names == null ? s.executeUpdate(sql, Statement.RETURN_GENERATED_KEYS) : s.executeUpdate(sql, names);
      default -> names == null ? s.executeLargeUpdate(sql, Statement.RETURN_GENERATED_KEYS) : s.executeLargeUpdate(sql, names);
    };
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void failedPreparedExecutionLeavesNoKeysOfTheOneBefore(Db db) throws Exception {
    try (Connection c = open(db);
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, name) VALUES (?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      ps.setNull(1, Types.BIGINT);
      ps.setString(2, "a");
      assertEquals(1, ps.executeUpdate());
      assertEquals(List.of(1000L), keys(ps));

      ps.clearParameters();
      ps.setString(2, "b");
      SQLException unbound = assertThrows(SQLException.class, ps::executeUpdate);
      assertEquals("07001", unbound.getSQLState());
      assertEquals("No value specified for parameter 1", unbound.getMessage());
      assertEquals(List.of(), keys(ps), "the failed execution has no keys, not the one's before");
      ps.setNull(1, Types.BIGINT);
      assertEquals(1, ps.executeUpdate());
      assertEquals(List.of(1001L), keys(ps));
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void answeredPreparedStatementReportsOnlyItsLastAnswer(Db db) throws Exception {
    try (Connection c = open(db); PreparedStatement ps = c.prepareStatement(NEXT)) {
      ResultSet first = ps.executeQuery();
      assertTrue(first.next());
      assertEquals(1000L, first.getLong(1));

      assertTrue(ps.execute());
      assertTrue(first.isClosed(), "the answer before is closed by the next execution");
      ResultSet second = ps.getResultSet();
      assertTrue(second.next());
      assertEquals(1001L, second.getLong(1));
      assertEquals(-1, ps.getUpdateCount());

      assertFalse(ps.getMoreResults());
      assertNull(ps.getResultSet());
      assertEquals(-1, ps.getUpdateCount());
    }
  }
}
