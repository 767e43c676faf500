package io.seqproxy.jdbc.schema;

import io.seqproxy.jdbc.rewrite.TableColumns;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rewriter's view of the mapped tables from one connection: tables resolve against the
 * connection's current schema (MySQL: database), and a table not yet read is read on this
 * connection, once for the whole {@link SchemaCatalog}.
 */
public final class ConnectionTables implements TableColumns {
  private final SchemaCatalog catalog;
  private final Connection real;
  private final String currentSchema;
  /** The (qualifier, table) pairs the rewriter asked about, in order. */
  private final List<String[]> asked = new ArrayList<>(2);

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
    String qualifier = schema != null ? schema : currentSchema;
    Known known = catalog.known(real, qualifier, table);
    if (known != null) {
      asked.add(new String[] {qualifier, table});
    }
    return known;
  }

  /**
   * The statement planned with these tables draws values now: each mapped table it named has its
   * existing rows skipped, the first time ({@link SchemaCatalog#drawing}).
   */
  public void drawing() throws SQLException {
    SkipBeforeDrawing skip = skipBeforeDrawing();
    if (skip != null) {
      skip.beforeDrawing(real);
    }
  }

  /**
   * What the plan made with these tables does before its first execution that draws a value;
   * null when it named no mapped table. Holds no connection.
   */
  public SkipBeforeDrawing skipBeforeDrawing() {
    return asked.isEmpty() ? null : new SkipBeforeDrawing(catalog, List.copyOf(asked));
  }

  @Override
  public String currentSchema() {
    return currentSchema;
  }
}
