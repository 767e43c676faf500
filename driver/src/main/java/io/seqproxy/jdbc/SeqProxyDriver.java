package io.seqproxy.jdbc;

import io.seqproxy.jdbc.config.ConfigLocation;
import io.seqproxy.jdbc.rewrite.SqlDialect;
import io.seqproxy.sequence.EpochClock;
import io.seqproxy.sequence.jdbc.JdbcUrls;
import io.seqproxy.sequence.spi.StoreContext;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The {@code jdbc:seqproxy:} driver: {@code jdbc:seqproxy:<rest>} connects through the driver
 * that {@link DriverManager} finds for {@code jdbc:<rest>}, and INSERTs into the tables the
 * configuration maps get their IDs from its sequences. Registered with {@code DriverManager}
 * when loaded (and through {@code META-INF/services/java.sql.Driver}).
 *
 * <p>The configuration is found as {@link ConfigLocation#discover} says; connection properties
 * whose names start with {@code seqproxy.} are the proxy's and are not passed to the real driver.
 */
public final class SeqProxyDriver implements Driver {
  /** The URL prefix this driver accepts. */
  public static final String PREFIX = "jdbc:seqproxy:";

  private static final SeqProxyDriver INSTANCE = new SeqProxyDriver();

  static {
    try {
      DriverManager.registerDriver(INSTANCE);
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** For pools that instantiate the driver class themselves. */
  public SeqProxyDriver() {}

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    String realUrl = realUrl(url);
    Driver driver = DriverManager.getDriver(realUrl);
    Properties realInfo = withoutOwnProperties(info);
    ConfigLocation location = ConfigLocation.discover(info).orElseThrow(() -> new SQLException(
        "no seqproxy configuration for " + JdbcUrls.redact(url) + ": set the connection property or system property "
            + ConfigLocation.PROPERTY + ", or the environment variable " + ConfigLocation.ENVIRONMENT
            + ", to a file path or classpath:name.yaml, or put " + ConfigLocation.DEFAULT_RESOURCE
            + " on the class path", "08001"));
    Verdicts verdicts = EngineRegistry.forLocation(location,
        new StoreContext(realUrl, realInfo, EpochClock.system()), SqlDialect.forUrl(realUrl));
    Connection connection = driver.connect(realUrl, realInfo);
    if (connection == null) {
      throw new SQLException("the driver " + driver.getClass().getName() + " did not accept " + JdbcUrls.redact(realUrl), "08001");
    }
    return new ProxyConnection(connection, verdicts);
  }

  /** {@code jdbc:seqproxy:mysql://h/db} becomes {@code jdbc:mysql://h/db}. */
  static String realUrl(String url) {
    return "jdbc:" + url.substring(PREFIX.length());
  }

  private static Properties withoutOwnProperties(Properties info) {
    Properties real = new Properties();
    if (info != null) {
      for (String name : info.stringPropertyNames()) {
        if (!name.startsWith("seqproxy.")) {
          real.setProperty(name, info.getProperty(name));
        }
      }
    }
    return real;
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return new DriverPropertyInfo[0];
    }
    String realUrl = realUrl(url);
    DriverPropertyInfo[] real = DriverManager.getDriver(realUrl).getPropertyInfo(realUrl, withoutOwnProperties(info));
    DriverPropertyInfo config = new DriverPropertyInfo(ConfigLocation.PROPERTY,
        info == null ? null : info.getProperty(ConfigLocation.PROPERTY));
    config.description = "the seqproxy YAML file: a path or classpath:name.yaml";
    DriverPropertyInfo[] all = Arrays.copyOf(real, real.length + 1);
    all[real.length] = config;
    return all;
  }

  @Override
  public int getMajorVersion() {
    return 0;
  }

  @Override
  public int getMinorVersion() {
    return 1;
  }

  /** Not compliant by itself: the real driver decides what SQL and features work. */
  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  /** seqproxy logs through SLF4J; this is only the parent of the java.util.logging tree. */
  @Override
  public Logger getParentLogger() {
    return Logger.getLogger("io.seqproxy");
  }
}
