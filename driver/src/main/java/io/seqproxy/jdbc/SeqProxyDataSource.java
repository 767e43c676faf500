package io.seqproxy.jdbc;

import io.seqproxy.jdbc.config.ConfigLocation;
import io.seqproxy.jdbc.config.SeqProxyConfig;
import io.seqproxy.jdbc.delegate.Unwrapping;
import io.seqproxy.jdbc.rewrite.SqlDialect;
import io.seqproxy.sequence.EpochClock;
import io.seqproxy.sequence.monitor.SequenceHealth;
import io.seqproxy.sequence.spi.StoreContext;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Wraps any {@link DataSource} (a {@code HikariDataSource}, say) so that its connections are
 * seqproxy's. The configuration is, in this order: an {@link Engine} built in code, a
 * {@link SharedEngine}, a parsed {@link SeqProxyConfig}, a location ({@link #setConfigLocation}),
 * or else found as the driver finds it (system property, environment, class path). A location
 * shares the JVM's engine for that file; a shared engine is shared by the data sources built on
 * it, and closed with the last of them; a parsed configuration gets an engine of its own, closed
 * by {@link #close()}.
 *
 * <p>The SQL dialect the rewriter tokenizes with comes from the first connection's URL.
 *
 * <p>Usable as a bean: construct empty, set the data source and the configuration, then use.
 * The {@code jdbc} store's default is the wrapped database, reached with its URL and no
 * credentials (a DataSource does not reveal them): give the store its own {@code url},
 * {@code username} and {@code password} when the database needs them.
 */
public class SeqProxyDataSource implements DataSource, AutoCloseable {
  private volatile DataSource dataSource;
  private volatile String configLocation;
  private volatile SeqProxyConfig config;
  private volatile Engine engine;
  private volatile Verdicts verdicts;
  private boolean ownsEngine;
  /** The engine shared with other data sources; else null. */
  private SharedEngine shared;
  /** Whether this data source has left {@link #shared} (it was closed). */
  private boolean leftShared;

  public SeqProxyDataSource() {}

  /** Uses the configuration found as the driver finds it. */
  public SeqProxyDataSource(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** @param configLocation a file path or {@code classpath:name.yaml} */
  public SeqProxyDataSource(DataSource dataSource, String configLocation) {
    this.dataSource = dataSource;
    this.configLocation = configLocation;
  }

  public SeqProxyDataSource(DataSource dataSource, SeqProxyConfig config) {
    this.dataSource = dataSource;
    this.config = config;
  }

  /**
   * Shares {@code shared}'s engine with the other data sources built on it: the first connection
   * of any of them opens it, {@link #close()} of the last of them closes it.
   */
  public SeqProxyDataSource(DataSource dataSource, SharedEngine shared) {
    this.dataSource = dataSource;
    this.shared = shared;
    shared.join();
  }

  /** The engine stays the caller's to close. */
  public SeqProxyDataSource(DataSource dataSource, Engine engine) {
    this.dataSource = dataSource;
    this.engine = engine;
  }

  public DataSource getDataSource() {
    return dataSource;
  }

  public void setDataSource(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public String getConfigLocation() {
    return configLocation;
  }

  /** A file path or {@code classpath:name.yaml}. */
  public void setConfigLocation(String configLocation) {
    this.configLocation = configLocation;
  }

  public void setConfig(SeqProxyConfig config) {
    this.config = config;
  }

  public void setEngine(Engine engine) {
    this.engine = engine;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection real = target().getConnection();
    return wrap(real);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    Connection real = target().getConnection(username, password);
    return wrap(real);
  }

  private Connection wrap(Connection real) throws SQLException {
    try {
      return new ProxyConnection(real, verdicts(real));
    } catch (SQLException | RuntimeException e) {
      real.close();
      throw e;
    }
  }

  private DataSource target() throws SQLException {
    DataSource target = dataSource;
    if (target == null) {
      throw new SQLException("SeqProxyDataSource has no data source to wrap: call setDataSource first");
    }
    return target;
  }

  /** The verdicts cache, built on first use from the first connection's database. */
  private Verdicts verdicts(Connection first) throws SQLException {
    Verdicts current = verdicts;
    if (current != null) {
      return current;
    }
    synchronized (this) {
      if (verdicts == null) {
        String url = first.getMetaData().getURL();
        SqlDialect dialect = SqlDialect.forUrl(url);
        if (engine != null) {
          verdicts = new Verdicts(engine, dialect);
        } else {
          StoreContext context = new StoreContext(url, new Properties(), EpochClock.system());
          if (shared != null) {
            if (leftShared) {
              throw new SQLException("this SeqProxyDataSource was closed and has left its shared engine;"
                  + " build a new one on the SharedEngine", "08003");
            }
            engine = shared.open(context);
            verdicts = new Verdicts(engine, dialect);
          } else if (config != null) {
            engine = Engine.open(config, context);
            ownsEngine = true;
            verdicts = new Verdicts(engine, dialect);
          } else {
            ConfigLocation location = configLocation != null
                ? ConfigLocation.of(configLocation, "SeqProxyDataSource.configLocation")
                : ConfigLocation.discover(new Properties()).orElseThrow(() -> new SQLException(
                    "no seqproxy configuration: call setConfigLocation, setConfig or setEngine, or set "
                        + ConfigLocation.PROPERTY + " / " + ConfigLocation.ENVIRONMENT));
            verdicts = EngineRegistry.forLocation(location, context, dialect);
          }
        }
      }
      return verdicts;
    }
  }

  /**
   * Each sequence's health, by name — UP, or DOWN with the reason — once the first connection
   * has built the engine; empty before. The same is on each sequence's MBean
   * ({@code io.seqproxy:type=Sequence,name=…}, attributes {@code Status} and {@code Reason}).
   */
  public Map<String, SequenceHealth> health() {
    Verdicts current = verdicts;
    return current == null ? Map.of() : current.engine().health();
  }

  /**
   * Closes the engine this data source built from a parsed configuration, or leaves its shared
   * engine (the last to leave closes it); not the wrapped data source.
   */
  @Override
  public synchronized void close() {
    if (shared != null && !leftShared) {
      shared.leave();
      leftShared = true;
      engine = null;
      verdicts = null;
    }
    if (ownsEngine && engine != null) {
      engine.close();
      engine = null;
      verdicts = null;
      ownsEngine = false;
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return target().getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    target().setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    target().setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return target().getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    DataSource target = dataSource;
    if (target == null) {
      return Logger.getLogger("io.seqproxy");
    }
    return target.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return Unwrapping.unwrap(this, target(), iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return Unwrapping.isWrapperFor(this, target(), iface);
  }
}
