package io.seqproxy.it;

import io.seqproxy.testing.TestDatabases.Db;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Tables made and read through the real driver, bypassing seqproxy: what the database holds is
 * checked without trusting the proxy under test. The ID column is a plain BIGINT primary key,
 * neither AUTO_INCREMENT nor identity, so a row can only get its ID from seqproxy.
 */
final class Schema {
  private Schema() {}

  /** {@code (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL)} for each name. */
  static void createNamedTables(Db db, String... tables) throws SQLException {
    try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
      for (String table : tables) {
        statement.execute("CREATE TABLE " + table + " (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(100) NOT NULL)");
      }
    }
  }

  static void drop(Db db, String... tables) throws SQLException {
    try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
      for (String table : tables) {
        statement.execute("DROP TABLE IF EXISTS " + table);
      }
    }
  }

  /** The rows of a named table as {@code "id:name"}, by ID. */
  static List<String> rows(Db db, String table) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT id, name FROM " + table + " ORDER BY id")) {
      while (result.next()) {
        rows.add(result.getLong(1) + ":" + result.getString(2));
      }
    }
    return rows;
  }
}
