package io.seqproxy.jdbc.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * {@code existing-rows: skip} for one plan: before the first execution that draws a value, the
 * mapped tables the plan writes have their existing rows skipped ({@link SchemaCatalog#drawing},
 * once per table for the whole catalog). Executions that only keep the application's own values
 * (a {@code ?} bound to an id) do not count, so a seed's rows written that way are skipped too.
 * After the first, a draw costs one volatile read.
 */
public final class SkipBeforeDrawing {
  private final SchemaCatalog catalog;
  private final List<String[]> tables;
  private volatile boolean done;

  SkipBeforeDrawing(SchemaCatalog catalog, List<String[]> tables) {
    this.catalog = catalog;
    this.tables = tables;
  }

  /**
   * Called before values are drawn, with the real statement that will run: once the rows are
   * skipped, one volatile read (the statement's connection is not even asked for).
   */
  public void beforeDrawing(Statement real) throws SQLException {
    if (!done) {
      beforeDrawing(real.getConnection());
    }
  }

  /** Called before values are drawn, with the real connection the statement runs on. */
  public void beforeDrawing(Connection real) throws SQLException {
    if (done) {
      return;
    }
    for (String[] table : tables) {
      catalog.drawing(real, table[0], table[1]);
    }
    done = true;
  }
}
