package io.seqproxy.jdbc.rewrite;

import io.seqproxy.jdbc.rewrite.InsertShape.Unreadable;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Statements that can write rows into a mapped table without being an INSERT that seqproxy
 * fills, refused rather than let through without IDs: a MERGE whose insert does not supply the
 * generated columns itself, EXPLAIN ANALYZE of an INSERT (PostgreSQL runs it), and an INSERT
 * nested in another statement in a way that was not planned as a statement of its own.
 */
final class OtherWriters {

  private final String sql;
  private final List<Token> tokens;
  private final TableMappings mappings;
  private final Statements statements;

  OtherWriters(String sql, List<Token> tokens, TableMappings mappings, Statements statements) {
    this.sql = sql;
    this.tokens = tokens;
    this.mappings = mappings;
    this.statements = statements;
  }

  /** Refuses the statement in tokens {@code start..end} when it is MERGE or EXPLAIN ANALYZE writing a mapped table. */
  void refuse(int start, int end) throws SQLFeatureNotSupportedException {
    Token first = tokens.get(start);
    if (first.isWord(sql, "EXPLAIN")) {
      refuseExplainAnalyze(start, end);
      return;
    }
    int merge = first.isWord(sql, "MERGE") ? start : -1;
    for (int i = start, depth = 0; merge < 0 && first.isWord(sql, "WITH") && i < end; i++) {
      Token token = tokens.get(i);
      depth += token.isSymbol(sql, '(') ? 1 : token.isSymbol(sql, ')') ? -1 : 0;
      if (depth == 0 && token.isWord(sql, "MERGE")) {
        merge = i;
      }
    }
    if (merge >= 0) {
      refuseMergeWithoutColumns(merge, end);
    }
  }

  private void refuseExplainAnalyze(int start, int end) throws SQLFeatureNotSupportedException {
    boolean analyze = false;
    for (int i = start + 1; i < end; i++) {
      Token token = tokens.get(i);
      if (token.isWord(sql, "ANALYZE") || token.isWord(sql, "ANALYSE")) {
        analyze = true;
      } else if (statements.isInsertVerb(token)) {
        String table = analyze ? mappedTableOf(i, end) : null;
        if (table != null) {
          throw new SQLFeatureNotSupportedException("EXPLAIN ANALYZE runs the INSERT into " + table
              + ", which seqproxy does not fill inside EXPLAIN: explain it without ANALYZE, or run"
              + " the INSERT as a statement of its own");
        }
        return;
      }
    }
  }

  private void refuseMergeWithoutColumns(int merge, int end) throws SQLFeatureNotSupportedException {
    int at = merge + 1;
    if (at < end && tokens.get(at).isWord(sql, "INTO")) {
      at++;
    }
    List<Token> name = new ArrayList<>();
    while (at < end && tokens.get(at).isName()) {
      name.add(tokens.get(at++));
      if (at < end && tokens.get(at).isSymbol(sql, '.')) {
        at++;
      } else {
        break;
      }
    }
    if (name.isEmpty()) {
      return;
    }
    String table = name.get(name.size() - 1).name(sql);
    String schema = name.size() > 1 ? name.get(name.size() - 2).name(sql) : null;
    List<ColumnMapping> columns = mappings.columnsFor(schema, table);
    if (columns.isEmpty()) {
      return;
    }
    // The standard MERGE ... USING ... WHEN NOT MATCHED THEN INSERT (cols) ...; without USING,
    // H2's MERGE INTO t (cols) KEY (...) VALUES ...: its column list follows the table.
    boolean using = false;
    List<Integer> columnLists = new ArrayList<>();
    boolean unlisted = false;
    for (int i = at, depth = 0; i < end; i++) {
      Token token = tokens.get(i);
      if (depth == 0 && token.isWord(sql, "USING")) {
        using = true;
      } else if (depth == 0 && token.isWord(sql, "INSERT")) {
        if (i + 1 < end && tokens.get(i + 1).isSymbol(sql, '(')) {
          columnLists.add(i + 1);
        } else {
          unlisted = true;
        }
      }
      depth += token.isSymbol(sql, '(') ? 1 : token.isSymbol(sql, ')') ? -1 : 0;
    }
    if (!using) {
      columnLists.clear();
      unlisted = !(at < end && tokens.get(at).isSymbol(sql, '('));
      if (!unlisted) {
        columnLists.add(at);
      }
    }
    boolean supplied = !unlisted;
    for (int open : columnLists) {
      supplied &= listsAll(open, end, columns);
    }
    if (!supplied) {
      String names = GeneratedColumns.names(columns);
      throw new SQLFeatureNotSupportedException("MERGE into " + sql.substring(name.get(0).start(),
          name.get(name.size() - 1).end()) + " can insert rows without " + names
          + ", which seqproxy does not fill in a MERGE: list " + names + " in the MERGE's"
          + " insert columns and supply the value, or use INSERT (with ON CONFLICT or ON DUPLICATE"
          + " KEY UPDATE)");
    }
  }

  /** Whether the column list opening at {@code open} names every generated column. */
  private boolean listsAll(int open, int end, List<ColumnMapping> columns) {
    int close = statements.matchingClose(open, end);
    if (close < 0) {
      return false;
    }
    List<String> listed = new ArrayList<>();
    for (int i = open + 1; i < close; i++) {
      if (tokens.get(i).isName()
          && (tokens.get(i + 1).isSymbol(sql, ',') || tokens.get(i + 1).isSymbol(sql, ')'))) {
        listed.add(tokens.get(i).name(sql));
      }
    }
    return GeneratedColumns.allWritten(listed, columns);
  }

  /**
   * The safety net behind the planner's walk: an INSERT into a mapped table inside parentheses
   * that was not planned as a statement of its own (its parenthesis is not closed, or it shares
   * the parentheses with other text) must not reach the database without its ID.
   *
   * @param planned token indexes of the INSERT and REPLACE keywords planned as statements
   */
  void refuseUnplannedInserts(int start, int end, Set<Integer> planned)
      throws SQLFeatureNotSupportedException {
    int depth = 0;
    for (int i = start; i < end; i++) {
      Token token = tokens.get(i);
      if (token.isSymbol(sql, '(')) {
        depth++;
      } else if (token.isSymbol(sql, ')')) {
        depth--;
      } else if (depth > 0 && !planned.contains(i) && token.isWord(sql, "INSERT")) {
        String table = mappedTableOf(i, end);
        if (table != null) {
          throw new SQLFeatureNotSupportedException(
              "INSERT into " + table + " inside another statement cannot be rewritten: seqproxy"
                  + " fills a nested INSERT only when it is all that its parentheses hold, as in"
                  + " FINAL TABLE (INSERT ...) or WITH x AS (INSERT ...); run it as a statement"
                  + " of its own");
        }
      }
    }
  }

  /** The table the INSERT at {@code verb} writes to when it is mapped, else null. */
  private String mappedTableOf(int verb, int end) {
    try {
      InsertShape shape = InsertShape.read(sql, tokens, verb, end);
      return mappings.columnsFor(shape.schema, shape.table).isEmpty() ? null : shape.tableText;
    } catch (Unreadable e) {
      return e.table == null || mappings.columnsFor(e.schema, e.table).isEmpty() ? null : e.table;
    }
  }
}
