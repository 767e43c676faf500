package io.seqproxy.jdbc.function;

import io.seqproxy.sequence.Sequence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The increment of each sequence as an ORM sees it: how many IDs the ORM derives from one
 * next-value answer (Hibernate's {@code allocationSize}). It is the sequence's {@code increment:}
 * in the YAML; else the increment of the database's own sequence of the same name in the
 * connection's current schema (the {@code CREATE SEQUENCE … INCREMENT BY 50} an application's
 * schema already has), read once per sequence per engine; else 1. One per engine, shared by every
 * connection.
 */
public final class Increments {
  private final Map<String, Integer> configured;
  private final Map<String, Integer> read = new ConcurrentHashMap<>();

  /** @param configured the YAML's increments by sequence name; sequences without one are absent */
  public Increments(Map<String, Integer> configured) {
    this.configured = Map.copyOf(configured);
  }

  /**
   * The increment of {@code sequence}, read from the database through {@code real} the first time
   * when the YAML sets none.
   *
   * @throws SQLException when the database's catalog cannot be read, or its sequence descends
   */
  public int of(Sequence sequence, Connection real) throws SQLException {
    String name = sequence.name();
    Integer increment = configured.get(name);
    if (increment == null) {
      increment = read.get(name);
    }
    if (increment == null) {
      increment = readFromDatabase(name, real);
      read.put(name, increment);
    }
    return increment;
  }

  private static int readFromDatabase(String name, Connection real) throws SQLException {
    long increment;
    try {
      increment = catalogIncrement(name, real);
    } catch (SQLException e) {
      throw new SQLException("seqproxy could not read the increment of the database's sequence " + name
          + " (" + e.getMessage() + "); set increment: on sequence " + name + " in the YAML", e.getSQLState(), e);
    }
    if (increment < 1 || increment > Integer.MAX_VALUE / 2) {
      throw new SQLException("the database's sequence " + name + " has increment " + increment
          + ", and seqproxy takes one from 1 to " + Integer.MAX_VALUE / 2 + "; set increment: on sequence "
          + name + " in the YAML", "HY000");
    }
    return (int) increment;
  }

  /** The increment of the database's sequence {@code name}; 1 when there is none (or no sequences). */
  private static long catalogIncrement(String name, Connection real) throws SQLException {
    String product = real.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
    if (product.contains("postgres") || product.contains("h2")) {
      String schema = real.getSchema();
      String sql = "SELECT sequence_name, increment FROM information_schema.sequences"
          + " WHERE upper(sequence_name) = upper(?)" + (schema == null ? "" : " AND sequence_schema = ?");
      try (PreparedStatement query = real.prepareStatement(sql)) {
        query.setString(1, name);
        if (schema != null) {
          query.setString(2, schema);
        }
        return exactOrOnly(name, query);
      }
    }
    if (product.contains("mysql") || product.contains("mariadb")) {
      // MariaDB 10.3+ sequences are tables of type SEQUENCE; MySQL has none.
      String table;
      try (PreparedStatement query = real.prepareStatement("SELECT table_name, 1 FROM information_schema.tables"
          + " WHERE table_schema = DATABASE() AND table_type = 'SEQUENCE' AND table_name = ?")) {
        query.setString(1, name);
        try (ResultSet rows = query.executeQuery()) {
          if (!rows.next()) {
            return 1;
          }
          table = rows.getString(1);
        }
      }
      try (PreparedStatement query = real.prepareStatement(
          "SELECT `increment` FROM `" + table.replace("`", "``") + "`");
          ResultSet rows = query.executeQuery()) {
        return rows.next() ? rows.getLong(1) : 1;
      }
    }
    return 1;
  }

  /** The row whose name is {@code name} as written, else the only row; 1 without one. */
  private static long exactOrOnly(String name, PreparedStatement query) throws SQLException {
    long only = 1;
    int rowsSeen = 0;
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        long increment = Long.parseLong(rows.getString(2).strip());
        if (rows.getString(1).equals(name)) {
          return increment;
        }
        only = increment;
        rowsSeen++;
      }
    }
    if (rowsSeen > 1) {
      throw new SQLException(rowsSeen + " sequences are named " + name + " in other cases", "HY000");
    }
    return only;
  }
}
