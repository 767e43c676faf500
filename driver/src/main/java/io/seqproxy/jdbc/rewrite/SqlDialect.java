package io.seqproxy.jdbc.rewrite;

import java.util.Locale;

/**
 * The lexical rules the rewriter needs to find its splice points: which quotes make strings,
 * which make identifiers, and which character sequences start comments. Everything else about
 * the SQL is the parser's business.
 */
public enum SqlDialect {
  /**
   * MySQL and MariaDB: backslash escapes in quoted text, {@code #} and {@code -- } (with a
   * space) comments, {@code "..."} is a string unless ANSI_QUOTES is on.
   */
  MYSQL(true, true, true, false, false),
  /** PostgreSQL: {@code E'...'} escapes, dollar-quoted strings, nested block comments. */
  POSTGRESQL(false, false, false, true, true),
  /** H2 and other databases that follow the standard: {@code ''} escapes, {@code $$...$$}. */
  STANDARD(false, false, false, false, true);

  final boolean backslashEscapes;
  final boolean hashComments;
  final boolean dashDashNeedsSpace;
  final boolean nestedBlockComments;
  final boolean dollarQuotes;

  SqlDialect(
      boolean backslashEscapes,
      boolean hashComments,
      boolean dashDashNeedsSpace,
      boolean nestedBlockComments,
      boolean dollarQuotes) {
    this.backslashEscapes = backslashEscapes;
    this.hashComments = hashComments;
    this.dashDashNeedsSpace = dashDashNeedsSpace;
    this.nestedBlockComments = nestedBlockComments;
    this.dollarQuotes = dollarQuotes;
  }

  /**
   * The dialect of a real driver's URL ({@code jdbc:mysql:...}, {@code jdbc:postgresql:...});
   * {@link #STANDARD} for anything else.
   */
  public static SqlDialect forUrl(String jdbcUrl) {
    String url = jdbcUrl.toLowerCase(Locale.ROOT);
    if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) {
      return MYSQL;
    }
    if (url.startsWith("jdbc:postgresql:") || url.startsWith("jdbc:pgsql:")) {
      return POSTGRESQL;
    }
    return STANDARD;
  }
}
