package io.seqproxy.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The current schema (MySQL: database) of each physical connection, as a connection borrowed
 * earlier read it, for {@link SeqProxyDataSource} over a pool: each borrow makes a new
 * {@link Session}, and on PostgreSQL reading the schema is a round trip. A borrow that sees
 * nothing move the schema ({@code setSchema}, {@code setCatalog}, {@code USE}, {@code SET
 * search_path} and the like) trusts what the last borrow of the same physical connection read;
 * one that sees a move forgets it, so the next borrow reads the schema again, after whatever the
 * pool did at the return ({@code setSchema} undone) or did not ({@code SET search_path} kept).
 *
 * <p>What this cannot see: SQL that moves the schema on the same physical connection without
 * passing through seqproxy (the bare pool beside it, or a connection unwrapped to the real
 * driver's) and is left in place when the connection goes back to the pool.
 *
 * <p>The physical connection is the pool's unwrapped one ({@code unwrap(Connection.class)},
 * HikariCP's real driver connection); a pool that answers with its per-borrow wrapper never hits
 * and reads the schema each borrow, as before. Keys are weak: a closed and dropped connection's
 * entry goes with it. Thread safety: one lock, held for a map lookup.
 */
final class PooledScopes {
  /** A schema as read; {@code name} may be null (the database reports none). */
  record Scope(String name) {}

  private final Map<Connection, Scope> scopes = new WeakHashMap<>();

  /** The pool's physical connection beneath {@code real}; null when it does not say. */
  static Connection physical(Connection real) {
    try {
      return real.unwrap(Connection.class);
    } catch (SQLException | RuntimeException e) {
      return null;
    }
  }

  Scope get(Connection physical) {
    synchronized (scopes) {
      return scopes.get(physical);
    }
  }

  void put(Connection physical, String scope) {
    synchronized (scopes) {
      scopes.put(physical, new Scope(scope));
    }
  }

  void forget(Connection physical) {
    synchronized (scopes) {
      scopes.remove(physical);
    }
  }
}
