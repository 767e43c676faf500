package io.seqproxy.jdbc.config;

import io.seqproxy.jdbc.rewrite.TableMappings;
import io.seqproxy.sequence.Sequence;
import io.seqproxy.sequence.SequenceException;
import io.seqproxy.sequence.range.RangeSequence;
import io.seqproxy.sequence.snowflake.SnowflakeSequence;
import io.seqproxy.sequence.snowflake.WorkerLease;
import io.seqproxy.sequence.spi.SequenceStore;
import io.seqproxy.sequence.spi.SequenceStoreProvider;
import io.seqproxy.sequence.spi.StoreContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running side of a configuration: its stores opened and its sequences built, with the table
 * mappings that say which columns take which sequence's values. One per configuration file per
 * JVM, shared by every connection. Closing it closes the sequences (handing back unused range
 * tails and worker leases) and then the stores.
 */
public final class Engine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);

  private final String source;
  private final TableMappings tables;
  private final Map<String, Sequence> sequences;
  private final List<SequenceStore> stores;
  private volatile boolean closed;

  private Engine(String source, TableMappings tables, Map<String, Sequence> sequences, List<SequenceStore> stores) {
    this.source = source;
    this.tables = tables;
    this.sequences = Map.copyOf(sequences);
    this.stores = List.copyOf(stores);
  }

  /**
   * Opens the stores the sequences use and builds the sequences.
   *
   * @param context the proxied database, the default of the {@code jdbc} store
   * @throws ConfigException naming every sequence or store that could not be set up; whatever
   *     was opened is closed again
   */
  public static Engine open(SeqProxyConfig config, StoreContext context) throws ConfigException {
    Problems problems = new Problems(config.source());
    Map<String, SequenceStoreProvider> providers = SeqProxyConfig.providers();
    Map<String, SequenceStore> stores = new LinkedHashMap<>();
    Map<String, Sequence> sequences = new LinkedHashMap<>();
    RuntimeException firstFailure = null;
    for (SequenceSpec spec : config.sequences().values()) {
      String path = "sequences." + spec.name();
      try {
        SequenceStore store = null;
        if (!(spec instanceof SequenceSpec.Snowflake s && s.workerId() != null)) {
          store = stores.get(spec.store());
          if (store == null) {
            Map<String, Object> settings = config.stores().getOrDefault(spec.store(), Map.of());
            store = providers.get(spec.store()).open(settings, context);
            stores.put(spec.store(), store);
          }
        }
        sequences.put(spec.name(), build(spec, store, context));
      } catch (IllegalArgumentException | IllegalStateException | SequenceException e) {
        problems.add(spec.line(), path, e.getMessage());
        firstFailure = firstFailure == null ? e : firstFailure;
      }
    }
    Engine engine = new Engine(config.source(), config.tables(), sequences, new ArrayList<>(stores.values()));
    if (!problems.isEmpty()) {
      engine.close();
      try {
        problems.throwIfAny();
      } catch (ConfigException e) {
        // The cause tells a caller what kind of failure it was: a store that cannot be reached, a
        // clock behind the persisted timestamp, or a setting the store refused.
        e.initCause(firstFailure);
        throw e;
      }
    }
    log.info("seqproxy engine for {}: sequences {}, stores {}, tables {}", config.source(),
        sequences.keySet(), stores.keySet(), config.tables().tableNames());
    if (stores.containsKey("memory")) {
      // Values of a memory store start again after a restart: duplicates in any real table.
      log.warn("seqproxy configuration {}: sequences use the memory store, which forgets everything"
          + " when this JVM stops, so their values repeat after a restart; use store: jdbc or"
          + " store: zookeeper outside tests", config.source());
    }
    return engine;
  }

  /**
   * An engine from sequences built in code, for {@code SeqProxyDataSource} users who configure in
   * Java and for tests. Closing the engine closes the sequences.
   */
  public static Engine of(TableMappings tables, Map<String, ? extends Sequence> sequences) {
    return new Engine("engine built in code", tables, new LinkedHashMap<>(sequences), List.of());
  }

  private static Sequence build(SequenceSpec spec, SequenceStore store, StoreContext context) {
    if (spec instanceof SequenceSpec.Segment s) {
      RangeSequence.Builder builder = RangeSequence.builder(s.name(), store.ranges());
      if (s.start() != null) {
        builder.start(s.start());
      }
      if (s.range() != null) {
        builder.initialSize(s.range());
      }
      if (s.maxRange() != null) {
        builder.maxSize(s.maxRange());
      }
      if (s.max() != null) {
        builder.maxValue(s.max());
      }
      if (s.targetLifetime() != null) {
        builder.targetLifetime(s.targetLifetime());
      }
      if (s.fetchTimeout() != null) {
        builder.fetchTimeout(s.fetchTimeout());
      }
      return builder.build();
    }
    SequenceSpec.Snowflake s = (SequenceSpec.Snowflake) spec;
    SnowflakeSequence.Builder builder = SnowflakeSequence.builder(s.name(), s.layout()).clock(context.clock());
    if (s.epoch() != null) {
      builder.epoch(s.epoch());
    }
    if (s.clockTolerance() != null) {
      builder.toleranceMillis(s.clockTolerance().toMillis());
    }
    if (s.spread() != null) {
      builder.spread(s.spread());
    }
    if (s.workerId() != null) {
      builder.lease(WorkerLease.fixed(s.workerId()));
    } else {
      builder.leases(store.workerLeases());
    }
    return builder.build();
  }

  /** Which columns of which tables take which sequence's values. */
  public TableMappings tables() {
    return tables;
  }

  /** The sequence of that name, or null when there is none. */
  public Sequence sequence(String name) {
    return sequences.get(name);
  }

  /** The names of the configured sequences. */
  public java.util.Set<String> sequenceNames() {
    return sequences.keySet();
  }

  /** Where the configuration came from. */
  public String source() {
    return source;
  }

  /** Closes the sequences, then the stores. Idempotent; failures are logged, not thrown. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Sequence sequence : sequences.values()) {
      try {
        sequence.close();
      } catch (RuntimeException e) {
        log.warn("closing sequence {} failed: {}", sequence.name(), e.toString());
      }
    }
    for (SequenceStore store : stores) {
      try {
        store.close();
      } catch (RuntimeException e) {
        log.warn("closing a store of {} failed: {}", source, e.toString());
      }
    }
  }

  @Override
  public String toString() {
    return "Engine[" + source + ", sequences=" + sequences.keySet() + "]";
  }
}
