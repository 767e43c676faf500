package io.seqproxy.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real databases tests run against. MariaDB through mysql-connector-j and PostgreSQL
 * through pgjdbc, at the addresses of the design (override with {@code SEQPROXY_TEST_MARIADB_URL},
 * {@code _USER}, {@code _PASSWORD} and the same for {@code POSTGRES}); H2 in memory always.
 *
 * <p>{@link #require(Db)} decides what an unreachable server means: with {@code CI=true} the
 * test fails; elsewhere it is skipped with a loud message on stderr.
 */
public final class TestDatabases {

  public enum Db {
    H2("jdbc:h2:mem:seqproxy_test;DB_CLOSE_DELAY=-1", "sa", ""),
    MARIADB(
        "jdbc:mysql://127.0.0.1:3306/test?useSSL=false&allowPublicKeyRetrieval=true", "root", ""),
    POSTGRES("jdbc:postgresql://127.0.0.1:5432/test", "root", "");

    private final String defaultUrl;
    private final String defaultUser;
    private final String defaultPassword;

    Db(String defaultUrl, String defaultUser, String defaultPassword) {
      this.defaultUrl = defaultUrl;
      this.defaultUser = defaultUser;
      this.defaultPassword = defaultPassword;
    }

    private String env(String suffix, String fallback) {
      String value = System.getenv("SEQPROXY_TEST_" + name() + "_" + suffix);
      return value == null || value.isEmpty() ? fallback : value;
    }

    /** The real JDBC URL, without {@code seqproxy:}. */
    public String url() {
      return env("URL", defaultUrl);
    }

    /**
     * The URL without the {@code user=} and {@code password=} of its query string, for
     * applications given their credentials as separate settings (Hibernate 7, for one, logs the
     * URL it is given at start).
     */
    public String urlWithoutCredentials() {
      String url = url();
      int query = url.indexOf('?');
      if (query < 0) {
        return url;
      }
      StringBuilder kept = new StringBuilder(url.substring(0, query));
      for (String setting : url.substring(query + 1).split("&")) {
        if (!setting.startsWith("user=") && !setting.startsWith("password=")) {
          kept.append(kept.indexOf("?") < 0 ? '?' : '&').append(setting);
        }
      }
      return kept.toString();
    }

    /** The same URL with the {@code jdbc:seqproxy:} prefix. */
    public String proxiedUrl() {
      return "jdbc:seqproxy:" + url().substring("jdbc:".length());
    }

    public String user() {
      return env("USER", defaultUser);
    }

    public String password() {
      return env("PASSWORD", defaultPassword);
    }

    public Properties credentials() {
      Properties properties = new Properties();
      properties.setProperty("user", user());
      properties.setProperty("password", password());
      return properties;
    }

    public Connection connect() throws SQLException {
      return DriverManager.getConnection(url(), credentials());
    }
  }

  private static final ConcurrentHashMap<Db, String> UNREACHABLE = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<Db, Boolean> CHECKED = new ConcurrentHashMap<>();
  // Seeded per JVM so that runs sharing a database server (CI, several test JVMs) do not collide.
  private static final AtomicLong UNIQUE =
      new AtomicLong(((ProcessHandle.current().pid() * 1_000_003L) ^ System.nanoTime()) & 0xFFFFFFFFL);

  private TestDatabases() {}

  /** Whether this run is CI, where an unreachable database fails the build. */
  public static boolean isCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /**
   * Makes sure {@code db} can be reached: fails the test under CI, skips it loudly elsewhere.
   */
  public static void require(Db db) {
    CHECKED.computeIfAbsent(db, d -> {
      try (Connection ignored = d.connect()) {
        return true;
      } catch (SQLException e) {
        UNREACHABLE.put(d, e.toString());
        return false;
      }
    });
    String reason = UNREACHABLE.get(db);
    if (reason == null) {
      return;
    }
    String message = db + " at " + db.url() + " cannot be reached (" + reason + ")";
    if (isCi()) {
      Assertions.fail(message + "; CI=true requires it. Start it as README.md says.");
    }
    System.err.println("!!! SKIPPING: " + message + ". Set CI=true to make this a failure.");
    Assumptions.abort(message);
  }

  /** A name no other test run uses, for tables and sequences: {@code prefix_<n>}. */
  public static String uniqueName(String prefix) {
    return (prefix + "_" + Long.toString(UNIQUE.incrementAndGet(), 36)).toLowerCase(Locale.ROOT);
  }
}
