package io.seqproxy.jdbc;

import io.seqproxy.jdbc.config.Engine;
import io.seqproxy.jdbc.function.FunctionCall;
import io.seqproxy.jdbc.rewrite.InsertRewriter;
import io.seqproxy.jdbc.rewrite.RewritePlan;
import io.seqproxy.jdbc.rewrite.SqlDialect;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The compiled plans of one engine and SQL dialect, per SQL string, shared by every connection
 * using them.
 * Statements that need no rewriting are remembered too, so that a constant SELECT costs one map
 * lookup rather than a scan of its text.
 *
 * <p>Bounded crudely: when full it is cleared. Prepared statements keep their plan, and deciding
 * again is cheap (a text scan, or a plan from the rewriter's own caches), so a clear costs little.
 */
final class PlanCache {
  private static final int MAX_VERDICTS = 4096;
  /** Longer SQL is decided every time rather than kept in memory. */
  private static final int MAX_CACHED_LENGTH = 2048;
  /** Verdict: sent as written, and not a function call seqproxy answers. */
  private static final Object AS_WRITTEN = new Object();
  /** Verdict: sent as written unless it is a function call seqproxy answers. */
  private static final Object MAYBE_CALL = new Object();

  private final Engine engine;
  private final InsertRewriter rewriter;
  /** Per SQL string: its {@link CompiledPlan}, or one of the verdicts above. */
  private final ConcurrentHashMap<String, Object> verdicts = new ConcurrentHashMap<>();

  /** @param dialect the SQL dialect of the real driver's URL, for the rewriter's tokenizer */
  PlanCache(Engine engine, SqlDialect dialect) {
    this.engine = engine;
    this.rewriter = new InsertRewriter(engine.tables(), dialect);
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
    return verdict(sql) instanceof CompiledPlan plan ? plan : null;
  }

  /** Whether {@code sql}, which is not rewritten, may be a function call seqproxy answers. */
  boolean mayBeCall(String sql) throws SQLException {
    return verdict(sql) == MAYBE_CALL;
  }

  /**
   * Decided once per SQL string: an application's statements are mostly a small set of constant
   * strings, and one map lookup costs less than reading the text again.
   */
  private Object verdict(String sql) throws SQLException {
    Object verdict = verdicts.get(sql);
    if (verdict != null) {
      return verdict;
    }
    if (rewriter.mayRewrite(sql)) {
      RewritePlan plan = rewriter.plan(sql);
      if (!plan.passThrough()) {
        verdict = new CompiledPlan(plan, engine);
      }
    }
    if (verdict == null) {
      verdict = FunctionCall.mayBeCall(sql) ? MAYBE_CALL : AS_WRITTEN;
    }
    if (sql.length() <= MAX_CACHED_LENGTH) {
      if (verdicts.size() >= MAX_VERDICTS) {
        verdicts.clear();
      }
      verdicts.put(sql, verdict);
    }
    return verdict;
  }
}
