package io.seqproxy.jdbc.rewrite;

import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Turns the application's SQL into a {@link RewritePlan}: INSERT and REPLACE statements into
 * mapped tables get their generated columns filled from sequences; everything else is sent
 * unchanged. Pure: it never touches a connection.
 *
 * <p>A cheap text pre-check lets most statements through without tokenizing or parsing. The
 * rest are tokenized, their INSERT statements into mapped tables validated with JSqlParser,
 * and the original text is spliced at the points the tokens locate, so the database receives
 * the application's own formatting, comments and vendor syntax.
 *
 * <p>Thread safety: the instance is immutable apart from its caches (plans by SQL string, shapes
 * by literal-free text), {@link ConcurrentHashMap}s whose reads take no lock. Two threads
 * planning the same new SQL may both compute it; {@code putIfAbsent} makes them return the same
 * instance. A full cache is cleared: plans are cheap to recompute, and clearing costs constant
 * time where picking an entry to evict from a hash map does not. Errors are not cached: a
 * statement that fails is an application bug, and keeping the cache for working statements keeps
 * it small.
 */
public final class InsertRewriter {

  /** Enough for the distinct INSERT statements of a large application. */
  public static final int DEFAULT_CACHE_SIZE = 4096;

  private final TableMappings mappings;
  private final SqlDialect dialect;
  private final TextPreCheck preCheck;
  private final int cacheSize;
  private final ConcurrentMap<String, RewritePlan> cache = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, PlanShape> shapes = new ConcurrentHashMap<>();

  /**
   * A rewriter for MySQL/MariaDB text. The mappings are read once for the pre-check; they are
   * expected not to change.
   */
  public InsertRewriter(TableMappings mappings) {
    this(mappings, SqlDialect.MYSQL);
  }

  public InsertRewriter(TableMappings mappings, SqlDialect dialect) {
    this(mappings, dialect, DEFAULT_CACHE_SIZE);
  }

  /** @param cacheSize the number of plans kept; 0 disables the cache */
  public InsertRewriter(TableMappings mappings, SqlDialect dialect, int cacheSize) {
    if (cacheSize < 0) {
      throw new IllegalArgumentException("cacheSize must not be negative: " + cacheSize);
    }
    this.mappings = Objects.requireNonNull(mappings, "mappings");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.preCheck = new TextPreCheck(mappings.tableNames());
    this.cacheSize = cacheSize;
  }

  /**
   * The plan for the SQL. Plans are cached per SQL string, or, for SQL with string or number
   * literals, per shape (the text with its literals left out, see {@link PlanShape}), so the
   * same plan instance comes back for the same literal-free SQL.
   *
   * @throws java.sql.SQLFeatureNotSupportedException for an INSERT into a mapped table in a form
   *     that cannot carry generated values yet (INSERT ... SELECT without the column)
   * @throws SQLException for an INSERT into a mapped table that cannot be parsed or rewritten,
   *     or that supplies a value for a column configured with {@code explicit: reject}
   */
  public RewritePlan plan(String sql) throws SQLException {
    if (!preCheck.mayInsertIntoMappedTable(sql)) {
      return RewritePlan.passThrough(sql);
    }
    RewritePlan cached = cache.get(sql);
    if (cached != null) {
      return cached;
    }
    List<Token> tokens = SqlTokenizer.tokenize(sql, dialect);
    if (PlanShape.hasLiterals(tokens)) {
      // SQL with inlined values is cached by shape only: each new string costs a tokenization,
      // not a parse, and the many strings do not crowd the plans of prepared statements out.
      String key = PlanShape.key(sql, tokens);
      PlanShape shape = shapes.get(key);
      if (shape == null) {
        shape = InsertPlanner.shape(sql, tokens, mappings, dialect);
        remember(shapes, key, shape);
      }
      return shape.instantiate(sql, tokens);
    }
    RewritePlan plan = InsertPlanner.shape(sql, tokens, mappings, dialect).instantiate(sql, tokens);
    return remember(cache, sql, plan);
  }

  /** Caches {@code value} (unless caching is off) and returns the cached one, which a racing thread may have put. */
  private <T> T remember(ConcurrentMap<String, T> map, String key, T value) {
    if (cacheSize == 0) {
      return value;
    }
    if (map.size() >= cacheSize) {
      // Cleared whole rather than one entry at a time: amortised constant time, and every plan
      // is cheap to compute again.
      map.clear();
    }
    T raced = map.putIfAbsent(key, value);
    return raced != null ? raced : value;
  }


}
