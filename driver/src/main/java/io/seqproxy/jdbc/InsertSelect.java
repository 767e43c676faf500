package io.seqproxy.jdbc;

import io.seqproxy.jdbc.rewrite.ColumnMapping;
import io.seqproxy.jdbc.rewrite.InsertSelectPlan;
import io.seqproxy.sequence.Sequence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs an INSERT ... SELECT into a mapped table whose query does not supply the generated columns
 * ({@link InsertSelectPlan}): the query first, on the same connection and in the same transaction,
 * then its rows with one value per row from each generated column's sequence (drawn with one
 * {@code next(count)}), as multi-row INSERTs of at most {@link #BATCH_ROWS} rows.
 *
 * <p>All or nothing: under auto-commit a transaction is opened around both and committed at the
 * end; inside the application's transaction a savepoint is set first. Any failure rolls back to
 * where it started (the application's earlier work in its transaction is kept) and auto-commit is
 * restored. Bounded memory: the selected rows are held until they are inserted, so a query that
 * yields more than the row limit is refused after reading one row past it, before anything is
 * written.
 */
public final class InsertSelect {

  /** The default for the most rows one INSERT ... SELECT may copy. */
  public static final int DEFAULT_ROW_LIMIT = 100_000;
  /** Rows per INSERT statement: large enough to amortise round trips, small enough for every driver's parameter limit. */
  static final int BATCH_ROWS = 500;

  /** What the statement did: as many rows as the query yielded, with their generated values in row order. */
  public record Result(long updateCount, List<String> generatedColumns, long[][] generatedKeys) {}

  /** Binds the application's parameters to the query; its parameter N is the application's N. */
  @FunctionalInterface
  public interface Parameters {
    Parameters NONE = query -> {};

    void bind(PreparedStatement query) throws SQLException;
  }

  private InsertSelect() {}

  /**
   * Runs {@code plan} on {@code connection}.
   *
   * @param sequences the sequence of each name the plan's generated columns use
   * @param rowLimit the most rows the query may yield
   * @throws SQLException from the database, or when the query yields more than {@code rowLimit}
   *     rows or another number of columns than the INSERT lists; nothing is written then
   */
  public static Result execute(Connection connection, InsertSelectPlan plan,
      Function<String, Sequence> sequences, Parameters parameters, int rowLimit) throws SQLException {
    return execute(connection, plan, sequences, new Query(null, parameters), rowLimit);
  }

  /**
   * Runs {@code plan} with {@code query}, the plan's query prepared by the caller on its connection
   * with the application's parameters bound; the query is left open.
   */
  public static Result execute(PreparedStatement query, InsertSelectPlan plan,
      Function<String, Sequence> sequences, int rowLimit) throws SQLException {
    return execute(query.getConnection(), plan, sequences, new Query(query, Parameters.NONE), rowLimit);
  }

  /** The query to run: prepared by the caller (kept open), or prepared here with the parameters. */
  private record Query(PreparedStatement prepared, Parameters parameters) {}

  private static Result execute(Connection connection, InsertSelectPlan plan,
      Function<String, Sequence> sequences, Query query, int rowLimit) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    Savepoint savepoint = null;
    if (autoCommit) {
      connection.setAutoCommit(false);
    } else {
      savepoint = connection.setSavepoint();
    }
    try {
      Result result = copy(connection, plan, sequences, query, rowLimit);
      if (autoCommit) {
        connection.commit();
      } else {
        connection.releaseSavepoint(savepoint);
      }
      return result;
    } catch (SQLException | RuntimeException | Error e) {
      try {
        if (autoCommit) {
          connection.rollback();
        } else {
          connection.rollback(savepoint);
        }
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    } finally {
      if (autoCommit) {
        connection.setAutoCommit(true);
      }
    }
  }

  private static Result copy(Connection connection, InsertSelectPlan plan,
      Function<String, Sequence> sequences, Query query, int rowLimit) throws SQLException {
    List<Object[]> rows = select(connection, plan, query, rowLimit);
    List<ColumnMapping> generated = plan.generated();
    long[][] drawn = new long[generated.size()][];
    for (int g = 0; g < generated.size(); g++) {
      drawn[g] = sequences.apply(generated.get(g).sequence()).next(rows.size());
    }
    long[][] keys = new long[rows.size()][generated.size()];
    for (int r = 0; r < rows.size(); r++) {
      for (int g = 0; g < generated.size(); g++) {
        keys[r][g] = drawn[g][r];
      }
    }
    long count = 0;
    PreparedStatement full = null;
    try {
      for (int first = 0; first < rows.size(); first += BATCH_ROWS) {
        int batch = Math.min(BATCH_ROWS, rows.size() - first);
        PreparedStatement insert;
        if (batch == BATCH_ROWS) {
          if (full == null) {
            full = connection.prepareStatement(plan.insertSql(BATCH_ROWS));
          }
          insert = full;
        } else {
          insert = connection.prepareStatement(plan.insertSql(batch));
        }
        try {
          bind(insert, rows, keys, first, batch);
          count += insert.executeLargeUpdate();
        } finally {
          if (insert != full) {
            insert.close();
          }
        }
      }
    } finally {
      if (full != null) {
        full.close();
      }
    }
    return new Result(count, plan.generatedColumns(), keys);
  }

  private static List<Object[]> select(Connection connection, InsertSelectPlan plan,
      Query source, int rowLimit) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    PreparedStatement query = source.prepared() != null ? source.prepared() : connection.prepareStatement(plan.selectSql());
    try {
      source.parameters().bind(query);
      try (ResultSet result = query.executeQuery()) {
        int columns = result.getMetaData().getColumnCount();
        if (columns != plan.selectedColumns()) {
          throw new SQLException("INSERT ... SELECT into " + plan.table() + " lists " + plan.selectedColumns()
              + " columns but its query yields " + columns + ": make them match", "21S01");
        }
        while (result.next()) {
          if (rows.size() == rowLimit) {
            throw new SQLException("INSERT ... SELECT into " + plan.table() + " selects more than " + rowLimit
                + " rows, the most seqproxy copies in one statement (it holds them to give each its ID);"
                + " nothing was written: insert in smaller steps (a WHERE on a key range), or raise the"
                + " row limit", "54000");
          }
          Object[] row = new Object[columns];
          for (int c = 0; c < columns; c++) {
            row[c] = result.getObject(c + 1);
          }
          rows.add(row);
        }
      }
    } finally {
      if (query != source.prepared()) {
        query.close();
      }
    }
    return rows;
  }

  private static void bind(PreparedStatement insert, List<Object[]> rows, long[][] keys, int first, int batch)
      throws SQLException {
    int index = 1;
    for (int r = first; r < first + batch; r++) {
      for (Object value : rows.get(r)) {
        insert.setObject(index++, value);
      }
      for (long key : keys[r]) {
        insert.setLong(index++, key);
      }
    }
  }
}
