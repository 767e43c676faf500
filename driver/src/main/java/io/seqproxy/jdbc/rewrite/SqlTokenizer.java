package io.seqproxy.jdbc.rewrite;

import io.seqproxy.jdbc.rewrite.Token.Kind;

/**
 * Splits SQL into tokens, dropping whitespace and comments, so that parameter markers and
 * splice points are never looked for inside strings, quoted identifiers or comments. It is
 * deliberately forgiving: an unterminated string or comment runs to the end of the text and
 * the database reports the error.
 */
final class SqlTokenizer {

  private final String sql;
  private final SqlDialect dialect;
  private final Tokens tokens = new Tokens();
  private int pos;

  private SqlTokenizer(String sql, SqlDialect dialect) {
    this.sql = sql;
    this.dialect = dialect;
  }

  static Tokens tokenize(String sql, SqlDialect dialect) {
    SqlTokenizer tokenizer = new SqlTokenizer(sql, dialect);
    tokenizer.run();
    return tokenizer.tokens;
  }

  private void run() {
    int length = sql.length();
    while (pos < length) {
      char c = sql.charAt(pos);
      int start = pos;
      if (Character.isWhitespace(c)) {
        pos++;
      } else if (startsComment(sql, pos, dialect)) {
        pos = commentEnd(sql, pos, dialect);
        noteExecutableComment(start);
      } else if (c == '\'') {
        quoted('\'', dialect.backslashEscapes);
        add(Kind.STRING, start);
      } else if (c == '"') {
        quoted('"', dialect.backslashEscapes);
        add(Kind.QUOTED, start);
      } else if (c == '`') {
        quoted('`', false);
        add(Kind.QUOTED, start);
      } else if (c == '$' && dialect.dollarQuotes && dollarQuoted()) {
        add(Kind.STRING, start);
      } else if (c == '?') {
        pos++;
        add(Kind.PARAMETER, start);
      } else if (isDigit(c) || (c == '.' && isDigit(peek(1)))) {
        number();
        add(Kind.NUMBER, start);
      } else if (isWordStart(c)) {
        word();
      } else {
        pos++;
        add(Kind.SYMBOL, start);
      }
    }
  }

  private static boolean startsLineComment(String sql, int at, char c, SqlDialect dialect) {
    if (c == '#') {
      return dialect.hashComments;
    }
    if (c != '-' || charAt(sql, at + 1) != '-') {
      return false;
    }
    // MySQL reads "1--1" as 1 - (-1): its comment needs whitespace after the dashes.
    char after = charAt(sql, at + 2);
    return !dialect.dashDashNeedsSpace || after == 0 || Character.isWhitespace(after);
  }

  /** Whether a comment begins at {@code at}, as this tokenizer would skip it there. */
  static boolean startsComment(String sql, int at, SqlDialect dialect) {
    char c = charAt(sql, at);
    return startsLineComment(sql, at, c, dialect) || (c == '/' && charAt(sql, at + 1) == '*');
  }

  /** Where the comment that {@link #startsComment begins} at {@code at} ends, as this tokenizer skips it. */
  static int commentEnd(String sql, int at, SqlDialect dialect) {
    if (sql.charAt(at) == '/') {
      return blockCommentEnd(sql, at, dialect.nestedBlockComments);
    }
    while (at < sql.length() && sql.charAt(at) != '\n' && sql.charAt(at) != '\r') {
      at++;
    }
    return at;
  }

  /**
   * On MySQL, notes a comment {@code [start, pos)} that holds an executable comment: its text is
   * the server's, and the shape key is then the whole text. A {@code /*!} between tokens always
   * lies within one comment, for a {@code /*} outside one begins one.
   */
  private void noteExecutableComment(int start) {
    if (dialect == SqlDialect.MYSQL && PlanShape.executableCommentIn(sql, start, pos)) {
      tokens.executableComment();
    }
  }

  /**
   * Where the block comment that opens at {@code at} ends (after its {@code *}{@code /}); the
   * text's length when it is never closed.
   */
  private static int blockCommentEnd(String sql, int at, boolean nested) {
    if (!nested) {
      // The first "*/" ends it: found at once, as a trace comment before every statement wants.
      int end = sql.indexOf("*/", at + 2);
      return end < 0 ? sql.length() : end + 2;
    }
    int depth = 0;
    while (at < sql.length()) {
      if (sql.startsWith("/*", at)) {
        depth++;
        at += 2;
      } else if (sql.startsWith("*/", at)) {
        at += 2;
        if (--depth == 0) {
          return at;
        }
      } else {
        at++;
      }
    }
    return sql.length();
  }

  /**
   * Where the statement in {@code sql} begins after the whitespace and block comments that lead it
   * (a tracer's context, a request id): the text from there has the same tokens. On MySQL an
   * executable comment ({@code /*!}, {@code /*M!}) is statement text and begins it. 0 when nothing
   * leads it, or nothing but comments and whitespace follows.
   */
  static int statementStart(String sql, SqlDialect dialect) {
    int at = 0;
    for (;;) {
      while (at < sql.length() && Character.isWhitespace(sql.charAt(at))) {
        at++;
      }
      if (!sql.startsWith("/*", at)) {
        return at < sql.length() ? at : 0;
      }
      int end = blockCommentEnd(sql, at, dialect.nestedBlockComments);
      if (dialect == SqlDialect.MYSQL && PlanShape.executableCommentIn(sql, at, end)) {
        return at;
      }
      at = end;
    }
  }

  /** Reads from an opening quote to its closing one; a doubled quote stands for itself. */
  private void quoted(char quote, boolean backslashEscapes) {
    pos = quotedEnd(sql, pos, quote, backslashEscapes);
  }

  /**
   * Where the text quoted by {@code quote} that opens at {@code at} ends (after its closing quote);
   * the text's length when it is never closed.
   */
  static int quotedEnd(String sql, int at, char quote, boolean backslashEscapes) {
    at++;
    int length = sql.length();
    while (at < length) {
      char c = sql.charAt(at);
      if (backslashEscapes && c == '\\') {
        at += 2;
      } else if (c == quote) {
        if (at + 1 < length && sql.charAt(at + 1) == quote) {
          at += 2;
        } else {
          return at + 1;
        }
      } else {
        at++;
      }
    }
    return length;
  }

  /** A PostgreSQL/H2 {@code $tag$...$tag$} string; false (nothing consumed) when not one. */
  private boolean dollarQuoted() {
    int tagEnd = pos + 1;
    while (tagEnd < sql.length() && isTagChar(sql.charAt(tagEnd), tagEnd == pos + 1)) {
      tagEnd++;
    }
    if (tagEnd >= sql.length() || sql.charAt(tagEnd) != '$') {
      return false;
    }
    String tag = sql.substring(pos, tagEnd + 1);
    int close = sql.indexOf(tag, tagEnd + 1);
    pos = close < 0 ? sql.length() : close + tag.length();
    return true;
  }

  private static boolean isTagChar(char c, boolean first) {
    return Character.isLetter(c) || c == '_' || (!first && isDigit(c));
  }

  private void number() {
    pos = numberEnd(sql, pos);
  }

  /** Where the number that begins at {@code at} (a digit, or a point before one) ends. */
  static int numberEnd(String sql, int at) {
    int length = sql.length();
    if (sql.charAt(at) == '0' && at + 1 < length && (sql.charAt(at + 1) == 'x' || sql.charAt(at + 1) == 'X')) {
      at += 2;
      while (at < length && Character.digit(sql.charAt(at), 16) >= 0) {
        at++;
      }
      return at;
    }
    while (at < length && (isDigit(sql.charAt(at)) || sql.charAt(at) == '.')) {
      at++;
    }
    char e = charAt(sql, at);
    char after = charAt(sql, at + 1);
    if ((e == 'e' || e == 'E') && (isDigit(after) || ((after == '+' || after == '-') && isDigit(charAt(sql, at + 2))))) {
      at += 2;
      while (at < length && isDigit(sql.charAt(at))) {
        at++;
      }
    }
    return at;
  }

  /** The character at {@code at}, 0 past the end. */
  private static char charAt(String sql, int at) {
    return at < sql.length() ? sql.charAt(at) : 0;
  }

  private void word() {
    int start = pos;
    while (pos < sql.length() && isWordPart(sql.charAt(pos))) {
      pos++;
    }
    // A one-letter prefix glued to a quote is part of a string: E'..', N'..', X'..', B'..'.
    if (pos - start == 1 && peek(0) == '\'') {
      boolean escapes = dialect.backslashEscapes || Character.toUpperCase(sql.charAt(start)) == 'E';
      quoted('\'', escapes);
      add(Kind.STRING, start);
      return;
    }
    add(Kind.WORD, start);
  }

  private static boolean isWordStart(char c) {
    return Character.isLetter(c) || c == '_' || c == '@';
  }

  static boolean isWordPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '@';
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private char peek(int ahead) {
    int at = pos + ahead;
    return at < sql.length() ? sql.charAt(at) : 0;
  }

  private void add(Kind kind, int start) {
    tokens.add(kind, start, pos, sql);
  }
}
