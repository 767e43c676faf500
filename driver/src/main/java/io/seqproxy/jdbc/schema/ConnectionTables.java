package io.seqproxy.jdbc.schema;

import io.seqproxy.jdbc.rewrite.TableColumns;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The rewriter's view of the mapped tables from one connection: tables resolve against the
 * connection's current schema (MySQL: database), and a table not yet read is read on this
 * connection, once for the whole {@link SchemaCatalog}.
 */
public final class ConnectionTables implements TableColumns {
  private final SchemaCatalog catalog;
  private final Connection real;
  private final String currentSchema;

  /**
   * @param real the real driver's connection, never the proxy's
   * @param currentSchema the connection's current schema (MySQL: database), or null
   */
  public ConnectionTables(SchemaCatalog catalog, Connection real, String currentSchema) {
    this.catalog = catalog;
    this.real = real;
    this.currentSchema = currentSchema;
  }

  @Override
  public Known of(String schema, String table) throws SQLException {
    return catalog.known(real, schema != null ? schema : currentSchema, table);
  }

  @Override
  public String currentSchema() {
    return currentSchema;
  }
}
