package io.seqproxy.jdbc.rewrite;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the parts of one INSERT or REPLACE statement lie in the application's text: the
 * table, the column list, each row's values or each {@code SET} assignment, the query of an
 * INSERT ... SELECT, and the clauses after them. Read from the tokens by a small
 * recursive-descent reader that knows only the statement's outer frame; expressions are taken
 * as balanced token ranges and never looked into. Linear in the statement's tokens.
 */
final class InsertShape {

  enum Body {
    VALUES,
    SET,
    SELECT,
    DEFAULT_VALUES
  }

  /** A value expression: tokens {@code first..last} inclusive. */
  record Value(int first, int last) {
    boolean isSingle() {
      return first == last;
    }
  }

  /** One {@code (...)} row of VALUES; {@code close} is the index of its closing parenthesis. */
  record Row(int close, List<Value> values) {}

  record Assignment(String column, Value value) {}

  /** The shape could not be read; {@link #table} is set when the table was already known. */
  static final class Unreadable extends Exception {
    final String schema;
    final String table;

    Unreadable(String message, String schema, String table) {
      super(message, null, false, false);
      this.schema = schema;
      this.table = table;
    }
  }

  String schema;
  String table;
  /** The written table name, for messages. */
  String tableText;
  /** Token index of the column list's closing parenthesis; -1 without a column list. */
  int columnListClose = -1;
  final List<String> columns = new ArrayList<>();
  Body body;
  final List<Row> rows = new ArrayList<>();
  final List<Assignment> assignments = new ArrayList<>();
  /** Token range of {@code DEFAULT VALUES} (inclusive), or of the last SET assignment. */
  int bodyFirst = -1;
  int bodyLast = -1;
  /** Character range of a MySQL row alias ({@code VALUES (...) AS new}), start == end when none. */
  int rowAliasStart;
  int rowAliasEnd;
  /** Token index of the body's first token: VALUES, SET, DEFAULT (VALUES) or the query's. */
  int bodyKeyword = -1;
  /** Token index of OVERRIDING {SYSTEM|USER} VALUE, -1 when absent. */
  int overriding = -1;
  /** Token index of the query's first token for {@link Body#SELECT}, else -1. */
  int queryStart = -1;
  /**
   * Token index of the first clause after the body (ON DUPLICATE KEY UPDATE, ON CONFLICT,
   * RETURNING), or the statement's end when there is none.
   */
  int tailStart;
  /** Token index of RETURNING after the body, -1 when absent. */
  int returning = -1;
  /** The expressions of the clauses after the body (see {@link #readTailValues}). */
  final List<Value> tailValues = new ArrayList<>();
  /** Token index of the INSERT or REPLACE keyword, and of the statement's end (exclusive). */
  final int verb;
  final int end;

  private final String sql;
  private final List<Token> tokens;
  private int at;

  private InsertShape(String sql, List<Token> tokens, int verb, int end) {
    this.sql = sql;
    this.tokens = tokens;
    this.verb = verb;
    this.at = verb + 1;
    this.end = end;
    this.tailStart = end;
  }

  /**
   * Reads the statement whose INSERT or REPLACE keyword is token {@code verb}; the statement
   * ends before token {@code end}.
   */
  static InsertShape read(String sql, List<Token> tokens, int verb, int end) throws Unreadable {
    InsertShape shape = new InsertShape(sql, tokens, verb, end);
    shape.readStatement();
    return shape;
  }

  private void readStatement() throws Unreadable {
    while (word("LOW_PRIORITY") || word("DELAYED") || word("HIGH_PRIORITY") || word("IGNORE")) {
      at++;
    }
    if (word("INTO")) {
      at++;
    }
    readTable();
    if (word("PARTITION")) {
      at++;
      skipParenthesised();
    }
    if (word("AS") && at + 1 < end && tokens.get(at + 1).isName()) {
      at += 2;
    }
    if (symbol('(') && !startsQuery(at + 1)) {
      readColumns();
    }
    if (word("OVERRIDING")) {
      overriding = at;
      at += 3;
    }
    readBody();
  }

  private void readTable() throws Unreadable {
    List<Token> parts = new ArrayList<>();
    int first = at;
    while (at < end && tokens.get(at).isName()) {
      parts.add(tokens.get(at++));
      if (!symbol('.')) {
        break;
      }
      at++;
    }
    if (parts.isEmpty() || isKeyword(parts.get(parts.size() - 1))) {
      throw new Unreadable("no table name", null, null);
    }
    table = parts.get(parts.size() - 1).name(sql);
    schema = parts.size() > 1 ? parts.get(parts.size() - 2).name(sql) : null;
    tableText = sql.substring(tokens.get(first).start(), tokens.get(at - 1).end());
  }

  private boolean isKeyword(Token token) {
    return token.isWord(sql, "VALUES")
        || token.isWord(sql, "VALUE")
        || token.isWord(sql, "SET")
        || token.isWord(sql, "SELECT");
  }

  private void readColumns() throws Unreadable {
    at++;
    while (!symbol(')')) {
      String column = readColumnName();
      if (column == null) {
        throw unreadable("a column name");
      }
      columns.add(column);
      if (symbol(',')) {
        at++;
        if (symbol(')')) {
          throw unreadable("a column name after ','");
        }
      } else if (!symbol(')')) {
        throw unreadable("',' or ')' in the column list");
      }
    }
    columnListClose = at++;
  }

  /** A possibly qualified column name ({@code t.a}); its last part, or null when none. */
  private String readColumnName() {
    String column = null;
    while (at < end && tokens.get(at).isName()) {
      column = tokens.get(at++).name(sql);
      if (!symbol('.')) {
        break;
      }
      at++;
    }
    return column;
  }

  private void readBody() throws Unreadable {
    bodyKeyword = at;
    if (word("VALUES") || word("VALUE")) {
      at++;
      readRows();
    } else if (word("SET")) {
      at++;
      readAssignments();
    } else if (word("DEFAULT") && at + 1 < end && tokens.get(at + 1).isWord(sql, "VALUES")) {
      body = Body.DEFAULT_VALUES;
      bodyFirst = at;
      bodyLast = at + 1;
      at += 2;
      readTail();
    } else if (startsQuery(at)) {
      body = Body.SELECT;
      queryStart = at;
      findQueryTail();
    } else {
      throw unreadable("VALUES, SET or SELECT");
    }
  }

  private boolean startsQuery(int index) {
    if (index >= end) {
      return false;
    }
    Token token = tokens.get(index);
    return token.isWord(sql, "SELECT")
        || token.isWord(sql, "WITH")
        || token.isWord(sql, "TABLE")
        || token.isSymbol(sql, '(');
  }

  private void readRows() throws Unreadable {
    body = Body.VALUES;
    do {
      if (!rows.isEmpty()) {
        at++;
      }
      if (word("ROW")) {
        at++;
      }
      if (!symbol('(')) {
        throw unreadable("'(' to open a row of VALUES");
      }
      at++;
      List<Value> values = new ArrayList<>();
      while (!symbol(')')) {
        values.add(readValue());
        if (symbol(',')) {
          at++;
          if (symbol(')')) {
            throw unreadable("a value after ','");
          }
        }
      }
      rows.add(new Row(at++, values));
    } while (symbol(','));
    readRowAlias();
    readTail();
  }

  /**
   * MySQL 8's row alias, after the rows or the SET list: {@code … AS new [(a, b)] ON DUPLICATE
   * KEY UPDATE a = new.a}. An AS without a name after it is refused, wherever it stands.
   */
  private void readRowAlias() throws Unreadable {
    if (!word("AS")) {
      return;
    }
    if (at + 1 >= end || !tokens.get(at + 1).isName()) {
      throw unreadable("a row alias after AS");
    }
    rowAliasStart = tokens.get(at).start();
    at += 2;
    if (symbol('(')) {
      skipParenthesised();
    }
    rowAliasEnd = tokens.get(at - 1).end();
  }

  /** After the rows only these may follow; anything else (UNION, ORDER BY) is a query. */
  private void readTail() throws Unreadable {
    if (at < end && !word("ON") && !word("RETURNING")) {
      throw unreadable("ON, RETURNING or the end of the statement");
    }
    tailStart = at;
    readTailValues();
  }

  /**
   * Where the query of an INSERT ... SELECT ends: at ON DUPLICATE KEY, ON CONFLICT or RETURNING
   * outside parentheses (a join's ON is followed by neither DUPLICATE nor CONFLICT).
   */
  private void findQueryTail() {
    int depth = 0;
    for (int i = at; i < end; i++) {
      Token token = tokens.get(i);
      if (token.isSymbol(sql, '(')) {
        depth++;
      } else if (token.isSymbol(sql, ')')) {
        depth--;
      } else if (depth == 0
          && (token.isWord(sql, "RETURNING")
              || (token.isWord(sql, "ON") && i + 1 < end
                  && (tokens.get(i + 1).isWord(sql, "DUPLICATE") || tokens.get(i + 1).isWord(sql, "CONFLICT"))))) {
        tailStart = i;
        at = i;
        readTailValues();
        return;
      }
    }
  }

  /**
   * The expressions of the clauses after the body, for JSqlParser's skeleton: the value of each
   * {@code column = value} in ON DUPLICATE KEY UPDATE and ON CONFLICT ... DO UPDATE SET, each
   * WHERE condition, and each RETURNING item.
   */
  private void readTailValues() {
    int depth = 0;
    boolean assignments = false;
    for (int i = at; i < end; i++) {
      Token token = tokens.get(i);
      if (token.isSymbol(sql, '(') || token.isSymbol(sql, '[')) {
        depth++;
      } else if (token.isSymbol(sql, ')') || token.isSymbol(sql, ']')) {
        depth--;
      } else if (depth == 0) {
        if ((token.isWord(sql, "UPDATE") && i > at && tokens.get(i - 1).isWord(sql, "KEY"))
            || (token.isWord(sql, "SET") && i > at && tokens.get(i - 1).isWord(sql, "UPDATE"))) {
          assignments = true;
        } else if (token.isWord(sql, "WHERE")) {
          assignments = false;
          i = tailExpression(i + 1, "DO", "RETURNING");
        } else if (token.isWord(sql, "RETURNING")) {
          assignments = false;
          returning = i;
          do {
            i = tailExpression(i + 1, "INTO", null) + 1;
          } while (i < end && tokens.get(i).isSymbol(sql, ','));
          i--;
        } else if (assignments && token.isSymbol(sql, '=')) {
          i = tailExpression(i + 1, "WHERE", "RETURNING");
        }
      }
    }
  }

  /**
   * Records the expression starting at {@code first} that ends before a ',' or one of the two
   * words outside parentheses; returns its last token (or {@code first - 1} when it is empty).
   */
  private int tailExpression(int first, String stop, String otherStop) {
    int depth = 0;
    int i = first;
    for (; i < end; i++) {
      Token token = tokens.get(i);
      if (token.isSymbol(sql, '(') || token.isSymbol(sql, '[')) {
        depth++;
      } else if (token.isSymbol(sql, ')') || token.isSymbol(sql, ']')) {
        if (--depth < 0) {
          break;
        }
      } else if (depth == 0
          && (token.isSymbol(sql, ',') || token.isWord(sql, stop)
              || (otherStop != null && token.isWord(sql, otherStop)))) {
        break;
      }
    }
    if (i > first) {
      tailValues.add(new Value(first, i - 1));
    }
    return i - 1;
  }

  private void readAssignments() throws Unreadable {
    body = Body.SET;
    bodyFirst = at;
    while (true) {
      String column = readColumnName();
      if (column == null || !symbol('=')) {
        throw unreadable("column = value");
      }
      at++;
      Value value = readValue();
      assignments.add(new Assignment(column, value));
      bodyLast = value.last();
      if (!symbol(',')) {
        break;
      }
      at++;
    }
    readRowAlias();
    readTail();
  }

  /**
   * An expression: everything up to a ',' or ')' outside parentheses and brackets (ARRAY[a, b]),
   * or, in a SET list, the ON, AS or RETURNING that ends the list.
   */
  private Value readValue() throws Unreadable {
    int first = at;
    int depth = 0;
    while (at < end) {
      Token token = tokens.get(at);
      if (token.isSymbol(sql, '(') || token.isSymbol(sql, '[')) {
        depth++;
      } else if (token.isSymbol(sql, ']')) {
        depth--;
      } else if (token.isSymbol(sql, ')')) {
        if (depth == 0) {
          break;
        }
        depth--;
      } else if (depth == 0
          && (token.isSymbol(sql, ',')
              || (body == Body.SET
                  && (token.isWord(sql, "ON") || token.isWord(sql, "AS")
                      || token.isWord(sql, "RETURNING"))))) {
        break;
      }
      at++;
    }
    if (at == first) {
      throw unreadable("a value");
    }
    if (body == Body.VALUES && at >= end) {
      throw unreadable("')' to close the row");
    }
    return new Value(first, at - 1);
  }

  private void skipParenthesised() throws Unreadable {
    if (!symbol('(')) {
      throw unreadable("'('");
    }
    int depth = 0;
    do {
      if (symbol('(')) {
        depth++;
      } else if (symbol(')')) {
        depth--;
      }
      at++;
    } while (depth > 0 && at < end);
    if (depth > 0) {
      throw unreadable("')'");
    }
  }

  private boolean word(String keyword) {
    return at < end && tokens.get(at).isWord(sql, keyword);
  }

  private boolean symbol(char c) {
    return at < end && tokens.get(at).isSymbol(sql, c);
  }

  private Unreadable unreadable(String expected) {
    String found = at < end ? "'" + tokens.get(at).text(sql) + "'" : "the end of the statement";
    return new Unreadable("expected " + expected + " but found " + found, schema, table);
  }
}
