package io.seqproxy.cli;

import io.seqproxy.sequence.EpochClock;
import io.seqproxy.sequence.spi.StoreContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The application's database: the default home of the {@code jdbc} store, as the proxied database
 * is inside the driver.
 */
final class DatabaseOptions {
  private static final String PROXY_PREFIX = "jdbc:seqproxy:";

  @Option(names = "--url", paramLabel = "URL",
      description = "The application's database, jdbc:… or jdbc:seqproxy:…; where the jdbc store lives "
          + "when stores.jdbc.url is not set.")
  String url;

  @Option(names = "--user", paramLabel = "NAME", description = "The database user for --url.")
  String user;

  @Option(names = "--password", paramLabel = "SECRET", description = "The database password for --url.")
  String password;

  /** The URL without {@code seqproxy:}, or null. */
  String realUrl() {
    return url == null ? null : realUrl(url);
  }

  static String realUrl(String url) {
    return url.startsWith(PROXY_PREFIX) ? "jdbc:" + url.substring(PROXY_PREFIX.length()) : url;
  }

  Properties credentials() {
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    return properties;
  }

  StoreContext storeContext() {
    return new StoreContext(realUrl(), credentials(), EpochClock.system());
  }

  Connection connect() throws SQLException {
    if (url == null) {
      throw new CommandFailure(Main.USAGE, "no database: give --url jdbc:…");
    }
    return DriverManager.getConnection(realUrl(), credentials());
  }
}
