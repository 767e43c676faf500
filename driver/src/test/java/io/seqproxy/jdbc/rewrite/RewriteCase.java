package io.seqproxy.jdbc.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.jdbc.rewrite.RewritePlan.Kind;
import io.seqproxy.jdbc.rewrite.RewritePlan.Slot;
import java.sql.SQLException;
import java.util.stream.Collectors;

/**
 * One row of the rewriter's table: SQL in, and either the rendered plan or the error out.
 *
 * <p>A plan renders as its prepared SQL with each slot written in place of its {@code ?}:
 * {@code {app:N}} the application's parameter N, {@code {gen:col#R}} a generated value for
 * column col of row R, {@code {gen?:N col#R}} the application's parameter N generated when
 * bound to null ({@code gen?!} when a non-null value is refused). The summary adds
 * {@code rows=.. columns=[..] keys=[row:col=value] params=..}.
 */
record RewriteCase(
    SqlDialect dialect,
    String sql,
    String expected,
    String summary,
    Class<? extends SQLException> error,
    String message) {

  static RewriteCase rewrites(SqlDialect dialect, String sql, String expected) {
    return new RewriteCase(dialect, sql, expected, null, null, null);
  }

  static RewriteCase rewrites(SqlDialect dialect, String sql, String expected, String summary) {
    return new RewriteCase(dialect, sql, expected, summary, null, null);
  }

  static RewriteCase passes(SqlDialect dialect, String sql) {
    return new RewriteCase(dialect, sql, null, null, null, null);
  }

  static RewriteCase fails(
      SqlDialect dialect, String sql, Class<? extends SQLException> error, String message) {
    return new RewriteCase(dialect, sql, null, null, error, message);
  }

  void check() throws SQLException {
    InsertRewriter rewriter = new InsertRewriter(FixedMappings.STANDARD, dialect);
    if (error != null) {
      SQLException thrown = assertThrows(SQLException.class, () -> rewriter.plan(sql));
      assertEquals(error, thrown.getClass(), thrown.getMessage());
      assertTrue(
          thrown.getMessage().contains(message),
          () -> "message \"" + thrown.getMessage() + "\" lacks \"" + message + "\"");
      return;
    }
    RewritePlan plan = rewriter.plan(sql);
    if (expected == null) {
      assertTrue(plan.passThrough(), () -> "expected pass-through, got " + render(plan));
      assertEquals(sql, plan.preparedSql());
      return;
    }
    assertEquals(expected, render(plan));
    assertEquals(String.join("?", plan.fragments()), plan.preparedSql());
    assertEquals(plan.slots().size() + 1, plan.fragments().size());
    assertEquals(
        plan.slots().stream().filter(slot -> slot.kind() != Kind.GENERATED).count(),
        plan.appParameterCount());
    if (summary != null) {
      assertEquals(summary, summarize(plan));
    }
  }

  static String render(RewritePlan plan) {
    StringBuilder text = new StringBuilder(plan.fragments().get(0));
    for (int i = 0; i < plan.slots().size(); i++) {
      text.append(render(plan.slots().get(i))).append(plan.fragments().get(i + 1));
    }
    return text.toString();
  }

  private static String render(Slot slot) {
    return switch (slot.kind()) {
      case PARAMETER -> "{app:" + slot.appParameter() + "}";
      case GENERATED -> "{gen:" + slot.column() + "#" + slot.row() + "}";
      case GENERATED_IF_NULL ->
          "{gen?" + (slot.rejectExplicit() ? "!" : "") + ":" + slot.appParameter() + " "
              + slot.column() + "#" + slot.row() + "}";
    };
  }

  static String summarize(RewritePlan plan) {
    return "rows=" + plan.rowCount()
        + " columns=" + plan.generatedColumns()
        + " keys=" + plan.explicitKeys().stream()
            .map(key -> key.row() + ":" + key.column() + "=" + key.value())
            .collect(Collectors.joining(", ", "[", "]"))
        + " params=" + plan.appParameterCount();
  }

  @Override
  public String toString() {
    return dialect + ": " + sql.replace('\n', ' ');
  }
}
