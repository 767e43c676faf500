package io.seqproxy.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * INSERT ... SELECT into a mapped table without its generated column, end to end through
 * {@code jdbc:seqproxy:} on H2, MariaDB and PostgreSQL, by {@code DriverManager} and through
 * HikariCP: the query's rows arrive with IDs 1000, 1001, ... in the query's order, the update count
 * and the generated keys are what the database would report, all or nothing.
 */
class InsertSelectThroughDriverIT {
  /** How the application reaches the driver. */
  enum Access { DRIVER_MANAGER, HIKARI }

  @TempDir Path dir;
  private final List<AutoCloseable> cleanup = new ArrayList<>();
  private Db db;
  private String source;
  private String target;

  static Stream<Arguments> access() {
    return Stream.of(Db.values()).flatMap(db -> Stream.of(Access.values()).map(a -> Arguments.of(db, a)));
  }

  @AfterEach
  void close() throws Exception {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).close();
    }
    EngineRegistry.closeAll();
  }

  /**
   * Source {@code (k INT, v VARCHAR)} with rows k = 0 .. rows-1, v = 'v<k>' except v NULL at
   * {@code nullAt}; target {@code (id BIGINT PRIMARY KEY, k INT, v VARCHAR NOT NULL)} mapped
   * id → order_id (memory store, from 1000), at most {@code rowLimit} rows per INSERT ... SELECT.
   *
   * @return a proxied connection
   */
  private Connection open(Db db, Access access, int rows, int nullAt, int rowLimit) throws Exception {
    TestDatabases.require(db);
    this.db = db;
    source = TestDatabases.uniqueName("src");
    target = TestDatabases.uniqueName("orders");
    try (Connection direct = db.connect(); Statement s = direct.createStatement()) {
      s.execute("CREATE TABLE " + source + " (k INT, v VARCHAR(20))");
      s.execute("CREATE TABLE " + target + " (id BIGINT PRIMARY KEY, k INT, v VARCHAR(20) NOT NULL)");
      direct.setAutoCommit(false);
      try (PreparedStatement insert = direct.prepareStatement("INSERT INTO " + source + " (k, v) VALUES (?, ?)")) {
        for (int k = 0; k < rows; k++) {
          insert.setInt(1, k);
          insert.setString(2, k == nullAt ? null : "v" + k);
          insert.addBatch();
        }
        if (rows > 0) {
          insert.executeBatch();
        }
      }
      direct.commit();
    }
    cleanup.add(() -> {
      try (Connection direct = db.connect(); Statement s = direct.createStatement()) {
        s.execute("DROP TABLE " + source);
        s.execute("DROP TABLE " + target);
      }
    });
    Path config = Files.writeString(dir.resolve(target + ".yaml"),
        "sequences:\n  order_id: {store: memory, start: 1000}\ntables:\n  " + target + ": {id: order_id}\n"
            + "insert-select:\n  row-limit: " + rowLimit + "\n");
    Connection connection;
    if (access == Access.HIKARI) {
      HikariDataSource pool = ProxiedPools.hikari(db, config, 1);
      cleanup.add(pool);
      connection = pool.getConnection();
    } else {
      Properties info = db.credentials();
      info.setProperty("seqproxy.config", config.toString());
      connection = DriverManager.getConnection(db.proxiedUrl(), info);
    }
    cleanup.add(connection);
    return connection;
  }

  private String copyAll() {
    return "INSERT INTO " + target + " (k, v) SELECT k, v FROM " + source + " ORDER BY k";
  }

  /** The target's rows as k:id in k order, read on a connection of its own (so: committed). */
  private List<String> committedRows() throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection other = db.connect(); Statement s = other.createStatement();
        ResultSet rs = s.executeQuery("SELECT k, id, v FROM " + target + " ORDER BY k")) {
      while (rs.next()) {
        assertEquals("v" + rs.getInt(1), rs.getString(3));
        rows.add(rs.getInt(1) + ":" + rs.getLong(2));
      }
    }
    return rows;
  }

  private static List<String> expectedRows(int firstK, int count, long firstId) {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add((firstK + i) + ":" + (firstId + i));
    }
    return rows;
  }

  private static List<Long> keys(ResultSet keys) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (keys) {
      assertEquals("id", keys.getMetaData().getColumnLabel(1).toLowerCase());
      while (keys.next()) {
        ids.add(keys.getLong(1));
      }
    }
    return ids;
  }

  private static List<Long> ids(long first, int count) {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(first + i);
    }
    return ids;
  }

  @ParameterizedTest
  @MethodSource("access")
  void statementCopiesTenThousandRowsWithTheirIdsInOrder(Db db, Access access) throws Exception {
    Connection c = open(db, access, 10_000, -1, 10_000);
    try (Statement s = c.createStatement()) {
      assertEquals(10_000, s.executeUpdate(copyAll(), Statement.RETURN_GENERATED_KEYS));
      assertEquals(10_000, s.getUpdateCount());
      assertNull(s.getResultSet());
      assertFalse(s.getMoreResults());
      assertEquals(-1, s.getUpdateCount());
      assertEquals(ids(1000, 10_000), keys(s.getGeneratedKeys()));
    }
    assertTrue(c.getAutoCommit());
    assertEquals(expectedRows(0, 10_000, 1000), committedRows());
  }

  @ParameterizedTest
  @MethodSource("access")
  void statementWithNoRowsInsertsNothing(Db db, Access access) throws Exception {
    Connection c = open(db, access, 0, -1, 10);
    try (Statement s = c.createStatement()) {
      assertFalse(s.execute(copyAll(), new String[] {"id"}));
      assertEquals(0, s.getUpdateCount());
      assertEquals(List.of(), keys(s.getGeneratedKeys()));
      assertEquals(0L, s.executeLargeUpdate(copyAll()));
    }
    assertEquals(List.of(), committedRows());
  }

  @ParameterizedTest
  @MethodSource("access")
  void preparedStatementKeepsTheApplicationsParameters(Db db, Access access) throws Exception {
    Connection c = open(db, access, 20, -1, 10);
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + target + " (k, v) SELECT k, v FROM " + source
        + " WHERE k >= ? AND v <> ? ORDER BY k", Statement.RETURN_GENERATED_KEYS)) {
      ps.setInt(1, 19);
      ps.setString(2, "none");
      assertEquals(1, ps.executeUpdate());
      assertEquals(List.of(1000L), keys(ps.getGeneratedKeys()));
      ps.setString(2, "v19");
      ps.setInt(1, 17);
      assertFalse(ps.execute());
      assertEquals(2, ps.getUpdateCount());
      assertEquals(List.of(1001L, 1002L), keys(ps.getGeneratedKeys()));
      ps.clearParameters();
      ps.setInt(1, 30);
      ps.setString(2, "none");
      assertEquals(0L, ps.executeLargeUpdate());
      assertEquals(List.of(), keys(ps.getGeneratedKeys()));
    }
    assertEquals(List.of("17:1001", "18:1002", "19:1000"), committedRows());
  }

  @ParameterizedTest
  @MethodSource("access")
  void insideTheApplicationsTransactionRollbackUndoesItAndCommitKeepsIt(Db db, Access access) throws Exception {
    Connection c = open(db, access, 3, -1, 10);
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      assertEquals(3, s.executeUpdate(copyAll()));
      c.rollback();
      assertEquals(List.of(), committedRows());
      s.executeUpdate("INSERT INTO " + target + " (k, v) VALUES (99, 'v99')"); // id 1003
      assertEquals(3, s.executeUpdate(copyAll()));
      assertFalse(c.getAutoCommit());
      c.commit();
    }
    assertEquals(List.of("0:1004", "1:1005", "2:1006", "99:1003"), committedRows());
  }

  @ParameterizedTest
  @MethodSource("access")
  void aFailureHalfWayLeavesNothingAndKeepsTheTransactionsEarlierWork(Db db, Access access) throws Exception {
    // Row 750 breaks NOT NULL in the second multi-row INSERT, after the first 500 rows went in.
    Connection c = open(db, access, 1000, 750, 10_000);
    try (Statement s = c.createStatement()) {
      assertThrows(SQLException.class, () -> s.executeUpdate(copyAll()));
      assertTrue(c.getAutoCommit());
      assertEquals(List.of(), committedRows());

      c.setAutoCommit(false);
      s.executeUpdate("INSERT INTO " + target + " (k, v) VALUES (5000, 'v5000')");
      try (PreparedStatement ps = c.prepareStatement(copyAll())) {
        assertThrows(SQLException.class, ps::executeUpdate);
        assertEquals(List.of(), keys(ps.getGeneratedKeys()));
      }
      c.commit();
    }
    assertEquals(1, committedRows().size());
    assertTrue(committedRows().get(0).startsWith("5000:"), committedRows().toString());
  }

  @ParameterizedTest
  @MethodSource("access")
  void moreRowsThanTheConfiguredLimitAreRefusedBeforeAnythingIsWritten(Db db, Access access) throws Exception {
    Connection c = open(db, access, 6, -1, 5);
    try (Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(copyAll()));
      assertEquals("54000", e.getSQLState());
      assertTrue(e.getMessage().contains("selects more than 5 rows"), e.getMessage());
      assertEquals(5, s.executeUpdate(copyAll().replace("ORDER BY", "WHERE k < 5 ORDER BY")));
    }
    assertEquals(expectedRows(0, 5, 1000), committedRows());
  }

  @ParameterizedTest
  @MethodSource("access")
  void batchesAndExecuteQueryAreRefusedAndWriteNothing(Db db, Access access) throws Exception {
    Connection c = open(db, access, 3, -1, 10);
    try (Statement s = c.createStatement(); PreparedStatement ps = c.prepareStatement(copyAll())) {
      SQLException batch = assertThrows(SQLFeatureNotSupportedException.class, () -> s.addBatch(copyAll()));
      assertTrue(batch.getMessage().contains("cannot be part of a batch"), batch.getMessage());
      assertThrows(SQLFeatureNotSupportedException.class, ps::addBatch);
      SQLException query = assertThrows(SQLException.class, () -> s.executeQuery(copyAll()));
      assertEquals("07000", query.getSQLState());
      assertThrows(SQLException.class, ps::executeQuery);
    }
    assertEquals(List.of(), committedRows());
  }
}
