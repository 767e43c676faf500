package io.seqproxy.jdbc.rewrite;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;

/**
 * An INSERT ... SELECT into a mapped table: left alone when its query supplies every generated
 * column; otherwise planned as its query followed by multi-row INSERTs ({@link
 * InsertSelectPlan}) when that keeps the statement's meaning, and refused when it does not.
 */
final class SelectBody {

  private final String sql;
  private final List<Token> tokens;

  SelectBody(String sql, List<Token> tokens) {
    this.sql = sql;
    this.tokens = tokens;
  }

  /**
   * Checks the INSERT ... SELECT in tokens {@code start..end} (its WITH clause included).
   *
   * @param known the table as the database describes it, or null when unknown
   * @param nested whether it sits inside another statement
   * @throws InsertSelectRequired with the plan when the query does not supply a generated column
   * @throws SQLFeatureNotSupportedException when it does not and cannot be run as two statements
   */
  void check(int start, int end, InsertShape shape, List<ColumnMapping> columns,
      TableColumns.Known known, boolean nested) throws SQLException {
    // Without a column list the query supplies every column of the table, the generated ones too.
    List<String> written = shape.columnListClose < 0 && known != null ? known.columns() : shape.columns;
    int[] positions = GeneratedColumns.positions(written, columns);
    List<ColumnMapping> missing = new ArrayList<>();
    for (int c = 0; c < columns.size(); c++) {
      if (positions[c] < 0) {
        missing.add(columns.get(c));
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    String names = GeneratedColumns.names(missing);
    String refused = "INSERT ... SELECT into " + shape.tableText + " does not supply " + names + ", ";
    String instead = ": list " + names + " in the column list and select its value, or insert with VALUES";
    if (nested) {
      throw new SQLFeatureNotSupportedException(refused + "which seqproxy fills only in an INSERT ... SELECT"
          + " sent as a statement of its own, not inside another statement" + instead);
    }
    if (hasOtherStatements(start, end)) {
      throw new SQLFeatureNotSupportedException(refused + "which seqproxy fills only in an INSERT ... SELECT"
          + " sent as a statement of its own, not with other statements in one string" + instead);
    }
    if (writesElsewhere(start, end, shape.verb)) {
      throw new SQLFeatureNotSupportedException(refused + "which seqproxy fills by running the query on its"
          + " own first, and this query holds an INSERT of its own" + instead);
    }
    if (shape.columnListClose < 0) {
      throw new SQLFeatureNotSupportedException(refused + "and has no column list: list the columns the"
          + " query fills so that seqproxy can add " + names);
    }
    if (shape.tailStart < end) {
      throw new SQLFeatureNotSupportedException(refused + "which seqproxy fills by inserting the query's rows"
          + " in batches of VALUES; " + tailReason(shape.tailStart) + instead);
    }
    if (hasModifier(shape, "IGNORE")) {
      throw new SQLFeatureNotSupportedException(refused + "which seqproxy fills by inserting the query's rows"
          + " in batches of VALUES; with IGNORE it cannot tell which rows (and IDs) the database kept"
          + instead);
    }
    String query = sql.substring(tokens.get(shape.queryStart).start(), tokens.get(end - 1).end());
    String with = start < shape.verb
        ? sql.substring(tokens.get(start).start(), tokens.get(shape.verb).start()) : "";
    int close = tokens.get(shape.columnListClose).start();
    String prefix = sql.substring(tokens.get(shape.verb).start(), close)
        + (shape.columns.isEmpty() ? "" : ", ") + names + ") VALUES ";
    int parameters = 0;
    for (int i = start; i < end; i++) {
      parameters += tokens.get(i).kind() == Token.Kind.PARAMETER ? 1 : 0;
    }
    throw new InsertSelectRequired(new InsertSelectPlan(
        shape.tableText, with + query, parameters, prefix, shape.columns.size(), missing));
  }

  /** Why the clause at {@code tail} cannot follow batches of VALUES with the same meaning. */
  private String tailReason(int tail) {
    Token token = tokens.get(tail);
    if (token.isWord(sql, "RETURNING")) {
      return "RETURNING would return each batch's rows separately: read the IDs with getGeneratedKeys()";
    }
    if (tail + 1 < tokens.size() && tokens.get(tail + 1).isWord(sql, "CONFLICT")) {
      return "with ON CONFLICT it cannot tell which rows (and IDs) the database kept";
    }
    return "ON DUPLICATE KEY UPDATE may refer to the query's columns, which the VALUES do not carry";
  }

  private boolean hasModifier(InsertShape shape, String modifier) {
    for (int i = shape.verb + 1; i < tokens.size() && !tokens.get(i).isWord(sql, "INTO"); i++) {
      if (tokens.get(i).isWord(sql, modifier)) {
        return true;
      }
      if (tokens.get(i).isName() && !tokens.get(i).isWord(sql, "LOW_PRIORITY")
          && !tokens.get(i).isWord(sql, "HIGH_PRIORITY") && !tokens.get(i).isWord(sql, "DELAYED")) {
        return false;
      }
    }
    return false;
  }

  /** Whether tokens {@code start..end} hold an INSERT INTO besides the one at {@code verb}. */
  private boolean writesElsewhere(int start, int end, int verb) {
    for (int i = start; i + 1 < end; i++) {
      if (i != verb && tokens.get(i).isWord(sql, "INSERT") && tokens.get(i + 1).isWord(sql, "INTO")) {
        return true;
      }
    }
    return false;
  }

  /** Whether the string holds any statement other than tokens {@code start..end}, empty ones aside. */
  private boolean hasOtherStatements(int start, int end) {
    for (int i = 0; i < tokens.size(); i++) {
      if ((i < start || i >= end) && !tokens.get(i).isSymbol(sql, ';')) {
        return true;
      }
    }
    return false;
  }
}
