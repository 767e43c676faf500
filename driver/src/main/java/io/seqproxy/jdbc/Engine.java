package io.seqproxy.jdbc;

import io.seqproxy.jdbc.config.ConfigException;
import io.seqproxy.jdbc.config.ConfiguredSequences;
import io.seqproxy.jdbc.config.SeqProxyConfig;
import io.seqproxy.jdbc.function.Increments;
import io.seqproxy.jdbc.rewrite.TableMappings;
import io.seqproxy.sequence.Sequence;
import io.seqproxy.sequence.SequenceException;
import io.seqproxy.sequence.SequenceUnavailableException;
import io.seqproxy.sequence.monitor.MonitoredSequences;
import io.seqproxy.sequence.monitor.SequenceHealth;
import io.seqproxy.sequence.range.RangeSequence;
import io.seqproxy.sequence.snowflake.SnowflakeSequence;
import io.seqproxy.sequence.spi.StoreContext;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running side of a configuration: its sequences built and their stores open, with the table
 * mappings that say which columns take which sequence's values. One per configuration file per
 * JVM, shared by every connection. Closing it closes the sequences (handing back unused range
 * tails and worker leases) and then the stores.
 */
public final class Engine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);

  private final String source;
  private final TableMappings tables;
  private final ConfiguredSequences sequences;
  private volatile boolean closed;
  /** The sequences as JMX and Micrometer see them, registered once the engine is complete. */
  private final List<MonitoredSequences.Entry> monitored;
  private final int insertSelectRowLimit;
  /** How many IDs an ORM derives from one next-value answer, per sequence. */
  private final Increments increments;
  /** What else ends with the engine: its rewriters' MBeans. */
  private final List<Runnable> whenClosed = new CopyOnWriteArrayList<>();

  private Engine(String source, TableMappings tables, ConfiguredSequences sequences, int insertSelectRowLimit,
      Increments increments) {
    this.increments = increments;
    this.source = source;
    this.tables = tables;
    this.sequences = sequences;
    this.insertSelectRowLimit = insertSelectRowLimit;
    this.monitored = MonitoredSequences.register(source, sequences.sequences().values());
  }

  /**
   * Opens the stores the sequences use and builds the sequences.
   *
   * @param context the proxied database, the default of the {@code jdbc} store
   * @throws ConfigException naming every sequence or store that could not be set up; whatever
   *     was opened is closed again
   */
  public static Engine open(SeqProxyConfig config, StoreContext context) throws ConfigException {
    ConfiguredSequences sequences = ConfiguredSequences.open(config, context);
    log.info("seqproxy engine for {}: sequences {}, stores {}, tables {}", config.source(),
        sequences.sequences().keySet(), sequences.stores().keySet(), config.tables().tableNames());
    if (sequences.stores().keySet().stream().anyMatch(name -> config.storeKind(name).equals("memory"))) {
      // Values of a memory store start again after a restart: duplicates in any real table.
      log.warn("seqproxy configuration {}: sequences use the memory store, which forgets everything"
          + " when this JVM stops, so their values repeat after a restart; use store: jdbc or"
          + " store: zookeeper outside tests", config.source());
    }
    logEndOfTime(config.source(), sequences.sequences().values());
    return new Engine(config.source(), config.tables(), sequences, config.insertSelectRowLimit(),
        new Increments(config.increments()));
  }

  /** The date each Snowflake layout runs out, a warning when that is under ten years away. */
  private static void logEndOfTime(String source, Collection<Sequence> sequences) {
    Instant now = Instant.now();
    for (Sequence sequence : sequences) {
      if (sequence instanceof SnowflakeSequence s) {
        String when = s.layout().describeEndOfTime(s.epoch(), now);
        if (s.layout().endsSoon(s.epoch(), now)) {
          log.warn("seqproxy configuration {}: sequence {}'s layout {}", source, s.name(), when);
        } else {
          log.info("seqproxy sequence {}: the layout {}", s.name(), when);
        }
      }
    }
  }

  /** Each sequence's health, by name: whether it can issue now, and why not. */
  public Map<String, SequenceHealth> health() {
    Map<String, SequenceHealth> health = new LinkedHashMap<>();
    sequences.sequences().forEach((name, sequence) -> health.put(name, sequence.health()));
    return health;
  }

  /**
   * An engine from sequences built in code, for {@code SeqProxyDataSource} users who configure in
   * Java and for tests. Closing the engine closes the sequences.
   */
  public static Engine of(TableMappings tables, Map<String, ? extends Sequence> sequences) {
    return new Engine("engine built in code", tables, new ConfiguredSequences(new LinkedHashMap<>(sequences), Map.of()),
        InsertSelect.DEFAULT_ROW_LIMIT, new Increments(Map.of()));
  }

  /** The most rows one INSERT ... SELECT that seqproxy runs may copy ({@code insert-select.row-limit}). */
  public int insertSelectRowLimit() {
    return insertSelectRowLimit;
  }

  /** Each sequence's increment for next-value answers: from the YAML, else the database's sequence, else 1. */
  public Increments increments() {
    return increments;
  }

  /** Runs {@code action} when the engine closes. */
  void whenClosed(Runnable action) {
    whenClosed.add(action);
  }

  /** Which columns of which tables take which sequence's values. */
  public TableMappings tables() {
    return tables;
  }

  /** The sequence of that name, or null when there is none. */
  public Sequence sequence(String name) {
    return sequences.sequences().get(name);
  }

  /**
   * The sequence a SQL text names: as in the YAML file, else ignoring case (SQL folds unquoted
   * names either way); null when seqproxy configures none of that name.
   */
  public Sequence sequenceNamedInSql(String name) {
    Sequence sequence = sequence(name);
    if (sequence == null) {
      for (Map.Entry<String, Sequence> entry : sequences.sequences().entrySet()) {
        if (entry.getKey().equalsIgnoreCase(name)) {
          return entry.getValue();
        }
      }
    }
    return sequence;
  }

  /** The names of the configured sequences. */
  public Set<String> sequenceNames() {
    return sequences.sequences().keySet();
  }

  /** Where the configuration came from. */
  public String source() {
    return source;
  }

  /** The next value of {@code sequence}, its failure as the driver reports it. */
  public static long next(Sequence sequence) throws SQLException {
    try {
      return sequence.next();
    } catch (SequenceException e) {
      throw sqlException(sequence, e);
    }
  }

  /** The next {@code count} values of {@code sequence}, its failure as the driver reports it. */
  public static long[] next(Sequence sequence, int count) throws SQLException {
    try {
      return sequence.next(count);
    } catch (SequenceException e) {
      throw sqlException(sequence, e);
    }
  }

  /** Moves {@code sequence} past a value an INSERT wrote itself; its failure as the driver reports it. */
  static void skipPast(RangeSequence sequence, long value) throws SQLException {
    try {
      sequence.skipPast(value);
    } catch (SequenceException e) {
      throw sqlException(sequence, e);
    }
  }

  /** The first of {@code size} consecutive values of {@code sequence}, its failure as the driver reports it. */
  public static long nextBlock(Sequence sequence, int size) throws SQLException {
    try {
      return sequence.nextBlock(size);
    } catch (SequenceException e) {
      throw sqlException(sequence, e);
    }
  }

  /** Unavailable stores are transient (the application may retry); anything else is not. */
  private static SQLException sqlException(Sequence sequence, SequenceException e) {
    String prefix = "sequence " + sequence.name() + ": ";
    // Stores name the sequence themselves ("sequence s has issued every value up to its max …").
    String message = e.getMessage().startsWith(prefix) || e.getMessage().startsWith("sequence " + sequence.name() + " ")
        ? e.getMessage() : prefix + e.getMessage();
    return e instanceof SequenceUnavailableException
        ? new SQLTransientException(message, "08001", e)
        : new SQLException(message, "HY000", e);
  }

  /** Closes the sequences, then the stores. Idempotent; failures are logged, not thrown. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    log.info("seqproxy engine for {}: closing", source);
    MonitoredSequences.unregister(monitored);
    whenClosed.forEach(Runnable::run);
    sequences.close();
  }

  @Override
  public String toString() {
    return "Engine[" + source + ", sequences=" + sequenceNames() + "]";
  }
}
