package io.seqproxy.jdbc;

import io.seqproxy.jdbc.delegate.DelegatingConnection;
import io.seqproxy.jdbc.function.SessionFunctions;
import io.seqproxy.jdbc.keys.KeyLayout;
import io.seqproxy.jdbc.rewrite.SqlDialect;
import io.seqproxy.jdbc.schema.SchemaCatalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * One connection's way to its verdicts: those of its current schema (MySQL: database), read
 * from the real connection once and then followed through {@code setSchema}, {@code setCatalog}
 * and {@code USE db} passing through, so that an unqualified table resolves as the database
 * resolves it. On PostgreSQL and H2 a statement that may move the current schema ({@code SET
 * search_path}, {@code SET SCHEMA}, {@code RESET}, {@code DISCARD ALL}) makes the next statement
 * read it from the real connection, after it ran; so do the end of a transaction in which one
 * passed (PostgreSQL undoes {@code SET} on rollback, {@code SET LOCAL} at commit). DDL naming a
 * mapped table, passing through, makes the table's metadata and plans be read again.
 *
 * <p>The hot path adds one volatile read and a look at the statement's first letter. The schema
 * is read only for SQL that may insert into a mapped table: the rest is decided the same in
 * every schema ({@link Verdicts#keptEverywhere}, {@link Verdicts#decidedEverywhere}).
 *
 * <p>It also keeps the first ID of the connection's last filled INSERT, for {@code
 * LAST_INSERT_ID()}; the {@link SessionFunctions} answering it are made when first called.
 *
 * <p>It is the connection's own state, not an object beside it: {@link ProxyConnection} is the
 * only kind, and a pool that lends a connection per transaction allocates one object per borrow
 * (24 B per borrow less than a connection holding a session).
 */
abstract class Session extends DelegatingConnection {
  private final Verdicts root;
  private volatile Verdicts current;
  /** The schema as set through this connection; null: ask the real connection. */
  private volatile String knownScope;
  /** A statement that may move the schema passed since the transaction began. */
  private volatile boolean movedInTransaction;
  /** Something moved the schema on this connection: what it reads is not for later borrows. */
  private volatile boolean movedEver;
  /** The pool's physical connection beneath {@code delegate}, once asked; null until then or unknown. */
  private Connection physical;
  private boolean physicalAsked;
  /** The first ID of the last INSERT seqproxy filled here; {@link SessionFunctions#NONE} before the first. */
  private long lastInsertId = SessionFunctions.NONE;
  private SessionFunctions functions;

  Session(Connection real, Verdicts root) {
    super(real);
    this.root = root;
  }

  /** The verdict on {@code sql} for this connection's current schema. */
  Verdict verdict(String sql) throws SQLException {
    int first = firstLetter(sql);
    boolean movesSchema = first >= 0 && passing(sql, first);
    Verdicts verdicts = current;
    boolean mayRewrite = false;
    if (verdicts == null || verdicts.stale()) {
      // Most SQL cannot write a mapped table in any schema. A string seen before as such (what an
      // application repeats) is answered before this connection's schema is looked for.
      Verdict kept = root.keptEverywhere(sql);
      if (kept != null) {
        moved(movesSchema);
        return kept;
      }
      if (knownScope == null && !earlierBorrowReadScope()) {
        // A new string is decided without asking the database for the schema, which on
        // PostgreSQL is a round trip per borrowed connection. When an earlier borrow read it, the
        // scope's own verdicts are one lookup, with no text scan.
        Verdict everywhere = root.decidedEverywhere(sql);
        if (everywhere != null) {
          moved(movesSchema);
          return everywhere;
        }
        mayRewrite = true; // what decidedEverywhere leaves to the scope passed the text pre-check
      }
      verdicts = root.forScope(scope());
      current = verdicts;
    }
    moved(movesSchema);
    return verdicts.verdict(sql, delegate, mayRewrite);
  }

  private void moved(boolean movesSchema) {
    if (movesSchema) {
      // Where it leads is the database's to say: the next statement asks, after this one ran.
      schemaChanged();
      movedInTransaction = true;
    }
  }

  /**
   * Remembers the first ID an INSERT on this connection drew, for LAST_INSERT_ID().
   *
   * @param firstId {@link KeyLayout#UNKNOWN} when the INSERT drew none (the application gave every ID)
   */
  void generated(long firstId) {
    if (firstId != KeyLayout.UNKNOWN) {
      lastInsertId = firstId;
    }
  }

  /** The functions seqproxy answers on this connection. */
  SessionFunctions functions() {
    if (functions == null) {
      functions = new SessionFunctions(engine().increments(), delegate, () -> lastInsertId);
    }
    return functions;
  }

  /** The engine whose sequences this connection's statements draw from. */
  Engine engine() {
    return root.engine();
  }

  SchemaCatalog catalog() {
    return root.catalog();
  }

  /** {@code setSchema}/{@code setCatalog} passed: the current schema is read again when needed. */
  void schemaChanged() {
    knownScope = null;
    current = null;
    forgetForLaterBorrows();
  }

  /** The schema moved: later borrows of the physical connection read it again themselves. */
  private void forgetForLaterBorrows() {
    movedEver = true;
    Connection connection = physical();
    if (connection != null) {
      root.pooledScopes().forget(connection);
    }
  }

  private Connection physical() {
    if (!physicalAsked) {
      physical = PooledScopes.physical(delegate);
      physicalAsked = true;
    }
    return physical;
  }

  /**
   * The transaction ended (commit or rollback): when a statement that may move the schema passed
   * in it, the schema is read again, since PostgreSQL undoes {@code SET} on rollback and
   * {@code SET LOCAL} at the end of the transaction.
   */
  void transactionEnded() {
    if (movedInTransaction) {
      movedInTransaction = false;
      schemaChanged();
    }
  }

  /** Takes the schema an earlier borrow of the same physical connection read, when one did. */
  private boolean earlierBorrowReadScope() {
    Connection connection = movedEver ? null : physical();
    PooledScopes.Scope earlier = connection == null ? null : root.pooledScopes().get(connection);
    if (earlier == null) {
      return false;
    }
    knownScope = earlier.name();
    return true;
  }

  private String scope() throws SQLException {
    if (knownScope == null && !earlierBorrowReadScope()) {
      String scope = root.dialect() == SqlDialect.MYSQL ? delegate.getCatalog() : delegate.getSchema();
      Connection connection = movedEver ? null : physical();
      if (connection != null) {
        root.pooledScopes().put(connection, scope);
      }
      knownScope = scope;
    }
    return knownScope;
  }

  /** The index of the first letter when it may start USE or DDL; else -1. */
  private static int firstLetter(String sql) {
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (!Character.isWhitespace(c)) {
        return switch (Character.toLowerCase(c)) {
          case 'u', 'a', 'c', 'd', 'r', 's' -> i;
          default -> -1;
        };
      }
    }
    return -1;
  }

  /** Follows USE and DDL; true when {@code sql} may move the schema where only the database knows. */
  private boolean passing(String sql, int at) {
    // The first letter picks the one or two words to compare: a SELECT is compared with SET only.
    char first = Character.toLowerCase(sql.charAt(at));
    if (first == 's' ? startsWord(sql, at, "SET")
        : first == 'r' ? startsWord(sql, at, "RESET") : first == 'd' && startsWord(sql, at, "DISCARD")) {
      return root.dialect() != SqlDialect.MYSQL && movesSchema(sql, at);
    }
    if (first == 'u' && startsWord(sql, at, "USE")) {
      String database = sql.substring(at + 3).trim();
      if (database.endsWith(";")) {
        database = database.substring(0, database.length() - 1).trim();
      }
      if (database.length() > 1 && (database.charAt(0) == '`' || database.charAt(0) == '"')) {
        database = database.substring(1, database.length() - 1);
      }
      if (!database.isEmpty()) {
        forgetForLaterBorrows();
        knownScope = database;
        current = null;
      }
    } else if (first == 'a' ? startsWord(sql, at, "ALTER") : first == 'd' ? startsWord(sql, at, "DROP")
        : first == 'c' ? startsWord(sql, at, "CREATE") : first == 'r' && startsWord(sql, at, "RENAME")) {
      // TRUNCATE keeps the columns: nothing to read again.
      root.definitionPasses(sql);
    }
    return false;
  }

  /**
   * PostgreSQL's {@code SET [SESSION | LOCAL] search_path …}, {@code SET SCHEMA 'x'},
   * {@code RESET search_path}, {@code RESET ALL}, {@code DISCARD ALL}; H2's {@code SET SCHEMA x}
   * and {@code SET SCHEMA_SEARCH_PATH …}: the statement's first words, case-insensitively.
   */
  private static boolean movesSchema(String sql, int at) {
    String words = sql.substring(at, Math.min(sql.length(), at + 64)).toLowerCase(Locale.ROOT)
        .replaceAll("\\s+", " ");
    return words.startsWith("set search_path") || words.startsWith("set session search_path")
        || words.startsWith("set local search_path") || words.startsWith("set schema")
        || words.startsWith("set session schema") || words.startsWith("set local schema")
        || words.startsWith("reset search_path") || words.startsWith("reset all")
        || words.startsWith("discard all");
  }

  private static boolean startsWord(String sql, int at, String word) {
    int end = at + word.length();
    return sql.regionMatches(true, at, word, 0, word.length())
        && (end == sql.length() || !Character.isLetterOrDigit(sql.charAt(end)) && sql.charAt(end) != '_');
  }
}
