package io.seqproxy.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lossy table of physical connections' schemas: it may forget, it never answers wrongly. */
class PooledScopesTest {
  private static Connection connection() {
    return (Connection) Proxy.newProxyInstance(PooledScopesTest.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  @Test
  void aConnectionGetsItsOwnSchemaOrNothingEvenWhenTheTableOverflows() {
    PooledScopes scopes = new PooledScopes();
    List<Connection> connections = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      Connection c = connection();
      connections.add(c);
      scopes.put(c, "schema" + i);
    }
    int kept = 0;
    for (int i = 0; i < connections.size(); i++) {
      PooledScopes.Scope scope = scopes.get(connections.get(i));
      if (scope != null) {
        assertEquals("schema" + i, scope.name());
        kept++;
      }
    }
    // 1,024 slots: most of the last thousand are kept, never more than the table holds.
    assertTrue(kept > 500 && kept <= 1024, "kept " + kept);
  }

  @Test
  void aForgottenSchemaIsReadAgainAndANullSchemaIsKeptAsNull() {
    PooledScopes scopes = new PooledScopes();
    Connection a = connection();
    Connection b = connection();
    scopes.put(a, "shop");
    scopes.put(b, null);
    assertEquals("shop", scopes.get(a).name());
    assertNull(scopes.get(b).name());
    scopes.forget(a);
    assertNull(scopes.get(a));
    assertNull(scopes.get(b).name());
    scopes.put(a, "public");
    scopes.put(a, "other");
    assertEquals("other", scopes.get(a).name());
    scopes.forget(a);
    assertNull(scopes.get(a), "no older entry of the same connection is left behind");
  }
}
