package io.seqproxy.jdbc.rewrite;

import java.util.List;

/**
 * How to run an INSERT ... SELECT into a mapped table whose query does not supply the generated
 * columns: run {@link #selectSql()} on the same connection and transaction, draw one value per
 * selected row from each generated column's sequence, and send the rows with their values as
 * multi-row INSERTs ({@link #insertSql(int)}). Two statements in one transaction, not one: the
 * query reads what the transaction sees when it runs, as the INSERT's own query would. Immutable.
 *
 * @param table the table as the application wrote it, for messages
 * @param selectSql the query, with the application's parameters still {@code ?}: its parameter N
 *     is the application's parameter N, so the application's bindings apply unchanged
 * @param appParameterCount the number of {@code ?} in the query, which are all of the statement's
 * @param insertPrefix the INSERT up to its rows: {@code INSERT INTO t (a, b, id) VALUES }
 * @param selectedColumns the number of columns the query must yield (the column list's length)
 * @param generated the generated columns appended after the selected ones, in order
 */
public record InsertSelectPlan(
    String table,
    String selectSql,
    int appParameterCount,
    String insertPrefix,
    int selectedColumns,
    List<ColumnMapping> generated) {

  public InsertSelectPlan {
    generated = List.copyOf(generated);
  }

  /** The INSERT for {@code rows} rows: each row the selected values, then the generated ones, all {@code ?}. */
  public String insertSql(int rows) {
    int width = selectedColumns + generated.size();
    StringBuilder row = new StringBuilder("(");
    for (int c = 0; c < width; c++) {
      row.append(c == 0 ? "?" : ", ?");
    }
    row.append(')');
    StringBuilder sql = new StringBuilder(insertPrefix.length() + rows * (row.length() + 2));
    sql.append(insertPrefix);
    for (int r = 0; r < rows; r++) {
      sql.append(r == 0 ? "" : ", ").append(row);
    }
    return sql.toString();
  }

  /** The generated columns' names, in the order of the generated keys' columns. */
  public List<String> generatedColumns() {
    return generated.stream().map(ColumnMapping::column).toList();
  }
}
