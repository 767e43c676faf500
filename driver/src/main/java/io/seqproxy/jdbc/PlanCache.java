package io.seqproxy.jdbc;

import io.seqproxy.jdbc.config.Engine;
import io.seqproxy.jdbc.rewrite.InsertRewriter;
import io.seqproxy.jdbc.rewrite.RewritePlan;
import io.seqproxy.jdbc.rewrite.SqlDialect;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The compiled plans of one engine and SQL dialect, per SQL string, shared by every connection
 * using them.
 * Statements that need no rewriting are not cached: the rewriter's text pre-check decides them
 * without parsing, and caching them would let every distinct SELECT fill the map.
 *
 * <p>Bounded crudely: when full it is cleared. Prepared statements keep their plan, and the SQL
 * of an application's INSERTs is a small set, so a clear is rare and costs one re-parse each.
 */
final class PlanCache {
  private static final int MAX_PLANS = 4096;

  /** Turns SQL into a plan; {@link InsertRewriter} in production, hand-built plans in tests. */
  interface Planner {
    RewritePlan plan(String sql) throws SQLException;
  }

  private final Engine engine;
  private final Planner planner;
  private final ConcurrentHashMap<String, CompiledPlan> plans = new ConcurrentHashMap<>();

  /** @param dialect the SQL dialect of the real driver's URL, for the rewriter's tokenizer */
  PlanCache(Engine engine, SqlDialect dialect) {
    this(engine, new InsertRewriter(engine.tables(), dialect)::plan);
  }

  PlanCache(Engine engine, Planner planner) {
    this.engine = engine;
    this.planner = planner;
  }

  Engine engine() {
    return engine;
  }

  /**
   * The plan for {@code sql}, or null when it goes to the real driver unchanged.
   *
   * @throws SQLException when it is an INSERT into a mapped table that cannot be rewritten
   */
  CompiledPlan plan(String sql) throws SQLException {
    CompiledPlan compiled = plans.get(sql);
    if (compiled != null) {
      return compiled;
    }
    RewritePlan plan = planner.plan(sql);
    if (plan.passThrough()) {
      return null;
    }
    compiled = new CompiledPlan(plan, engine);
    if (plans.size() >= MAX_PLANS) {
      plans.clear();
    }
    plans.put(sql, compiled);
    return compiled;
  }
}
