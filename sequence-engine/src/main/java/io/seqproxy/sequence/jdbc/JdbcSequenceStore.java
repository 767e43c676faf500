package io.seqproxy.sequence.jdbc;

import io.seqproxy.sequence.range.RangeStore;
import io.seqproxy.sequence.snowflake.WorkerLeases;
import io.seqproxy.sequence.spi.SequenceStore;
import io.seqproxy.sequence.spi.VersionedCells;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Ranges and worker leases in two tables of a relational database (H2, MySQL/MariaDB,
 * PostgreSQL), reached through the store's own connection. The tables are created on first use.
 */
public final class JdbcSequenceStore implements SequenceStore {

  private final StoreConnection connection;
  private final JdbcRangeStore ranges;
  private final JdbcWorkerLeases leases;
  private final JdbcCells cells;

  private JdbcSequenceStore(Options options) {
    StoreTables tables = new StoreTables(options.tablePrefix);
    ConnectionFactory factory = options.factory;
    this.connection = new StoreConnection(() -> {
      var c = factory.connect();
      try {
        tables.create(c);
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      return c;
    }, options.description);
    this.ranges = new JdbcRangeStore(connection, tables, options.maxWait.toMillis());
    this.leases = new JdbcWorkerLeases(connection, tables, options.leaseDuration.toMillis(), options.renewInBackground);
    this.cells = new JdbcCells(connection, options.tablePrefix + "cell");
  }

  /**
   * @param factory opens connections to the store's database
   * @param description where it is, for messages (a URL; credentials in it are redacted)
   */
  public static Options options(ConnectionFactory factory, String description) {
    return new Options(factory, description);
  }

  @Override
  public RangeStore ranges() {
    return ranges;
  }

  @Override
  public WorkerLeases workerLeases() {
    return leases;
  }

  @Override
  public VersionedCells cells() {
    return cells;
  }

  /** Statements the range store has sent so far: the cost of reservations. */
  public long rangeRoundTrips() {
    return ranges.roundTrips();
  }

  @Override
  public void close() {
    connection.close();
  }

  /** How to build a {@link JdbcSequenceStore}. */
  public static final class Options {
    private final ConnectionFactory factory;
    private final String description;
    private String tablePrefix = "seqproxy_";
    private Duration maxWait = Duration.ofSeconds(5);
    private Duration leaseDuration = Duration.ofSeconds(30);
    private boolean renewInBackground = true;

    private Options(ConnectionFactory factory, String description) {
      this.factory = factory;
      this.description = description;
    }

    /** Table names are {@code <prefix>range} and {@code <prefix>worker} (default {@code seqproxy_}). */
    public Options tablePrefix(String tablePrefix) {
      this.tablePrefix = tablePrefix;
      return this;
    }

    /** How long a reservation may keep losing to other processes before it gives up (default 5 s). */
    public Options maxWait(Duration maxWait) {
      this.maxWait = maxWait;
      return this;
    }

    /** How long a worker lease lasts without renewal (default 30 s); renewed every third of it. */
    public Options leaseDuration(Duration leaseDuration) {
      if (leaseDuration.toMillis() < 10) {
        throw new IllegalArgumentException("lease-duration must be at least 10 ms, got " + leaseDuration);
      }
      this.leaseDuration = leaseDuration;
      return this;
    }

    /** Off only in tests that renew by hand with an injected clock. */
    public Options renewInBackground(boolean renewInBackground) {
      this.renewInBackground = renewInBackground;
      return this;
    }

    public JdbcSequenceStore open() {
      return new JdbcSequenceStore(this);
    }
  }
}
