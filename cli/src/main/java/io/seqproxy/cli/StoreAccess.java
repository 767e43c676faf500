package io.seqproxy.cli;

import io.seqproxy.jdbc.config.ConfigContents;
import io.seqproxy.jdbc.config.ConfigContents.SequenceEntry;
import io.seqproxy.jdbc.config.SeqProxyConfig;
import io.seqproxy.sequence.spi.SequenceStore;
import io.seqproxy.sequence.spi.SequenceStoreProvider;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;

/**
 * The stores a configuration names, opened one at a time as the operator's commands need them,
 * outside any driver: the {@code jdbc} store's default database is {@code --url}.
 */
final class StoreAccess implements AutoCloseable {
  private final SeqProxyConfig config;
  private final DatabaseOptions database;
  private final Map<String, SequenceStore> open = new LinkedHashMap<>();

  StoreAccess(SeqProxyConfig config, DatabaseOptions database) {
    this.config = config;
    this.database = database;
  }

  /** Fails with what to add when the {@code jdbc} store of {@code entry} has no database. */
  static void requireDatabase(SeqProxyConfig config, SequenceEntry entry, DatabaseOptions database) {
    boolean needsStore = entry.isSegment() || entry.workerId() == null;
    if (needsStore && entry.store().equals("jdbc") && database.url == null
        && ConfigContents.storeSettings(config, "jdbc").get("url") == null) {
      throw new CommandFailure(Main.USAGE, "sequence '" + entry.name() + "' uses the jdbc store and "
          + config.source() + " sets no stores.jdbc.url: give --url jdbc:… (the application's database)");
    }
  }

  SequenceStore store(SequenceEntry entry) {
    requireDatabase(config, entry, database);
    return open.computeIfAbsent(entry.store(), name -> {
      for (SequenceStoreProvider provider : ServiceLoader.load(SequenceStoreProvider.class)) {
        if (provider.name().equals(name)) {
          try {
            return provider.open(ConfigContents.storeSettings(config, name), database.storeContext());
          } catch (IllegalArgumentException e) {
            throw new CommandFailure(Main.USAGE, config.source() + ": stores." + name + ": " + e.getMessage());
          }
        }
      }
      throw new CommandFailure(Main.USAGE, "no store '" + name + "' in this build of seqproxy");
    });
  }

  /** A worker-id lease as the store keeps it. */
  record Lease(int workerId, String owner, long expiresAt, long lastTimestamp) {
    boolean live(Instant now) {
      return expiresAt > now.toEpochMilli();
    }
  }

  /**
   * The worker-id leases of a Snowflake sequence, read from the {@code jdbc} store's table; empty
   * for a store whose leases this command cannot list.
   */
  Optional<List<Lease>> leases(SequenceEntry entry) throws SQLException {
    if (!entry.store().equals("jdbc")) {
      return Optional.empty();
    }
    store(entry); // creates the tables when they are missing, as the driver would
    Map<String, Object> settings = ConfigContents.storeSettings(config, "jdbc");
    String url = (String) settings.get("url");
    Properties properties = database.credentials();
    if (url == null) {
      url = database.realUrl();
    } else {
      properties = new Properties();
      putIfPresent(properties, "user", settings.get("username"));
      putIfPresent(properties, "password", settings.get("password"));
    }
    String table = settings.getOrDefault("table-prefix", "seqproxy_") + "worker";
    List<Lease> leases = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(DatabaseOptions.realUrl(url), properties);
        PreparedStatement select = connection.prepareStatement("SELECT worker_id, owner, expires_at, last_timestamp"
            + " FROM " + table + " WHERE sequence_name = ? ORDER BY worker_id")) {
      select.setString(1, entry.name());
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          leases.add(new Lease(rows.getInt(1), rows.getString(2), rows.getLong(3), rows.getLong(4)));
        }
      }
    }
    return Optional.of(leases);
  }

  private static void putIfPresent(Properties properties, String key, Object value) {
    if (value != null) {
      properties.setProperty(key, value.toString());
    }
  }

  @Override
  public void close() {
    open.values().forEach(SequenceStore::close);
  }
}
