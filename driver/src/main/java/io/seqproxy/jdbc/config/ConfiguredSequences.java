package io.seqproxy.jdbc.config;

import io.seqproxy.sequence.Sequence;
import io.seqproxy.sequence.SequenceException;
import io.seqproxy.sequence.range.RangeSequence;
import io.seqproxy.sequence.range.RangeStore;
import io.seqproxy.sequence.region.RegionRangeStore;
import io.seqproxy.sequence.snowflake.SnowflakeSequence;
import io.seqproxy.sequence.snowflake.WorkerLease;
import io.seqproxy.sequence.spi.SequenceStore;
import io.seqproxy.sequence.spi.SequenceStoreProvider;
import io.seqproxy.sequence.spi.StoreContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sequences a configuration names, built, and the stores they use, opened: what the
 * {@code Engine} runs. Closing closes the sequences (handing back unused range tails and worker
 * leases) and then the stores.
 *
 * @param sequences by name, in the file's order
 * @param stores the stores opened for them, by name
 */
public record ConfiguredSequences(Map<String, Sequence> sequences, Map<String, SequenceStore> stores)
    implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConfiguredSequences.class);
  /** How long a reservation in a region's ledger may keep losing to the region's other processes. */
  private static final long REGION_MAX_WAIT_MILLIS = 5000;

  public ConfiguredSequences {
    sequences = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sequences));
    stores = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stores));
  }

  /**
   * Opens the stores the sequences use and builds the sequences.
   *
   * @param context the proxied database, the default of the {@code jdbc} store
   * @throws ConfigException naming every sequence or store that could not be set up; whatever
   *     was opened is closed again
   */
  public static ConfiguredSequences open(SeqProxyConfig config, StoreContext context) throws ConfigException {
    Problems problems = new Problems(config.source());
    Map<String, SequenceStoreProvider> providers = SeqProxyConfig.providers();
    Map<String, SequenceStore> stores = new LinkedHashMap<>();
    Map<String, Sequence> sequences = new LinkedHashMap<>();
    for (SequenceSpec spec : config.sequences().values()) {
      String path = "sequences." + spec.name();
      try {
        SequenceStore store = null;
        if (!(spec instanceof SequenceSpec.Snowflake s && s.workerId() != null)) {
          store = stores.get(spec.store());
          if (store == null) {
            Map<String, Object> settings = config.stores().getOrDefault(spec.store(), Map.of());
            store = providers.get(config.storeKind(spec.store())).open(settings, context);
            stores.put(spec.store(), store);
          }
        }
        sequences.put(spec.name(), build(spec, store, config.regions().get(spec.store()), context));
      } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException
          | SequenceException e) {
        problems.add(spec.line(), path, e.getMessage());
      }
    }
    ConfiguredSequences built = new ConfiguredSequences(sequences, stores);
    if (!problems.isEmpty()) {
      built.close();
      problems.throwIfAny();
    }
    return built;
  }

  /**
   * @param region the region of the sequence's store, or null: a region's processes cut ranges
   *     from the blocks the region's store holds, and never open its parent
   */
  private static Sequence build(SequenceSpec spec, SequenceStore store, RegionSpec region, StoreContext context) {
    if (spec instanceof SequenceSpec.Segment s) {
      RangeStore ranges = region == null ? store.ranges()
          : new RegionRangeStore(store.cells(), region.region(), REGION_MAX_WAIT_MILLIS);
      RangeSequence.Builder builder = RangeSequence.builder(s.name(), ranges);
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
    if (s.region() != null) {
      // Worker ids are the region's own: leased from its store, with the region's id above them.
      if (s.workerId() != null) {
        builder.lease(s.region().fixed(s.workerId()));
      } else {
        builder.leases(s.region().leases(store.workerLeases()));
      }
    } else if (s.workerId() != null) {
      builder.lease(WorkerLease.fixed(s.workerId()));
    } else {
      builder.leases(store.workerLeases());
    }
    return builder.build();
  }

  /** Closes the sequences, then the stores; failures are logged, not thrown. */
  @Override
  public void close() {
    for (Sequence sequence : sequences.values()) {
      closeQuietly("sequence " + sequence.name(), sequence::close);
    }
    for (SequenceStore store : stores.values()) {
      closeQuietly("a " + store.getClass().getSimpleName(), store::close);
    }
  }

  private static void closeQuietly(String what, Runnable close) {
    try {
      close.run();
    } catch (RuntimeException e) {
      log.warn("closing {} failed: {}", what, e.toString());
    }
  }
}
