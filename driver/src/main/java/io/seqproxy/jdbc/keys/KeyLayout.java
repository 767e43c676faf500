package io.seqproxy.jdbc.keys;

/**
 * Where the keys of one execution of a rewritten statement come from: its generated columns, its
 * rows, and how it writes one execution's keys.
 */
public interface KeyLayout {
  /** A key cell with no known value: the application wrote an expression, or another table's row. */
  long UNKNOWN = Long.MIN_VALUE;

  /** The generated columns, in the order of the keys' columns. */
  String[] keyColumns();

  /** The rows one execution inserts. */
  int keyRows();

  /** The number of the generated column {@code name} (any case, quoted or not), or -1. */
  int keyColumn(String name);

  /**
   * Writes one execution's keys ({@link #keyRows()} rows of {@link #keyColumns()}) into
   * {@code keys} at {@code offset}.
   *
   * @param values the execution's values, one per generated slot
   */
  void writeKeys(long[] values, long[] keys, int offset);
}
