package io.seqproxy.jdbc;

import io.seqproxy.jdbc.rewrite.SqlDialect;
import io.seqproxy.jdbc.schema.SchemaCatalog;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One connection's way to its verdicts: those of its current schema (MySQL: database), read
 * from the real connection once and then followed through {@code setSchema}, {@code setCatalog}
 * and {@code USE db} passing through, so that an unqualified table resolves as the database
 * resolves it. DDL naming a mapped table, passing through, makes the table's metadata and plans
 * be read again.
 *
 * <p>The hot path adds one volatile read and a look at the statement's first letter.
 */
final class Session {
  private final Connection real;
  private final Verdicts root;
  private volatile Verdicts current;
  /** The schema as set through this connection; null: ask the real connection. */
  private volatile String knownScope;

  Session(Connection real, Verdicts root) {
    this.real = real;
    this.root = root;
  }

  /** The verdict on {@code sql} for this connection's current schema. */
  Verdict verdict(String sql) throws SQLException {
    int first = firstLetter(sql);
    if (first >= 0) {
      passing(sql, first);
    }
    Verdicts verdicts = current;
    if (verdicts == null || verdicts.stale()) {
      verdicts = root.forScope(scope());
      current = verdicts;
    }
    return verdicts.verdict(sql, real);
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
  }

  private String scope() throws SQLException {
    String scope = knownScope;
    if (scope == null) {
      scope = root.dialect() == SqlDialect.MYSQL ? real.getCatalog() : real.getSchema();
      knownScope = scope;
    }
    return scope;
  }

  /** The index of the first letter when it may start USE or DDL; else -1. */
  private static int firstLetter(String sql) {
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (!Character.isWhitespace(c)) {
        return switch (Character.toLowerCase(c)) {
          case 'u', 'a', 'c', 'd', 'r' -> i;
          default -> -1;
        };
      }
    }
    return -1;
  }

  private void passing(String sql, int at) {
    if (startsWord(sql, at, "USE")) {
      String database = sql.substring(at + 3).trim();
      if (database.endsWith(";")) {
        database = database.substring(0, database.length() - 1).trim();
      }
      if (database.length() > 1 && (database.charAt(0) == '`' || database.charAt(0) == '"')) {
        database = database.substring(1, database.length() - 1);
      }
      if (!database.isEmpty()) {
        knownScope = database;
        current = null;
      }
    } else if (startsWord(sql, at, "ALTER") || startsWord(sql, at, "DROP")
        || startsWord(sql, at, "CREATE") || startsWord(sql, at, "RENAME")) {
      // TRUNCATE keeps the columns: nothing to read again.
      root.definitionPasses(sql);
    }
  }

  private static boolean startsWord(String sql, int at, String word) {
    int end = at + word.length();
    return sql.regionMatches(true, at, word, 0, word.length())
        && (end == sql.length() || !Character.isLetterOrDigit(sql.charAt(end)) && sql.charAt(end) != '_');
  }
}
