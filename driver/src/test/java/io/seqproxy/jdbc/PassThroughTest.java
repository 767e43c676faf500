package io.seqproxy.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQL that is not an INSERT into a mapped table reaches the real driver byte for byte. */
class PassThroughTest {
  private static final List<String> UNCHANGED = List.of(
      "SELECT * FROM orders WHERE id = 1",
      "select id from orders",
      "UPDATE orders SET name = 'x' WHERE id = 5",
      "DELETE FROM orders WHERE id = 5",
      "CREATE TABLE orders (id BIGINT PRIMARY KEY, name VARCHAR(20))",
      "DROP TABLE orders",
      "INSERT INTO customers (name) VALUES ('a')",
      "insert into other.customers(id,name) values (1,'orders')",
      "  \n\tSELECT /* INSERT INTO orders */ 1  -- trailing\n",
      "/* leading */ UPDATE orders SET id = id + 1",
      "WITH x AS (SELECT 1) SELECT * FROM x",
      "INSERT INTO orders_archive (id) VALUES (1)",
      "SELECT 'INSERT INTO orders (name) VALUES (1)'");

  @TempDir static Path dir;
  private static Properties info;

  @BeforeAll
  static void configure() throws Exception {
    RecordingDriver.register();
    Path config = Files.writeString(dir.resolve("recording.yaml"), """
        sequences:
          order_id: {store: memory, start: 1000}
        tables:
          orders: {id: order_id}
        """);
    info = new Properties();
    info.setProperty("seqproxy.config", config.toString());
  }

  @AfterAll
  static void close() {
    EngineRegistry.closeAll();
  }

  @BeforeEach
  void clear() {
    RecordingDriver.SQL.clear();
  }

  private static List<String> expected(String method) {
    List<String> expected = new ArrayList<>();
    for (String sql : UNCHANGED) {
      expected.add(method + ": " + sql);
    }
    return expected;
  }

  /**
   * What following {@code SET search_path} costs: the current schema is read from the real
   * connection once when the connection is first used and once after each statement that may
   * move it; other SETs and INSERTs never ask.
   */
  @Test
  void setSearchPathHasTheSchemaReadOnceAfterItAndInsertsNeverAsk() throws Exception {
    // A file, and so an engine, of its own: the other tests see the first write of the table.
    Properties own = new Properties();
    own.setProperty("seqproxy.config", Files.writeString(dir.resolve("search-path.yaml"), """
        sequences:
          order_id: {store: memory, start: 1000}
        tables:
          orders: {id: order_id}
        """).toString());
    try (Connection connection = DriverManager.getConnection("jdbc:seqproxy:recording:db", own);
        Statement statement = connection.createStatement();
        PreparedStatement prepared = connection.prepareStatement("INSERT INTO orders (name) VALUES (?)")) {
      int before = RecordingDriver.SCHEMA_READS.get();
      statement.execute("SET statement_timeout = 0");
      for (int i = 0; i < 1_000; i++) {
        statement.executeUpdate("INSERT INTO orders (name) VALUES ('a')");
      }
      assertEquals(0, RecordingDriver.SCHEMA_READS.get() - before);
      statement.execute("SET search_path TO public");
      for (int i = 0; i < 1_000; i++) {
        statement.executeUpdate("INSERT INTO orders (name) VALUES ('b')");
        prepared.setString(1, "c");
        prepared.executeUpdate();
      }
      statement.execute("SET application_name = 'x'");
      statement.executeUpdate("INSERT INTO orders (name) VALUES ('d')");
      assertEquals(1, RecordingDriver.SCHEMA_READS.get() - before);
    }
  }

  @Test
  void statementSendsItUnchanged() throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:seqproxy:recording:db", info);
        Statement statement = connection.createStatement()) {
      for (String sql : UNCHANGED) {
        statement.execute(sql);
      }
      assertEquals(expected("execute"), RecordingDriver.SQL);
      RecordingDriver.SQL.clear();
      for (String sql : UNCHANGED) {
        statement.executeUpdate(sql, Statement.RETURN_GENERATED_KEYS);
      }
      assertEquals(expected("executeUpdate"), RecordingDriver.SQL);
      RecordingDriver.SQL.clear();
      for (String sql : UNCHANGED) {
        statement.executeQuery(sql);
      }
      assertEquals(expected("executeQuery"), RecordingDriver.SQL);
    }
  }

  @Test
  void batchSendsItUnchanged() throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:seqproxy:recording:db", info);
        Statement statement = connection.createStatement()) {
      for (String sql : UNCHANGED) {
        statement.addBatch(sql);
      }
      statement.executeBatch();
      assertEquals(expected("addBatch"), RecordingDriver.SQL);
    }
  }

  @Test
  void preparedStatementSendsItUnchanged() throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:seqproxy:recording:db", info)) {
      for (String sql : UNCHANGED) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
          statement.addBatch();
          statement.executeBatch();
        }
      }
      assertEquals(expected("prepareStatement"), RecordingDriver.SQL);
      RecordingDriver.SQL.clear();
      for (String sql : UNCHANGED) {
        connection.prepareStatement(sql, new String[] {"id"}).close();
      }
      assertEquals(expected("prepareStatement"), RecordingDriver.SQL);
    }
  }

  @Test
  void mappedInsertIsRewritten() throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:seqproxy:recording:db", info);
        Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO orders (name) VALUES ('a')");
      connection.prepareStatement("INSERT INTO orders (name) VALUES (?)");
    }
    // The first write of the table reads what its rows hold (existing-rows: skip), once.
    assertEquals(List.of("executeQuery: SELECT MAX(id) FROM public.orders",
        "execute: INSERT INTO orders (name, id) VALUES ('a', 1000)",
        "prepareStatement: INSERT INTO orders (name, id) VALUES (?, ?)"), RecordingDriver.SQL);
  }
}
