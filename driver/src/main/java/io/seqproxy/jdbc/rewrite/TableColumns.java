package io.seqproxy.jdbc.rewrite;

import java.sql.SQLException;
import java.util.List;

/**
 * What the database says about a mapped table, as far as the rewriter needs it, handed to the
 * rewriter as data: the rewriter never reads it itself. The driver answers from the table's
 * metadata, read once per table and current schema.
 */
@FunctionalInterface
public interface TableColumns {

  /**
   * Nothing is known: generated columns are written as configured, and an INSERT without a
   * column list is refused.
   */
  TableColumns UNKNOWN = (schema, table) -> null;

  /**
   * The table an INSERT writes, or null when unknown.
   *
   * @param schema the qualifier as written in the SQL (unquoted), or null for the current one
   * @param table the table name as written in the SQL (unquoted)
   * @throws SQLException when the table's metadata cannot be read, or a mapped column is missing
   */
  Known of(String schema, String table) throws SQLException;

  /**
   * The connection's current schema (MySQL: database), against which an unqualified table
   * resolves, or null when unknown: then an unqualified table matches a mapping in any schema.
   */
  default String currentSchema() {
    return null;
  }

  /**
   * @param columns every column of the table in order, spelled as the database stores them
   * @param sqlNames each column as SQL must write it for the database to resolve it (quoted when
   *     its stored spelling needs it), in the same order
   * @param overridingSystemValue whether a value written into a generated column needs
   *     {@code OVERRIDING SYSTEM VALUE} (a PostgreSQL {@code GENERATED ALWAYS} identity)
   */
  record Known(List<String> columns, List<String> sqlNames, boolean overridingSystemValue) {
    public Known {
      columns = List.copyOf(columns);
      sqlNames = List.copyOf(sqlNames);
    }

    /** How to write {@code column} (a configured name, any case); as configured when unknown. */
    String sqlName(String column) {
      for (int i = 0; i < columns.size(); i++) {
        if (columns.get(i).equalsIgnoreCase(column)) {
          return sqlNames.get(i);
        }
      }
      return column;
    }
  }
}
