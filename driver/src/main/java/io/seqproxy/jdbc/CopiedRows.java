package io.seqproxy.jdbc;

import io.seqproxy.jdbc.keys.GeneratedKeys;
import io.seqproxy.jdbc.keys.KeyLayout;
import io.seqproxy.jdbc.keys.KeyRequest;
import io.seqproxy.jdbc.keys.KeysResultSet;
import io.seqproxy.jdbc.rewrite.InsertSelectPlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Arrays;

/**
 * An INSERT ... SELECT that seqproxy ran itself ({@link InsertSelect}) as a statement's last
 * execution: what the statement reports afterwards, as the database would for the INSERT it
 * stands for. One update count (the rows inserted), then no more results; generated keys one row
 * per inserted row in row order, with the generated columns. Used by one thread, like the statement.
 */
final class CopiedRows implements KeyLayout {
  private final String[] columns;
  private final long[] keys;
  private final int rows;
  private long updateCount;

  private CopiedRows(InsertSelect.Result result) {
    this.columns = result.generatedColumns().toArray(new String[0]);
    this.rows = result.generatedKeys().length;
    this.keys = new long[rows * columns.length];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(result.generatedKeys()[r], 0, keys, r * columns.length, columns.length);
    }
    this.updateCount = result.updateCount();
  }

  /** Runs {@code plan} for a plain Statement on the real connection {@code real}. */
  static CopiedRows run(Connection real, InsertSelectPlan plan, Session session) throws SQLException {
    Engine engine = session.engine();
    return done(InsertSelect.execute(real, plan, engine::sequence, InsertSelect.Parameters.NONE,
        engine.insertSelectRowLimit()), session);
  }

  /** Runs {@code plan} with its query prepared on the real connection, the application's parameters bound. */
  static CopiedRows run(PreparedStatement query, InsertSelectPlan plan, Session session) throws SQLException {
    Engine engine = session.engine();
    return done(InsertSelect.execute(query, plan, engine::sequence, engine.insertSelectRowLimit()), session);
  }

  private static CopiedRows done(InsertSelect.Result result, Session session) {
    CopiedRows copied = new CopiedRows(result);
    if (copied.keys.length > 0) {
      session.generated(copied.keys[0]);
    }
    return copied;
  }

  /** The rows inserted. */
  long rowsInserted() {
    return rows;
  }

  /** {@code getUpdateCount()}: the rows inserted, until {@link #noMoreResults()}; then -1. */
  long updateCount() {
    return updateCount;
  }

  /** {@code getMoreResults()}: an INSERT has one result. */
  boolean noMoreResults() {
    updateCount = -1;
    return false;
  }

  /** {@code getGeneratedKeys()}: the keys asked for, or none when the statement did not ask. */
  ResultSet generatedKeys(Statement owner, KeyRequest request) throws SQLException {
    GeneratedKeys generated = new GeneratedKeys(this, request.wanted() ? request : KeyRequest.ALL);
    if (request.wanted()) {
      generated.append(this, keys);
    }
    // Columns asked for by name that seqproxy did not write: the database generated them in
    // statements the application never saw, so they read as null.
    return generated.toResultSet(owner, null);
  }

  /** {@code getGeneratedKeys()} before any execution, or after a failed one: the columns, no rows. */
  static ResultSet noKeys(Statement owner, InsertSelectPlan plan) {
    String[] labels = plan.generatedColumns().toArray(new String[0]);
    int[] types = new int[labels.length];
    Arrays.fill(types, Types.BIGINT);
    return new KeysResultSet(owner, labels, types, new Object[0]);
  }

  static SQLException notAQuery(InsertSelectPlan plan) {
    return new SQLException("INSERT ... SELECT into " + plan.table() + " returns no rows: run it with"
        + " execute or executeUpdate, not executeQuery", "07000");
  }

  static SQLFeatureNotSupportedException notInBatch(InsertSelectPlan plan) {
    return new SQLFeatureNotSupportedException("INSERT ... SELECT into " + plan.table() + " cannot be part"
        + " of a batch: seqproxy runs it as its query and then INSERTs in a transaction of its own;"
        + " execute it on its own with execute or executeUpdate");
  }

  @Override
  public String[] keyColumns() {
    return columns;
  }

  @Override
  public int keyRows() {
    return rows;
  }

  @Override
  public int keyColumn(String name) {
    String unquoted = name.length() > 1 && (name.charAt(0) == '"' || name.charAt(0) == '`')
        ? name.substring(1, name.length() - 1) : name;
    for (int c = 0; c < columns.length; c++) {
      if (columns[c].equalsIgnoreCase(unquoted)) {
        return c;
      }
    }
    return -1;
  }

  @Override
  public void writeKeys(long[] values, long[] keys, int offset) {
    System.arraycopy(values, 0, keys, offset, rows * columns.length);
  }
}
