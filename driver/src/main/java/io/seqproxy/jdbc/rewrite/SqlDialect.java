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
   * The dialect of a real driver's URL ({@code jdbc:mysql:...}, {@code jdbc:postgresql:...}), also
   * behind drivers that wrap another and name it in their URL ({@code jdbc:p6spy:mysql:...},
   * Testcontainers' {@code jdbc:tc:postgresql:15:///db}, OpenTelemetry's {@code jdbc:otel:...}):
   * every subprotocol before the address counts, up to the first that names another database.
   * {@link #STANDARD} for anything else.
   */
  public static SqlDialect forUrl(String jdbcUrl) {
    String url = jdbcUrl.toLowerCase(Locale.ROOT);
    int from = url.startsWith("jdbc:") ? "jdbc:".length() : 0;
    while (from < url.length()) {
      int colon = url.indexOf(':', from);
      String protocol = url.substring(from, colon < 0 ? url.length() : colon);
      if (protocol.indexOf('/') >= 0 || protocol.indexOf('@') >= 0) {
        break;
      }
      switch (protocol) {
        case "mysql", "mariadb" -> {
          return MYSQL;
        }
        case "postgresql", "pgsql" -> {
          return POSTGRESQL;
        }
        case "h2", "hsqldb", "derby", "oracle", "sqlserver", "jtds", "db2", "sqlite", "firebirdsql", "duckdb" -> {
          return STANDARD; // what follows is that driver's own (jdbc:h2:mem:mysql is a database named mysql)
        }
        default -> {
          if (colon < 0) {
            return STANDARD;
          }
          from = colon + 1;
        }
      }
    }
    return STANDARD;
  }
}
