package io.seqproxy.sequence.jdbc;

import io.seqproxy.sequence.spi.SequenceStore;
import io.seqproxy.sequence.spi.SequenceStoreProvider;
import io.seqproxy.sequence.spi.Settings;
import io.seqproxy.sequence.spi.StoreContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The {@code jdbc} store. Settings under {@code stores: jdbc:}: {@code url}, {@code username},
 * {@code password}, {@code table-prefix}, {@code max-wait}, {@code lease-duration}. Without a
 * {@code url} the store lives in the proxied database itself, reached with the application's
 * URL and credentials on a connection of its own.
 */
public final class JdbcStoreProvider implements SequenceStoreProvider {
  private static final Set<String> KEYS =
      Set.of("url", "username", "password", "table-prefix", "max-wait", "lease-duration");

  @Override
  public String name() {
    return "jdbc";
  }

  @Override
  public Set<String> settingKeys() {
    return KEYS;
  }

  @Override
  public SequenceStore open(Map<String, Object> settings, StoreContext context) {
    Settings s = new Settings("stores.jdbc", settings);
    s.requireOnly(KEYS);
    String url = s.string("url", null);
    Properties properties = new Properties();
    if (url == null) {
      if (context.targetUrl() == null) {
        throw new IllegalArgumentException("stores.jdbc.url is required outside the driver");
      }
      url = context.targetUrl();
      properties.putAll(context.targetProperties());
    }
    if (url.startsWith("jdbc:seqproxy:")) {
      url = "jdbc:" + url.substring("jdbc:seqproxy:".length());
    }
    String username = s.string("username", null);
    if (username != null) {
      properties.setProperty("user", username);
    }
    String password = s.string("password", null);
    if (password != null) {
      properties.setProperty("password", password);
    }
    String target = url;
    return JdbcSequenceStore.options(() -> connect(target, properties), JdbcUrls.shortForm(url))
        .tablePrefix(s.string("table-prefix", "seqproxy_"))
        .maxWait(s.duration("max-wait", Duration.ofSeconds(5)))
        .leaseDuration(s.duration("lease-duration", Duration.ofSeconds(30)))
        .open();
  }

  /** A connection to the store; a failure's message never shows the URL's credentials. */
  private static Connection connect(String url, Properties properties) throws SQLException {
    try {
      return DriverManager.getConnection(url, properties);
    } catch (SQLException e) {
      throw JdbcUrls.redact(e);
    }
  }
}
