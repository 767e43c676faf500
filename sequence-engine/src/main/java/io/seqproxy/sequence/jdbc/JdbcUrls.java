package io.seqproxy.sequence.jdbc;

import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * JDBC URLs as they may be shown: in a log line, an error message, a description. A URL can
 * carry credentials in three places, and each is replaced by {@code ***}: the user-info of
 * {@code //user:password@host} (MySQL, MariaDB, PostgreSQL), a {@code password=} (or any key
 * naming a password, secret or token) in the query string {@code ?…&…} (MySQL, PostgreSQL), and
 * one in the properties part {@code ;KEY=value} (H2, SQL Server) or MySQL's
 * {@code (host=…,password=…)} address form. The user name stays: it is no secret, and it helps.
 */
public final class JdbcUrls {
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@\\s?#;:]*):[^/@\\s?#]*@");
  private static final Pattern SECRET_SETTING = Pattern.compile(
      "([?&;,(]\\s*[\\w.-]*(?:password|pwd|secret|token)[\\w.-]*\\s*=)[^&;,)\\s'\"]*", Pattern.CASE_INSENSITIVE);

  private JdbcUrls() {}

  /** {@code text} (a URL, or a message holding URLs) with every credential replaced by {@code ***}. */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    String redacted = USER_INFO.matcher(text).replaceAll("$1:***@");
    return SECRET_SETTING.matcher(redacted).replaceAll("$1***");
  }

  /**
   * A URL for a description: without its query string or properties part, where drivers take
   * options and credentials, and without the password of its user-info.
   */
  public static String shortForm(String url) {
    int query = url.indexOf('?');
    int semicolon = url.indexOf(';');
    int cut = query < 0 ? semicolon : semicolon < 0 ? query : Math.min(query, semicolon);
    return redact(cut < 0 ? url : url.substring(0, cut));
  }

  /**
   * {@code e} when its message shows no credential, else a copy with the message redacted, the
   * same SQLState, vendor code, stack trace and cause: {@code DriverManager}, for one, puts the
   * whole URL into "No suitable driver found for …".
   */
  public static SQLException redact(SQLException e) {
    String message = e.getMessage();
    String redacted = redact(message);
    if (message == null || message.equals(redacted)) {
      return e;
    }
    SQLException copy = new SQLException(redacted, e.getSQLState(), e.getErrorCode(), e.getCause());
    copy.setStackTrace(e.getStackTrace());
    return copy;
  }
}
