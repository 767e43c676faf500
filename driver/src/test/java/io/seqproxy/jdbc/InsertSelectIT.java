package io.seqproxy.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.jdbc.rewrite.ColumnMapping;
import io.seqproxy.jdbc.rewrite.InsertRewriter;
import io.seqproxy.jdbc.rewrite.InsertSelectPlan;
import io.seqproxy.jdbc.rewrite.InsertSelectRequired;
import io.seqproxy.jdbc.rewrite.SqlDialect;
import io.seqproxy.jdbc.rewrite.TableMappings;
import io.seqproxy.sequence.Sequence;
import io.seqproxy.sequence.range.MemoryRangeStore;
import io.seqproxy.sequence.range.RangeSequence;
import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link InsertSelect} on real H2, MariaDB and PostgreSQL connections: the query's rows are
 * inserted with IDs 1000, 1001, ... from a memory range sequence, in the query's row order, all or
 * nothing, inside or outside the application's transaction.
 */
class InsertSelectIT {
  private final List<String> dropped = new ArrayList<>();
  private Db db;
  private Connection connection;
  private Sequence sequence;
  private String source;
  private String target;

  @AfterEach
  void cleanUp() throws SQLException {
    if (connection != null) {
      connection.setAutoCommit(true);
      try (Statement s = connection.createStatement()) {
        for (String table : dropped) {
          s.execute("DROP TABLE " + table);
        }
      }
      connection.close();
    }
    if (sequence != null) {
      sequence.close();
    }
  }

  /** Source {@code (k INT, v VARCHAR)} with {@code rows} rows k = 0.., v = 'v<k>'; target with a NOT NULL v. */
  private void open(Db db, int rows) throws SQLException {
    TestDatabases.require(db);
    this.db = db;
    connection = db.connect();
    source = TestDatabases.uniqueName("src");
    target = TestDatabases.uniqueName("orders");
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE " + source + " (k INT, v VARCHAR(20))");
      dropped.add(source);
      s.execute("CREATE TABLE " + target + " (id BIGINT PRIMARY KEY, k INT, v VARCHAR(20) NOT NULL)");
      dropped.add(target);
    }
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + source + " (k, v) VALUES (?, ?)")) {
      for (int k = 0; k < rows; k++) {
        insert.setInt(1, k);
        insert.setString(2, "v" + k);
        insert.addBatch();
      }
      if (rows > 0) {
        insert.executeBatch();
      }
    }
    sequence = RangeSequence.builder("order_id", new MemoryRangeStore()).start(1000).build();
  }

  /** The plan the rewriter makes of {@code sql}, with {@code target} mapped id → order_id. */
  private InsertSelectPlan plan(String sql) {
    TableMappings mappings = new TableMappings() {
      @Override
      public List<ColumnMapping> columnsFor(String schema, String table) {
        return table.equalsIgnoreCase(target) ? List.of(new ColumnMapping("id", "order_id", false)) : List.of();
      }

      @Override
      public Set<String> tableNames() {
        return Set.of(target);
      }
    };
    InsertRewriter rewriter = new InsertRewriter(mappings, SqlDialect.forUrl(db.url()));
    return assertThrows(InsertSelectRequired.class, () -> rewriter.plan(sql)).plan();
  }

  private InsertSelect.Result copy(String where, InsertSelect.Parameters parameters, int limit) throws SQLException {
    InsertSelectPlan plan = plan("INSERT INTO " + target + " (k, v) SELECT k, v FROM " + source + " " + where);
    return InsertSelect.execute(connection, plan, name -> sequence, parameters, limit);
  }

  /** The target's rows as k:id, in k order, read on a connection of their own (so: committed). */
  private List<String> committedRows() throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection other = db.connect(); Statement s = other.createStatement();
        ResultSet rs = s.executeQuery("SELECT k, id FROM " + target + " ORDER BY k")) {
      while (rs.next()) {
        rows.add(rs.getInt(1) + ":" + rs.getLong(2));
      }
    }
    return rows;
  }

  private static List<String> expectedRows(int from, int count, long firstId) {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add((from + i) + ":" + (firstId + i));
    }
    return rows;
  }

  private static long[][] keys(long first, int count) {
    long[][] keys = new long[count][];
    for (int i = 0; i < count; i++) {
      keys[i] = new long[] {first + i};
    }
    return keys;
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void noRowsInsertNothingAndDrawNoIds(Db db) throws SQLException {
    open(db, 3);
    InsertSelect.Result result = copy("WHERE k > 100 ORDER BY k", InsertSelect.Parameters.NONE, 10);
    assertEquals(0, result.updateCount());
    assertEquals(0, result.generatedKeys().length);
    assertEquals(List.of(), committedRows());
    assertEquals(1000, sequence.next());
    assertTrue(connection.getAutoCommit());
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void oneRowGetsItsIdAndIsCommitted(Db db) throws SQLException {
    open(db, 3);
    InsertSelect.Result result = copy("WHERE k = 1", InsertSelect.Parameters.NONE, 10);
    assertEquals(1, result.updateCount());
    assertEquals(List.of("id"), result.generatedColumns());
    assertArrayEquals(keys(1000, 1), result.generatedKeys());
    assertEquals(List.of("1:1000"), committedRows());
    assertTrue(connection.getAutoCommit());
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void tenThousandRowsWithParametersGetIdsInTheQuerysOrder(Db db) throws SQLException {
    open(db, 10_100);
    InsertSelect.Result result = copy("WHERE k >= ? AND v <> ? ORDER BY k",
        query -> {
          query.setInt(1, 100);
          query.setString(2, "none");
        }, InsertSelect.DEFAULT_ROW_LIMIT);
    assertEquals(10_000, result.updateCount());
    assertArrayEquals(keys(1000, 10_000), result.generatedKeys());
    assertEquals(expectedRows(100, 10_000, 1000), committedRows());
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void insideATransactionItIsPartOfIt(Db db) throws SQLException {
    open(db, 5);
    connection.setAutoCommit(false);
    InsertSelect.Result result = copy("ORDER BY k", InsertSelect.Parameters.NONE, 10);
    assertEquals(5, result.updateCount());
    assertEquals(List.of(), committedRows(), "not committed before the application commits");
    assertFalse(connection.getAutoCommit());
    connection.commit();
    assertEquals(expectedRows(0, 5, 1000), committedRows());
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aFailureHalfWayLeavesNothingAndRestoresAutoCommit(Db db) throws SQLException {
    open(db, 1_200);
    try (Statement s = connection.createStatement()) {
      s.executeUpdate("UPDATE " + source + " SET v = NULL WHERE k = 1100"); // the third batch fails
    }
    assertThrows(SQLException.class, () -> copy("ORDER BY k", InsertSelect.Parameters.NONE, 10_000));
    assertEquals(List.of(), committedRows());
    assertTrue(connection.getAutoCommit());
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aFailureInsideATransactionKeepsTheApplicationsEarlierWork(Db db) throws SQLException {
    open(db, 1_200);
    try (Statement s = connection.createStatement()) {
      s.executeUpdate("UPDATE " + source + " SET v = NULL WHERE k = 1100");
    }
    connection.setAutoCommit(false);
    try (Statement s = connection.createStatement()) {
      s.executeUpdate("INSERT INTO " + target + " (id, k, v) VALUES (1, -1, 'mine')");
    }
    assertThrows(SQLException.class, () -> copy("ORDER BY k", InsertSelect.Parameters.NONE, 10_000));
    connection.commit();
    assertEquals(List.of("-1:1"), committedRows());
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void moreRowsThanTheLimitAreRefusedBeforeAnythingIsWritten(Db db) throws SQLException {
    open(db, 6);
    SQLException e = assertThrows(SQLException.class, () -> copy("", InsertSelect.Parameters.NONE, 5));
    assertEquals("INSERT ... SELECT into " + target + " selects more than 5 rows, the most seqproxy copies in"
        + " one statement (it holds them to give each its ID); nothing was written: insert in smaller steps"
        + " (a WHERE on a key range), or raise the row limit", e.getMessage());
    assertEquals(List.of(), committedRows());
    assertEquals(1000, sequence.next(), "no IDs drawn");
    assertTrue(connection.getAutoCommit());
  }
}
