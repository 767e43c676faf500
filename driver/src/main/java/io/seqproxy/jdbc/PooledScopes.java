package io.seqproxy.jdbc;

import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReferenceArray;

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
 * and reads the schema each borrow, as before.
 *
 * <p>Thread safety without a lock, since every borrow of every thread passes here: a fixed table
 * of slots, each holding a weak reference to one physical connection and its schema, found from
 * the connection's identity hash within {@link #PROBES} slots. Lossy: a full neighbourhood
 * overwrites a slot, and the connection that lost it reads its schema on its next borrow, which is
 * always right. A physical connection is used by one borrow at a time, so its own entry is never
 * written by two threads at once; the pool's hand-over orders one borrow's writes before the next.
 */
final class PooledScopes {
  private static final int SLOTS = 1024;
  private static final int PROBES = 4;

  /** A physical connection and its schema as read; {@code name} may be null (the database reports none). */
  static final class Scope extends WeakReference<Connection> {
    private final String name;

    Scope(Connection physical, String name) {
      super(physical);
      this.name = name;
    }

    String name() {
      return name;
    }
  }

  private final AtomicReferenceArray<Scope> slots = new AtomicReferenceArray<>(SLOTS);

  /** The pool's physical connection beneath {@code real}; null when it does not say. */
  static Connection physical(Connection real) {
    try {
      return real.unwrap(Connection.class);
    } catch (SQLException | RuntimeException e) {
      return null;
    }
  }

  /** The schema the last borrow of {@code physical} read; null when none is kept. */
  Scope get(Connection physical) {
    int first = first(physical);
    for (int i = 0; i < PROBES; i++) {
      Scope scope = slots.get((first + i) & (SLOTS - 1));
      if (scope != null && scope.get() == physical) {
        return scope;
      }
    }
    return null;
  }

  void put(Connection physical, String name) {
    int first = first(physical);
    int free = first;
    for (int i = 0; i < PROBES; i++) {
      int slot = (first + i) & (SLOTS - 1);
      Scope scope = slots.get(slot);
      if (scope == null || scope.get() == null || scope.get() == physical) {
        free = slot;
        break;
      }
    }
    slots.set(free, new Scope(physical, name));
  }

  void forget(Connection physical) {
    int first = first(physical);
    for (int i = 0; i < PROBES; i++) {
      int slot = (first + i) & (SLOTS - 1);
      Scope scope = slots.get(slot);
      if (scope != null && scope.get() == physical) {
        slots.compareAndSet(slot, scope, null);
      }
    }
  }

  /** The first slot of {@code physical}'s neighbourhood. */
  private static int first(Connection physical) {
    int hash = System.identityHashCode(physical);
    return (hash ^ (hash >>> 16)) & (SLOTS - 1);
  }
}
