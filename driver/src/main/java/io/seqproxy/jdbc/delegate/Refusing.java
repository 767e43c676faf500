package io.seqproxy.jdbc.delegate;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.SQLFeatureNotSupportedException;

/**
 * The "everything else is unsupported" of seqproxy's own small JDBC objects, written once: a
 * delegate for the {@code Delegating*} bases that refuses every method (or every method but a
 * forwarded interface's), so that a subclass shows only what it supports.
 *
 * <p>A {@link Proxy} costs a reflective call, but only on what the subclass does not override:
 * the methods an application calls on a supported path never reach it.
 */
public final class Refusing {

  private Refusing() {}

  /**
   * An {@code iface} whose every method throws {@link SQLFeatureNotSupportedException} naming the
   * method, {@code owner} and {@code why}.
   */
  public static <T> T of(Class<T> iface, String owner, String why) {
    return forwarding(iface, null, Object.class, owner, why);
  }

  /**
   * An {@code iface} that forwards the methods of {@code forwarded} (a super-interface of
   * {@code iface}) to {@code target} and refuses the rest, as {@link #of} does.
   */
  public static <T, F> T forwarding(Class<T> iface, F target, Class<F> forwarded, String owner, String why) {
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "equals" -> proxy == args[0];
          case "hashCode" -> System.identityHashCode(proxy);
          default -> owner;
        };
      }
      if (target != null && method.getDeclaringClass().isAssignableFrom(forwarded)) {
        return invoke(method, target, args);
      }
      throw new SQLFeatureNotSupportedException(method.getName() + " is not supported by " + owner + " (" + why + ")");
    };
    return iface.cast(Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, handler));
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
