package io.seqproxy.jdbc.rewrite;

import java.util.Locale;

/**
 * A lexical token of the application's SQL, located by its character offsets so that the
 * rewriter can splice into the original text.
 *
 * @param start offset of the first character
 * @param end offset after the last character
 */
record Token(Kind kind, int start, int end) {

  enum Kind {
    /** An unquoted identifier or keyword. */
    WORD,
    /** A quoted identifier: {@code `..`} or {@code ".."}. */
    QUOTED,
    /** A string literal, including dollar-quoted and prefixed ones ({@code E'..'}, {@code X'..'}). */
    STRING,
    NUMBER,
    /** A JDBC parameter marker {@code ?}. */
    PARAMETER,
    /** Any other single character: punctuation and operators. */
    SYMBOL;

    /** Whether a token of this kind is a string or number literal, which a shape key marks rather than spells. */
    boolean isLiteral() {
      return this == STRING || this == NUMBER;
    }
  }

  String text(String sql) {
    return sql.substring(start, end);
  }

  boolean isWord(String sql, String keyword) {
    return kind == Kind.WORD
        && end - start == keyword.length()
        && sql.regionMatches(true, start, keyword, 0, keyword.length());
  }

  boolean isSymbol(String sql, char c) {
    return kind == Kind.SYMBOL && sql.charAt(start) == c;
  }

  boolean isName() {
    return kind == Kind.WORD || kind == Kind.QUOTED;
  }

  /** The identifier as the database sees it: quotes removed, doubled quotes collapsed. */
  String name(String sql) {
    if (kind != Kind.QUOTED) {
      return text(sql);
    }
    char quote = sql.charAt(start);
    String inner = sql.substring(start + 1, Math.max(start + 1, end - 1));
    return inner.replace(String.valueOf(quote) + quote, String.valueOf(quote));
  }

  String lowerName(String sql) {
    return name(sql).toLowerCase(Locale.ROOT);
  }
}
