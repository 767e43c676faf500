package io.seqproxy.jdbc.rewrite;

import io.seqproxy.jdbc.rewrite.InsertShape.Value;
import io.seqproxy.jdbc.rewrite.RewritePlan.ExplicitKey;
import io.seqproxy.jdbc.rewrite.RewritePlan.Kind;
import io.seqproxy.jdbc.rewrite.RewritePlan.Slot;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The edits to the text for each INSERT body, collected across the statements of one string in
 * text order (so rows are numbered as they are written). Each edit sits where the statement's
 * structure puts it — at the column list's ')', at each row's ')', after the last SET assignment,
 * in place of a NULL or DEFAULT — never at the end of the text, so clauses after the body
 * (RETURNING, ON DUPLICATE KEY UPDATE, ON CONFLICT), comments, terminators and following
 * statements keep their place.
 */
final class BodyEdits {

  private final String sql;
  private final List<Token> tokens;
  final List<Edit> edits = new ArrayList<>();
  /** The application's 1-based parameter index of each PARAMETER token, by token index. */
  final int[] appIndex;
  final int appParameterCount;
  /** Token index of an application {@code ?} that fills a generated column → its slot. */
  final Map<Integer, Slot> generatedIfNull = new LinkedHashMap<>();
  /** Lower-case name → configured name, first table first. */
  final Map<String, String> generatedColumns = new LinkedHashMap<>();
  final List<ExplicitKey> explicitKeys = new ArrayList<>();
  /** Per explicit key: the token (a number literal) its value was read from, or -1; and its sign. */
  final List<Integer> explicitKeyLiterals = new ArrayList<>();
  final List<String> explicitKeySigns = new ArrayList<>();
  int rowCount;

  BodyEdits(String sql, List<Token> tokens) {
    this.sql = sql;
    this.tokens = tokens;
    this.appIndex = new int[tokens.size()];
    int count = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      if (token.kind() == Token.Kind.PARAMETER) {
        appIndex[i] = ++count;
      }
    }
    this.appParameterCount = count;
  }

  void values(InsertShape shape, List<ColumnMapping> columns) throws SQLException {
    values(shape, columns, null);
  }

  /**
   * Rows of VALUES. Without a column list the rows are read against the table's columns in
   * order ({@code known}); each generated column is then present in every row, and its
   * {@code NULL}, {@code DEFAULT} or {@code ?} bound to null is generated as in a listed column.
   *
   * @param known the table as the database describes it, or null when unknown
   */
  void values(InsertShape shape, List<ColumnMapping> columns, TableColumns.Known known)
      throws SQLException {
    boolean listed = shape.columnListClose >= 0;
    if (!listed && known == null) {
      throw new SQLException(
          "INSERT into " + shape.tableText + " has no column list: list the columns so that"
              + " seqproxy can add " + GeneratedColumns.names(columns)
              + " (it does not know the table's column order)");
    }
    List<String> written = listed ? shape.columns : known.columns();
    int[] positions = GeneratedColumns.positions(written, columns);
    if (listed) {
      appendColumns(shape, columns, positions, known);
    }
    overrideIdentity(shape, known);
    for (int r = 0; r < shape.rows.size(); r++) {
      InsertShape.Row row = shape.rows.get(r);
      if (listed && row.values().size() != written.size()) {
        throw new SQLException(
            "INSERT into " + shape.tableText + " cannot be rewritten: row " + (r + 1) + " has "
                + row.values().size() + " values for " + written.size() + " columns");
      }
      int at = tokens.get(row.close()).start();
      boolean empty = row.values().isEmpty();
      for (int c = 0; c < columns.size(); c++) {
        ColumnMapping column = columns.get(c);
        if (positions[c] < 0) {
          edits.add(new Edit(at, at, empty ? "" : ", ", generated(column), ""));
          empty = false;
        } else if (positions[c] >= row.values().size()) {
          throw new SQLException(
              "INSERT into " + shape.tableText + " has no column list and row " + (r + 1) + " has "
                  + row.values().size() + " values, so it does not reach " + written.get(positions[c])
                  + " (column " + (positions[c] + 1) + " of " + written.size()
                  + "); list the columns, or write a value, NULL or DEFAULT for every column");
        } else {
          value(shape, column, row.values().get(positions[c]));
        }
      }
      rowCount++;
    }
    declare(columns);
  }

  private void appendColumns(InsertShape shape, List<ColumnMapping> columns, int[] positions,
      TableColumns.Known known) {
    int at = tokens.get(shape.columnListClose).start();
    boolean empty = shape.columns.isEmpty();
    for (int c = 0; c < columns.size(); c++) {
      if (positions[c] < 0) {
        edits.add(new Edit(at, at, (empty ? "" : ", ") + sqlName(known, columns.get(c)), null, ""));
        empty = false;
      }
    }
  }

  /** {@code SET a = 1}: a missing generated column is assigned right after the last assignment. */
  void set(InsertShape shape, List<ColumnMapping> columns) throws SQLException {
    set(shape, columns, null);
  }

  void set(InsertShape shape, List<ColumnMapping> columns, TableColumns.Known known)
      throws SQLException {
    List<String> assigned = shape.assignments.stream().map(InsertShape.Assignment::column).toList();
    int[] positions = GeneratedColumns.positions(assigned, columns);
    int at = tokens.get(shape.bodyLast).end();
    for (int c = 0; c < columns.size(); c++) {
      ColumnMapping column = columns.get(c);
      if (positions[c] < 0) {
        edits.add(new Edit(at, at, ", " + sqlName(known, column) + " = ", generated(column), ""));
      } else {
        value(shape, column, shape.assignments.get(positions[c]).value());
      }
    }
    rowCount++;
    declare(columns);
  }

  /** {@code DEFAULT VALUES} becomes {@code (id) VALUES (?)}: every other column still defaults. */
  void defaultValues(InsertShape shape, List<ColumnMapping> columns) {
    defaultValues(shape, columns, null);
  }

  void defaultValues(InsertShape shape, List<ColumnMapping> columns, TableColumns.Known known) {
    int start = tokens.get(shape.bodyFirst).start();
    int end = tokens.get(shape.bodyLast).end();
    List<String> names = new ArrayList<>();
    for (ColumnMapping column : columns) {
      names.add(sqlName(known, column));
    }
    String before = "(" + String.join(", ", names) + ")"
        + (needsOverriding(shape, known) ? " OVERRIDING SYSTEM VALUE" : "") + " VALUES (";
    for (int c = 0; c < columns.size(); c++) {
      Slot slot = generated(columns.get(c));
      edits.add(c == 0 ? new Edit(start, end, before, slot, "") : new Edit(end, end, ", ", slot, ""));
    }
    edits.add(new Edit(end, end, ")", null, ""));
    rowCount++;
    declare(columns);
  }

  private void value(InsertShape shape, ColumnMapping column, Value value) throws SQLException {
    Token token = tokens.get(value.first());
    if (value.isSingle() && (token.isWord(sql, "NULL") || token.isWord(sql, "DEFAULT"))) {
      edits.add(new Edit(token.start(), token.end(), "", generated(column), ""));
    } else if (value.isSingle() && token.kind() == Token.Kind.PARAMETER) {
      generatedIfNull.put(
          value.first(),
          new Slot(Kind.GENERATED_IF_NULL, appIndex[value.first()], column.sequence(),
              column.column(), rowCount, column.rejectExplicit(), column.advanceExplicit()));
    } else if (column.rejectExplicit()) {
      throw new SQLException(
          "INSERT into " + shape.tableText + " supplies its own value for " + column.column()
              + " (" + sql.substring(token.start(), tokens.get(value.last()).end()) + " in row "
              + (rowCount + 1) + "), but " + column.column()
              + " is configured with explicit: reject; leave the column out or write NULL or DEFAULT");
    } else {
      SignedNumber number = signedNumber(value);
      explicitKeys.add(new ExplicitKey(rowCount, column.column(), integer(number),
          column.advanceExplicit() ? column.sequence() : null));
      // Remembered so that a shape reads each statement's own literal.
      explicitKeyLiterals.add(number == null ? -1 : number.token());
      explicitKeySigns.add(number == null ? "" : number.sign());
    }
  }

  /** A value that is one number literal, with the sign written before it ("" for none). */
  private record SignedNumber(String sign, int token) {}

  private SignedNumber signedNumber(Value value) {
    int first = value.first();
    String sign = "";
    if (value.last() == first + 1
        && (tokens.get(first).isSymbol(sql, '-') || tokens.get(first).isSymbol(sql, '+'))) {
      sign = tokens.get(first).text(sql);
      first++;
    }
    return first == value.last() && tokens.get(first).kind() == Token.Kind.NUMBER
        ? new SignedNumber(sign, first) : null;
  }

  /** The value of an integer literal, optionally signed; null for anything else. */
  private Long integer(SignedNumber number) {
    if (number == null) {
      return null;
    }
    try {
      return Long.valueOf(number.sign() + tokens.get(number.token()).text(sql));
    } catch (NumberFormatException notAnInteger) {
      return null;
    }
  }

  /**
   * A {@code GENERATED ALWAYS} identity refuses written values unless the INSERT says
   * {@code OVERRIDING SYSTEM VALUE} (PostgreSQL, H2); seqproxy writes every row's value.
   */
  private void overrideIdentity(InsertShape shape, TableColumns.Known known) {
    if (needsOverriding(shape, known)) {
      int at = tokens.get(shape.bodyKeyword).start();
      edits.add(new Edit(at, at, "OVERRIDING SYSTEM VALUE ", null, ""));
    }
  }

  private static boolean needsOverriding(InsertShape shape, TableColumns.Known known) {
    return known != null && known.overridingSystemValue() && shape.overriding < 0;
  }

  /** The column as the database resolves it: its stored spelling, quoted when that needs it. */
  private static String sqlName(TableColumns.Known known, ColumnMapping column) {
    return known == null ? column.column() : known.sqlName(column.column());
  }

  private Slot generated(ColumnMapping column) {
    return new Slot(Kind.GENERATED, 0, column.sequence(), column.column(), rowCount, false);
  }

  private void declare(List<ColumnMapping> columns) {
    for (ColumnMapping column : columns) {
      generatedColumns.putIfAbsent(column.column().toLowerCase(Locale.ROOT), column.column());
    }
  }
}
