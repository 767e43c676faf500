package io.seqproxy.jdbc.rewrite;

import io.seqproxy.jdbc.rewrite.Token.Kind;

/**
 * A statement with literals as a template for the next string of its shape: SQL built by
 * concatenation, which an application sends with new values each time, is read by comparing its
 * text with this one's, token by token, and scanning only its literals, instead of tokenizing it
 * whole, hashing its shape key and looking the key up.
 *
 * <p>A string is read this way only when its tokens are exactly those the tokenizer would find:
 * the same text for every token but the literals, a literal of the same kind in each literal's
 * place (a plain {@code '...'} string, or a number that begins with a digit), and nothing but
 * whitespace wherever this statement has whitespace or comments between its tokens; comments
 * before the statement and after it (a tracer's) are kept. Anything else (a comment between tokens,
 * a prefixed or dollar-quoted string, a literal glued to a word, a MySQL executable comment) is
 * left to the tokenizer: {@link #read} answers null. Its shape key is then this statement's.
 * Immutable.
 */
public final class LiteralTemplate {
  private final String text;
  private final Tokens tokens;
  private final SqlDialect dialect;

  private LiteralTemplate(String text, Tokens tokens, SqlDialect dialect) {
    this.text = text;
    this.tokens = tokens;
    this.dialect = dialect;
  }

  /** The template of {@code sql}, read as {@code tokens}; null when its key is its whole text or it has no literals. */
  static LiteralTemplate of(String sql, Tokens tokens, SqlDialect dialect) {
    boolean whole = PlanShape.ownsKey(tokens, dialect == SqlDialect.MYSQL);
    return whole || !tokens.hasLiterals() || tokens.isEmpty() ? null : new LiteralTemplate(sql, tokens, dialect);
  }

  /**
   * {@code sql} read as a string of this statement's shape, its tokens found in place; null when
   * it is not one, or not one this comparison can tell (then the tokenizer reads it).
   */
  public InsertRewriter.Reading read(String sql) {
    return read(sql, 0);
  }

  /**
   * {@link #read(String)} for {@code sql} whose statement begins at {@code from}, after the
   * comments that lead it ({@link InsertRewriter#statementStart}: a tracer's, say).
   */
  public InsertRewriter.Reading read(String sql, int from) {
    int at = skipWhitespace(sql, from);
    // Most strings that are not of this shape differ in their first word (a SELECT, an UPDATE):
    // they are told apart before anything is allocated.
    if (!tokens.kind(0).isLiteral() && !sql.regionMatches(at, text, tokens.start(0), tokens.end(0) - tokens.start(0))
        || SqlTokenizer.startsComment(sql, at, dialect)) {
      return null;
    }
    int count = tokens.size();
    int length = sql.length();
    int[] places = new int[3 * count];
    for (int i = 0; i < count; i++) {
      int start = tokens.start(i);
      int end = tokens.end(i);
      if (i > 0 && start > tokens.end(i - 1)) {
        if (at == length || !Character.isWhitespace(sql.charAt(at)) || endsWithDashes(sql, at)) {
          return null;
        }
        at = skipWhitespace(sql, at);
        if (SqlTokenizer.startsComment(sql, at, dialect)) {
          return null;
        }
      }
      int begins = at;
      Kind kind = tokens.kind(i);
      if (kind == Kind.STRING) {
        if (!literalStartsAt(sql, at, '\'')) {
          return null;
        }
        at = SqlTokenizer.quotedEnd(sql, at, '\'', dialect.backslashEscapes);
      } else if (kind == Kind.NUMBER) {
        if (!literalStartsAt(sql, at, '0')) {
          return null;
        }
        at = SqlTokenizer.numberEnd(sql, at);
      } else {
        if (!sql.regionMatches(at, text, start, end - start)) {
          return null;
        }
        at += end - start;
      }
      places[3 * i] = kind.ordinal();
      places[3 * i + 1] = begins;
      places[3 * i + 2] = at;
    }
    if (endsWithDashes(sql, at) || !onlyCommentsFrom(sql, at)) {
      return null;
    }
    return new InsertRewriter.Reading(sql, tokens.at(places), dialect);
  }

  /**
   * Whether nothing but whitespace and comments follows {@code at} (a tracer's comment after the
   * statement, as sqlcommenter writes it); on MySQL, no executable comment, which would make the
   * whole text the key.
   */
  private boolean onlyCommentsFrom(String sql, int at) {
    for (at = skipWhitespace(sql, at); at < sql.length(); at = skipWhitespace(sql, at)) {
      if (!SqlTokenizer.startsComment(sql, at, dialect)) {
        return false;
      }
      int end = SqlTokenizer.commentEnd(sql, at, dialect);
      if (dialect == SqlDialect.MYSQL && PlanShape.executableCommentIn(sql, at, end)) {
        return false;
      }
      at = end;
    }
    return true;
  }

  /**
   * Whether a literal the tokenizer would read as one token begins at {@code at}: a quote
   * ({@code first} is {@code '}) or a digit ({@code first} is {@code 0}), after neither a
   * character of a word (which would take a digit in, or make a quote a prefixed string) nor a
   * point (which would make a digit a decimal's).
   */
  private static boolean literalStartsAt(String sql, int at, char first) {
    if (at == sql.length()) {
      return false;
    }
    char c = sql.charAt(at);
    boolean opens = first == '\'' ? c == '\'' : SqlTokenizer.isDigit(c);
    if (!opens || at == 0) {
      return opens;
    }
    char before = sql.charAt(at - 1);
    return !SqlTokenizer.isWordPart(before) && before != '.';
  }

  /**
   * Whether two dashes end the text before {@code at}: on MySQL two dashes are a comment only
   * when whitespace follows, so the whitespace this comparison accepts there would make one.
   */
  private static boolean endsWithDashes(String sql, int at) {
    return at >= 2 && sql.charAt(at - 1) == '-' && sql.charAt(at - 2) == '-';
  }

  private static int skipWhitespace(String sql, int at) {
    while (at < sql.length() && Character.isWhitespace(sql.charAt(at))) {
      at++;
    }
    return at;
  }
}
