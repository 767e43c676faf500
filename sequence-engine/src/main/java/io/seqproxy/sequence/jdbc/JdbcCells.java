package io.seqproxy.sequence.jdbc;

import io.seqproxy.sequence.spi.VersionedCells;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Cells in the table {@code {prefix}cell (cell_name VARCHAR(190) PRIMARY KEY, version BIGINT,
 * cell_value VARCHAR(4000))}, created on first use (only stores that hold regions need it). A
 * write is {@code UPDATE … SET cell_value = ?, version = version + 1 WHERE cell_name = ? AND
 * version = ?} (an INSERT at version 0 for a new cell), committed on the store's own connection.
 */
final class JdbcCells implements VersionedCells {
  private final StoreConnection store;
  private final String table;
  private volatile boolean created;

  JdbcCells(StoreConnection store, String table) {
    this.store = store;
    this.table = table;
  }

  private void ensureTable() {
    if (created) {
      return;
    }
    store.call(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS " + table + " (cell_name VARCHAR(190) NOT NULL PRIMARY KEY, "
            + "version BIGINT NOT NULL, cell_value VARCHAR(" + MAX_VALUE_CHARS + ") NOT NULL)");
      } catch (SQLException e) {
        // Another process created it at the same moment (PostgreSQL's catalog race); reading tells.
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
          rs.next();
        }
      }
      return null;
    });
    created = true;
  }

  @Override
  public Optional<Cell> read(String name) {
    ensureTable();
    return store.call(c -> {
      try (PreparedStatement select = c.prepareStatement(
          "SELECT cell_value, version FROM " + table + " WHERE cell_name = ?")) {
        select.setString(1, name);
        try (ResultSet rs = select.executeQuery()) {
          return rs.next() ? Optional.of(new Cell(rs.getString(1), rs.getLong(2))) : Optional.empty();
        }
      }
    });
  }

  @Override
  public OptionalLong write(String name, long expectedVersion, String value) {
    if (value.length() > MAX_VALUE_CHARS) {
      throw new IllegalArgumentException("cell " + name + ": " + value.length() + " characters, at most "
          + MAX_VALUE_CHARS);
    }
    ensureTable();
    boolean written = store.call(c -> {
      if (expectedVersion < 0) {
        try (PreparedStatement insert = c.prepareStatement(
            "INSERT INTO " + table + " (cell_name, version, cell_value) VALUES (?, 0, ?)")) {
          insert.setString(1, name);
          insert.setString(2, value);
          return insert.executeUpdate() == 1;
        } catch (SQLException e) {
          if (StoreConnection.isConstraintViolation(e)) {
            return false;
          }
          throw e;
        }
      }
      try (PreparedStatement update = c.prepareStatement("UPDATE " + table
          + " SET cell_value = ?, version = version + 1 WHERE cell_name = ? AND version = ?")) {
        update.setString(1, value);
        update.setString(2, name);
        update.setLong(3, expectedVersion);
        return update.executeUpdate() == 1;
      }
    });
    return written ? OptionalLong.of(expectedVersion + 1) : OptionalLong.empty();
  }

  @Override
  public String describe() {
    return "jdbc store " + store.description() + " (table " + table + ")";
  }
}
