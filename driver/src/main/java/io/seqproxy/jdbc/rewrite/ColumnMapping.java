package io.seqproxy.jdbc.rewrite;

/**
 * One generated column of a mapped table.
 *
 * @param column the column name as configured (matched case-insensitively, quoted or not)
 * @param sequence the name of the sequence its values come from
 * @param explicit what happens to a value the INSERT supplies itself ({@code explicit:})
 * @param skipExisting true for {@code existing-rows: skip} (the default): when the process first
 *     writes the table, a range sequence issues only values above the column's {@code MAX}
 */
public record ColumnMapping(String column, String sequence, Explicit explicit, boolean skipExisting) {

  /** The {@code explicit:} policy of a column. */
  public enum Explicit {
    /** Kept, and a segment sequence issues only values above it (the default for segments). */
    ADVANCE,
    /** Kept; the sequence does not notice it (the default for Snowflake). */
    KEEP,
    /** The INSERT is refused. */
    REJECT;

    /** The policy as written in YAML. */
    public String yaml() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A mapping with {@code existing-rows: skip} and {@code explicit: reject} or {@code keep}. */
  public ColumnMapping(String column, String sequence, boolean rejectExplicit) {
    this(column, sequence, rejectExplicit ? Explicit.REJECT : Explicit.KEEP, true);
  }

  /** Whether an INSERT that supplies its own non-null value for the column is refused. */
  public boolean rejectExplicit() {
    return explicit == Explicit.REJECT;
  }

  /** Whether a value the INSERT supplies moves the sequence past it. */
  public boolean advanceExplicit() {
    return explicit == Explicit.ADVANCE;
  }
}
