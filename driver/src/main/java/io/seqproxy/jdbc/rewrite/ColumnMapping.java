package io.seqproxy.jdbc.rewrite;

/**
 * One generated column of a mapped table.
 *
 * @param column the column name as configured (matched case-insensitively, quoted or not)
 * @param sequence the name of the sequence its values come from
 * @param rejectExplicit true for {@code explicit: reject}: an INSERT that supplies its own
 *     non-null value for the column is refused instead of kept
 */
public record ColumnMapping(String column, String sequence, boolean rejectExplicit) {}
