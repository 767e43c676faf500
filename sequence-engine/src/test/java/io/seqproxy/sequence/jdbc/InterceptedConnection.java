package io.seqproxy.sequence.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.function.Predicate;

/**
 * A real connection whose prepared statements matching a predicate run test code around
 * {@code executeUpdate}: another process's write just before ours, or a pause just after the
 * database answered. Everything else goes to the real connection unchanged.
 */
final class InterceptedConnection {

  /** Test code around one statement; {@code connection} is the real one. */
  interface Around {
    default void before(Connection connection) throws Exception {}

    default void after(Connection connection) throws Exception {}
  }

  private InterceptedConnection() {}

  static Connection wrap(Connection real, Predicate<String> matches, Around around) {
    InvocationHandler onConnection = (proxy, method, args) -> {
      Object result = invoke(real, method, args);
      if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql
          && matches.test(sql)) {
        PreparedStatement statement = (PreparedStatement) result;
        return Proxy.newProxyInstance(InterceptedConnection.class.getClassLoader(),
            new Class<?>[] {PreparedStatement.class}, (p, m, a) -> {
              if (!m.getName().equals("executeUpdate") || a != null) {
                return invoke(statement, m, a);
              }
              around.before(real);
              Object updated = invoke(statement, m, a);
              around.after(real);
              return updated;
            });
      }
      return result;
    };
    return (Connection) Proxy.newProxyInstance(InterceptedConnection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, onConnection);
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
