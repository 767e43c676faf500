package io.seqproxy.jdbc.delegate;

import java.sql.SQLException;
import java.sql.Wrapper;

/**
 * {@code unwrap} and {@code isWrapperFor} for every wrapper: a JDBC interface or one of our own
 * classes answers with the proxy, so that {@code unwrap(Connection.class)} does not lead around
 * it; a vendor class (e.g. {@code com.mysql.cj.jdbc.JdbcConnection}) answers with the real object.
 */
public final class Unwrapping {

  private Unwrapping() {}

  public static <T> T unwrap(Wrapper proxy, Wrapper delegate, Class<T> iface) throws SQLException {
    if (iface.isInstance(proxy)) {
      return iface.cast(proxy);
    }
    if (iface.isInstance(delegate)) {
      return iface.cast(delegate);
    }
    return delegate.unwrap(iface);
  }

  public static boolean isWrapperFor(Wrapper proxy, Wrapper delegate, Class<?> iface) throws SQLException {
    return iface.isInstance(proxy) || iface.isInstance(delegate) || delegate.isWrapperFor(iface);
  }
}
