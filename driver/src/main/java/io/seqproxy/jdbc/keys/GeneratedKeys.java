package io.seqproxy.jdbc.keys;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The keys of one execution or one batch, row after row, as the proxy wrote them. Appending
 * copies longs into a growing array; the result set is built only when the application asks.
 */
public final class GeneratedKeys {
  /** The types of BIGINT columns, per count of columns up to 8: shared by every result set, never written. */
  private static final int[][] BIGINTS = new int[9][];

  static {
    for (int width = 0; width < BIGINTS.length; width++) {
      BIGINTS[width] = new int[width];
      Arrays.fill(BIGINTS[width], Types.BIGINT);
    }
  }

  private final KeyLayout layout;
  private final KeyRequest request;
  private final boolean withDriverKeys;
  private long[] cells;
  private int size;

  public GeneratedKeys(KeyLayout layout, KeyRequest request) {
    this.layout = layout;
    this.request = request;
    this.withDriverKeys = request.forDriver(layout).wanted();
    this.cells = new long[Math.max(layout.keyRows() * layout.keyColumns().length, 1)];
  }

  /**
   * The keys of one execution whose drawn values are {@code values}, asked for with no names: the
   * result set {@code toResultSet} would give, without collecting them first.
   */
  public static ResultSet ofValues(Statement owner, KeyLayout layout, long[] values) {
    long[] cells = new long[layout.keyRows() * layout.keyColumns().length];
    layout.writeKeys(values, cells, 0);
    return ofCells(owner, layout, cells);
  }

  /**
   * The keys of one execution whose cells, row after row as {@link KeyLayout#writeKeys} writes
   * them, are {@code cells}: read by the result set, never copied or changed, so the caller does
   * not write them again.
   */
  public static ResultSet ofCells(Statement owner, KeyLayout layout, long[] cells) {
    String[] columns = layout.keyColumns();
    int rows = columns.length == 0 ? 0 : layout.keyRows();
    return KeysResultSet.ofLongs(owner, columns, bigints(columns.length), cells, rows);
  }

  /**
   * No keys, in the columns {@code request} asks for: what an execution the database refused
   * reports (its drawn values are gaps), and the real driver is not asked.
   */
  public static ResultSet none(Statement owner, KeyLayout layout, KeyRequest request) throws SQLException {
    return new GeneratedKeys(layout, request).toResultSet(owner, null);
  }

  /** Whether the application asked by name for columns the real driver reports. */
  public boolean withDriverKeys() {
    return withDriverKeys;
  }

  /**
   * Adds the rows of one execution whose drawn values are {@code values}. A batch of a plain
   * Statement may mix tables: rows of another plan are reported in this plan's columns.
   */
  public void append(KeyLayout executed, long[] values) {
    String[] columns = layout.keyColumns();
    int width = columns.length;
    int rows = executed.keyRows();
    int needed = size + rows * width;
    if (needed > cells.length) {
      cells = Arrays.copyOf(cells, Math.max(needed, cells.length * 2));
    }
    String[] theirColumns = executed.keyColumns();
    if (executed == layout || Arrays.equals(theirColumns, columns)) {
      executed.writeKeys(values, cells, size);
    } else {
      long[] theirs = new long[rows * theirColumns.length];
      executed.writeKeys(values, theirs, 0);
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < width; c++) {
          int column = executed.keyColumn(columns[c]);
          cells[size + r * width + c] = column < 0 ? KeyLayout.UNKNOWN : theirs[r * theirColumns.length + column];
        }
      }
    }
    size = needed;
  }

  /**
   * The result set the application sees: the requested columns, ours from what was written,
   * others (asked for by name) from the real driver's keys, row by row.
   *
   * @param driverKeys the real driver's keys when other columns were asked for, else null
   */
  public ResultSet toResultSet(Statement owner, ResultSet driverKeys) throws SQLException {
    String[] columns = layout.keyColumns();
    int width = columns.length;
    int rows = width == 0 ? 0 : size / width;
    if (request.mode() != KeyRequest.Mode.NAMES) {
      // Our columns as written: the layout's labels, one BIGINT type array and the cells themselves
      // are shared, read only (appends go past the rows the result set reads).
      return KeysResultSet.ofLongs(owner, columns, bigints(width), cells, rows);
    }
    String[] labels = request.names().clone();
    int[] source = new int[labels.length]; // >= 0: our column; < 0: -(position among the driver's columns) - 1
    int other = 0;
    for (int i = 0; i < labels.length; i++) {
      int ours = layout.keyColumn(labels[i]);
      source[i] = ours >= 0 ? ours : -(++other);
      if (ours >= 0) {
        labels[i] = columns[ours];
      }
    }
    List<Object[]> driverRows = driverKeys == null ? List.of() : read(driverKeys);
    int[] types = new int[labels.length];
    Object[] values = new Object[rows * labels.length];
    for (int c = 0; c < labels.length; c++) {
      types[c] = source[c] >= 0 ? Types.BIGINT : Types.OTHER;
    }
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < labels.length; c++) {
        Object value;
        if (source[c] >= 0) {
          long cell = cells[r * width + source[c]];
          value = cell == KeyLayout.UNKNOWN ? null : Long.valueOf(cell);
        } else {
          Object[] driverRow = r < driverRows.size() ? driverRows.get(r) : null;
          int position = -source[c] - 1;
          value = driverRow != null && position < driverRow.length ? driverRow[position] : null;
        }
        values[r * labels.length + c] = value;
      }
    }
    return new KeysResultSet(owner, labels, types, values);
  }

  /** The types of {@code width} BIGINT columns: shared for the usual widths, never written. */
  private static int[] bigints(int width) {
    if (width < BIGINTS.length) {
      return BIGINTS[width];
    }
    int[] types = new int[width];
    Arrays.fill(types, Types.BIGINT);
    return types;
  }

  private static List<Object[]> read(ResultSet keys) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    try (keys) {
      int width = keys.getMetaData().getColumnCount();
      while (keys.next()) {
        Object[] row = new Object[width];
        for (int i = 0; i < width; i++) {
          row[i] = keys.getObject(i + 1);
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
