package io.seqproxy.jdbc.rewrite;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Locale;

/**
 * PLACEHOLDER until the real rewriter (branch {@code rewrite}) is merged: forwards SQL that names
 * no mapped table and refuses the rest, so that nothing is ever sent without its ID.
 */
public final class InsertRewriter {
  private final TableMappings mappings;

  public InsertRewriter(TableMappings mappings) {
    this.mappings = mappings;
  }

  public RewritePlan plan(String sql) throws SQLException {
    String lower = sql.toLowerCase(Locale.ROOT);
    for (String table : mappings.tableNames()) {
      if (lower.contains(table)) {
        throw new SQLFeatureNotSupportedException("the INSERT rewriter is not built yet: " + sql);
      }
    }
    return RewritePlan.passThrough(sql);
  }
}
