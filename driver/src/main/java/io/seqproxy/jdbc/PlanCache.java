package io.seqproxy.jdbc;

import io.seqproxy.jdbc.config.Engine;
import io.seqproxy.jdbc.function.FunctionCall;
import io.seqproxy.jdbc.rewrite.InsertRewriter;
import io.seqproxy.jdbc.rewrite.RewritePlan;
import io.seqproxy.jdbc.rewrite.SqlDialect;
import java.sql.SQLException;
import java.util.List;
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
  /**
   * The plan last compiled for each shape, by the slots its plans share (the rewriter hands every
   * SQL string of one shape the same slot list instance).
   */
  private final ConcurrentHashMap<List<RewritePlan.Slot>, CompiledPlan> byShape = new ConcurrentHashMap<>();

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
    RewritePlan plan = rewriter.plan(sql); // its text pre-check passes most SQL through at once
    if (!plan.passThrough()) {
      CompiledPlan shape = byShape.get(plan.slots());
      if (shape != null && shape.plan.slots() == plan.slots()) {
        // Another string of a shape seen before: SQL with inlined values, which rarely comes
        // again, so it is not remembered per string.
        return shape.withText(plan);
      }
      CompiledPlan compiled = new CompiledPlan(plan, engine);
      if (byShape.size() >= MAX_VERDICTS) {
        byShape.clear();
      }
      byShape.put(plan.slots(), compiled);
      verdict = compiled;
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
