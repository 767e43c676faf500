package io.seqproxy.jdbc.rewrite;

import java.util.List;
import java.util.Set;

/**
 * Splits one SQL string into its statements and finds the INSERT or REPLACE each one is, by the
 * tokens alone: a statement ends at a {@code ;} outside parentheses, and its verb is its first
 * word or the first INSERT/REPLACE after a WITH clause.
 */
final class Statements {

  /** First words of statements whose body may mention INSERT without being one (DDL). */
  private static final Set<String> DEFINITIONS =
      Set.of("create", "alter", "drop", "grant", "revoke", "comment", "rename", "truncate");

  private final String sql;
  private final List<Token> tokens;

  Statements(String sql, List<Token> tokens) {
    this.sql = sql;
    this.tokens = tokens;
  }

  /**
   * The index of the ';' that ends the statement starting at {@code start}, or the token
   * count. A CREATE of a routine or trigger with a BEGIN ... END body holds ';' of its own,
   * so it runs to the end of the text.
   */
  int end(int start) {
    boolean definition = isDefinition(start);
    int depth = 0;
    for (int i = start; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      if (token.isSymbol(sql, '(')) {
        depth++;
      } else if (token.isSymbol(sql, ')')) {
        depth = Math.max(0, depth - 1);
      } else if (definition && token.isWord(sql, "BEGIN")) {
        return tokens.size();
      } else if (depth == 0 && token.isSymbol(sql, ';')) {
        return i;
      }
    }
    return tokens.size();
  }

  boolean isDefinition(int start) {
    Token first = tokens.get(start);
    return first.kind() == Token.Kind.WORD && DEFINITIONS.contains(first.lowerName(sql));
  }

  /** The INSERT or REPLACE that the statement is, after a WITH clause; -1 for other statements. */
  int mainVerb(int start, int end) {
    Token first = tokens.get(start);
    if (isInsertVerb(first)) {
      return start;
    }
    if (!first.isWord(sql, "WITH")) {
      return -1;
    }
    int depth = 0;
    for (int i = start + 1; i < end; i++) {
      Token token = tokens.get(i);
      if (token.isSymbol(sql, '(')) {
        depth++;
      } else if (token.isSymbol(sql, ')')) {
        depth--;
      } else if (depth == 0 && isInsertVerb(token)) {
        return i;
      } else if (depth == 0 && isOtherVerb(token)) {
        return -1;
      }
    }
    return -1;
  }

  /**
   * Whether tokens {@code start..end} are an INSERT INTO, possibly after a WITH clause. INTO is
   * required (H2 and PostgreSQL, the databases that nest INSERTs, require it too) so that
   * MySQL's string function {@code INSERT(s, pos, len, t)} is not taken for one.
   */
  boolean isNestedInsert(int start, int end) {
    int verb = mainVerb(start, end);
    return verb >= 0
        && verb + 1 < end
        && tokens.get(verb).isWord(sql, "INSERT")
        && tokens.get(verb + 1).isWord(sql, "INTO");
  }

  /** Whether the '(' at {@code open} starts a nested statement: {@code (INSERT} or {@code (WITH}. */
  boolean opensStatement(int open, int end) {
    return tokens.get(open).isSymbol(sql, '(')
        && open + 1 < end
        && (tokens.get(open + 1).isWord(sql, "INSERT") || tokens.get(open + 1).isWord(sql, "WITH"));
  }

  /** The index of the ')' that closes the '(' at {@code open}, or -1 before {@code end}. */
  int matchingClose(int open, int end) {
    int depth = 0;
    for (int i = open; i < end; i++) {
      if (tokens.get(i).isSymbol(sql, '(')) {
        depth++;
      } else if (tokens.get(i).isSymbol(sql, ')') && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  boolean isInsertVerb(Token token) {
    return token.isWord(sql, "INSERT") || token.isWord(sql, "REPLACE");
  }

  private boolean isOtherVerb(Token token) {
    return token.isWord(sql, "SELECT")
        || token.isWord(sql, "UPDATE")
        || token.isWord(sql, "DELETE")
        || token.isWord(sql, "MERGE")
        || token.isWord(sql, "VALUES")
        || token.isWord(sql, "TABLE");
  }
}
