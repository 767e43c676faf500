package io.seqproxy.zk;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * {@code jdbc:counting:<rest>} opens {@code jdbc:<rest>} and counts the statements and result sets
 * open at the real driver: what seqproxy, wrapping {@code jdbc:seqproxy:counting:mysql://...},
 * leaves open is seen here ({@link #open()}).
 */
public final class CountingDriver implements Driver {

  private static final String PREFIX = "jdbc:counting:";

  static {
    try {
      DriverManager.registerDriver(new CountingDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Loads the class, which registers the driver. */
  static void register() {}

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    Connection real = DriverManager.getConnection("jdbc:" + url.substring(PREFIX.length()), info);
    return (Connection) Proxy.newProxyInstance(CountingDriver.class.getClassLoader(),
        new Class<?>[] {Connection.class}, new Tracked(real));
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    return new DriverPropertyInfo[0];
  }

  @Override
  public int getMajorVersion() {
    return 1;
  }

  @Override
  public int getMinorVersion() {
    return 0;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  /**
   * The statements and result sets the real driver still holds open, asked of the real objects
   * ({@code isClosed()}), so that what JDBC closes implicitly (a result set when its statement runs
   * again) is not counted; the closed ones are forgotten.
   */
  static long[] open() {
    long statements = 0;
    long resultSets = 0;
    for (var i = CREATED.iterator(); i.hasNext(); ) {
      Object object = i.next();
      boolean closed;
      try {
        closed = object instanceof ResultSet rs ? rs.isClosed() : ((Statement) object).isClosed();
      } catch (SQLException e) {
        closed = true;
      }
      if (closed) {
        i.remove();
      } else if (object instanceof ResultSet) {
        resultSets++;
      } else {
        statements++;
      }
    }
    return new long[] {statements, resultSets};
  }

  private static final java.util.Set<Object> CREATED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** A proxied connection or statement: hands out proxies for the statements and result sets it makes. */
  private record Tracked(Object target) implements InvocationHandler {
    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      Object result;
      try {
        result = method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (result instanceof ResultSet || result instanceof Statement) {
        CREATED.add(result);
        Class<?> type = result instanceof ResultSet ? ResultSet.class
            : result instanceof CallableStatement ? CallableStatement.class
            : result instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
        return Proxy.newProxyInstance(CountingDriver.class.getClassLoader(), new Class<?>[] {type},
            new Tracked(result));
      }
      return result;
    }
  }
}
