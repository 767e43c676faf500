package io.seqproxy.cli;

import io.seqproxy.jdbc.config.ConfigContents;
import io.seqproxy.jdbc.config.ConfigContents.SequenceEntry;
import io.seqproxy.jdbc.config.SeqProxyConfig;
import io.seqproxy.sequence.snowflake.WorkerLeases;
import io.seqproxy.sequence.spi.SequenceStore;
import io.seqproxy.sequence.spi.SequenceStoreProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    if (needsStore && ConfigContents.storeKind(config, entry.store()).equals("jdbc") && database.url == null
        && ConfigContents.storeSettings(config, entry.store()).get("url") == null) {
      throw new CommandFailure(Main.USAGE, "sequence '" + entry.name() + "' uses the jdbc store and "
          + config.source() + " sets no stores." + entry.store() + ".url: give --url jdbc:… (the application's"
          + " database)");
    }
  }

  SequenceStore store(SequenceEntry entry) {
    requireDatabase(config, entry, database);
    return store(entry.store());
  }

  /** The store of that name under {@code stores:} (or a kind used without settings), opened once. */
  SequenceStore store(String store) {
    return open.computeIfAbsent(store, name -> {
      String kind = ConfigContents.storeKind(config, name);
      for (SequenceStoreProvider provider : ServiceLoader.load(SequenceStoreProvider.class)) {
        if (provider.name().equals(kind)) {
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

  /** The worker-id leases of a Snowflake sequence as its store lists them; empty when it cannot. */
  Optional<List<WorkerLeases.LeaseRecord>> leases(SequenceEntry entry) {
    return store(entry).workerLeases().list(entry.name());
  }

  @Override
  public void close() {
    open.values().forEach(SequenceStore::close);
  }
}
