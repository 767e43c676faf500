package io.seqproxy.jdbc.rewrite;

/**
 * One generated column of a mapped table.
 *
 * @param column the column name as configured (matched case-insensitively, quoted or not)
 * @param sequence the name of the sequence its values come from
 * @param rejectExplicit true for {@code explicit: reject}: an INSERT that supplies its own
 *     non-null value for the column is refused instead of kept
 * @param skipExisting true for {@code existing-rows: skip} (the default): when the process first
 *     writes the table, a range sequence issues only values above the column's {@code MAX}
 */
public record ColumnMapping(String column, String sequence, boolean rejectExplicit, boolean skipExisting) {

  /** A mapping with {@code existing-rows: skip}. */
  public ColumnMapping(String column, String sequence, boolean rejectExplicit) {
    this(column, sequence, rejectExplicit, true);
  }
}
