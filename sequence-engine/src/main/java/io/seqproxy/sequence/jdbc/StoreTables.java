package io.seqproxy.sequence.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * The jdbc store's two tables, created on first use with SQL that H2, MySQL/MariaDB and
 * PostgreSQL all accept.
 *
 * <pre>
 * {prefix}range  (sequence_name VARCHAR(190) PRIMARY KEY, next_value BIGINT)
 *     next_value: the high-water mark, the first value no process has reserved
 * {prefix}worker (sequence_name VARCHAR(190), worker_id INT, owner VARCHAR(255),
 *                 expires_at BIGINT, last_timestamp BIGINT, PRIMARY KEY (sequence_name, worker_id))
 *     expires_at: ms since the Unix epoch after which the lease is free (0 once released)
 *     last_timestamp: ms; no ID of this worker id was or will be issued after it by the holder
 * </pre>
 * VARCHAR(190) keeps the primary key within MySQL's index limit under utf8mb4.
 */
final class StoreTables {
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*_?)?");

  final String range;
  final String worker;

  StoreTables(String prefix) {
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException("stores.jdbc.table-prefix: expected letters, digits and"
          + " underscores (optionally schema.prefix), got '" + prefix + "'");
    }
    this.range = prefix + "range";
    this.worker = prefix + "worker";
  }

  /**
   * Creates the tables if they do not exist. Processes creating them at once can make PostgreSQL
   * report a duplicate key in its catalog for the loser; a later try then finds them there.
   */
  void create(Connection connection) throws SQLException {
    createTable(connection, "CREATE TABLE IF NOT EXISTS " + range + " ("
        + "sequence_name VARCHAR(190) NOT NULL PRIMARY KEY, "
        + "next_value BIGINT NOT NULL)");
    createTable(connection, "CREATE TABLE IF NOT EXISTS " + worker + " ("
        + "sequence_name VARCHAR(190) NOT NULL, "
        + "worker_id INT NOT NULL, "
        + "owner VARCHAR(255) NOT NULL, "
        + "expires_at BIGINT NOT NULL, "
        + "last_timestamp BIGINT NOT NULL, "
        + "PRIMARY KEY (sequence_name, worker_id))");
  }

  private static void createTable(Connection connection, String ddl) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(ddl);
        return;
      } catch (SQLException e) {
        if (attempt >= 5) {
          throw e;
        }
        try {
          Thread.sleep(10L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}
