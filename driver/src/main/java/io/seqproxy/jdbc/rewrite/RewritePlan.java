package io.seqproxy.jdbc.rewrite;

import java.util.List;

/**
 * What to send for one SQL string, computed once and cached. Immutable.
 *
 * <p>The statement to send is {@code fragments[0] + slot[0] + fragments[1] + ... + slot[n-1] +
 * fragments[n]}: the application's text, unchanged except where a slot was inserted or a
 * {@code NULL}/{@code DEFAULT} replaced. For a PreparedStatement every slot is sent as a
 * {@code ?} ({@link #preparedSql()}) whose real parameter index is its position among the
 * slots, 1-based; for a plain Statement the slots are generated values written as decimal
 * literals (a plain Statement has no application parameters).
 *
 * @param originalSql the application's SQL
 * @param fragments the text around the slots; {@code slots.size() + 1} entries
 * @param slots every parameter of the rewritten statement, in text order
 * @param preparedSql the fragments joined with {@code ?}
 * @param appParameterCount the number of {@code ?} the application's SQL has
 * @param rowCount the number of rows the statement(s) insert into mapped tables, counted in
 *     text order across statements; each generated key row belongs to one of them
 * @param generatedColumns the generated column names, in the order of the generated keys'
 *     columns (the order of the mapping, first table first); empty for a pass-through plan
 * @param explicitKeys the values the application wrote itself into generated columns as
 *     literals, so that the generated keys can report every row
 */
public record RewritePlan(
    String originalSql,
    List<String> fragments,
    List<Slot> slots,
    String preparedSql,
    int appParameterCount,
    int rowCount,
    List<String> generatedColumns,
    List<ExplicitKey> explicitKeys) {

  /** A plan that sends {@code sql} unchanged. */
  public static RewritePlan passThrough(String sql) {
    return new RewritePlan(sql, List.of(sql), List.of(), sql, 0, 0, List.of(), List.of());
  }

  /** True when the SQL is sent exactly as the application wrote it. */
  public boolean passThrough() {
    return generatedColumns.isEmpty();
  }

  /**
   * A parameter of the rewritten statement.
   *
   * @param kind what fills it
   * @param appParameter the application's 1-based parameter index for {@code PARAMETER} and
   *     {@code GENERATED_IF_NULL}, 0 for {@code GENERATED}
   * @param sequence the sequence for {@code GENERATED} and {@code GENERATED_IF_NULL}, else null
   * @param column the generated column's name as configured, else null
   * @param row the 0-based row (see {@link RewritePlan#rowCount()}) for generated slots, else -1
   * @param rejectExplicit for {@code GENERATED_IF_NULL}: a non-null bound value is refused
   * @param advanceExplicit for {@code GENERATED_IF_NULL}: a bound integer moves the sequence past it
   */
  public record Slot(Kind kind, int appParameter, String sequence, String column, int row,
      boolean rejectExplicit, boolean advanceExplicit) {

    /** A slot whose bound values do not move the sequence. */
    public Slot(Kind kind, int appParameter, String sequence, String column, int row, boolean rejectExplicit) {
      this(kind, appParameter, sequence, column, row, rejectExplicit, false);
    }
  }

  /**
   * A generated column that the application filled with its own value in one row.
   *
   * @param row the 0-based row
   * @param column the generated column's name as configured
   * @param value the value when it was an integer literal, null when it was an expression
   * @param advances the sequence the value moves past ({@code explicit: advance}), else null
   */
  public record ExplicitKey(int row, String column, Long value, String advances) {

    /** A value that does not move the sequence. */
    public ExplicitKey(int row, String column, Long value) {
      this(row, column, value, null);
    }
  }

  public enum Kind {
    /** The application's own {@code ?}, bound to what the application set. */
    PARAMETER,
    /** A value drawn from the sequence. */
    GENERATED,
    /** The application's {@code ?} in a generated column: a value from the sequence when bound to null. */
    GENERATED_IF_NULL
  }
}
