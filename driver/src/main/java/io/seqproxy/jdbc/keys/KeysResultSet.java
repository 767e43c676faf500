package io.seqproxy.jdbc.keys;

import io.seqproxy.jdbc.delegate.DelegatingResultSet;
import io.seqproxy.jdbc.delegate.Refusing;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Types;
import java.util.Locale;

/**
 * The generated keys seqproxy reports: read-only, forward-only, in memory. Cells are
 * {@code Long} for the columns the proxy generated (BIGINT), whatever the real driver returned for
 * the others, null where a row has no value (a column of another statement's table, or an
 * expression the application wrote itself). Keys that are all the proxy's are read straight from
 * the {@code long[]} they were written to ({@link #ofLongs}), boxed only for {@code getObject}.
 */
public final class KeysResultSet extends DelegatingResultSet {
  /** Everything not overridden here: the in-memory rows support reading forward only. */
  private static final ResultSet UNSUPPORTED =
      Refusing.of(ResultSet.class, "KeysResultSet", "read-only, forward-only");

  private final String[] labels;
  private final int[] types;
  /** The cells as objects; null when they are {@link #longs}. */
  private final Object[] cells;
  /** The cells as the proxy wrote them, {@link KeyLayout#UNKNOWN} for none; null when {@link #cells}. */
  private final long[] longs;
  private final int rows;
  private int row = -1;
  private boolean wasNull;
  private boolean closed;

  /**
   * @param labels the column labels
   * @param types the {@link Types} of each column
   * @param cells the values, row after row
   */
  public KeysResultSet(Statement statement, String[] labels, int[] types, Object[] cells) {
    this(statement, labels, types, cells, null, labels.length == 0 ? 0 : cells.length / labels.length);
  }

  private KeysResultSet(Statement statement, String[] labels, int[] types, Object[] cells, long[] longs, int rows) {
    super(statement, UNSUPPORTED);
    this.labels = labels;
    this.types = types;
    this.cells = cells;
    this.longs = longs;
    this.rows = rows;
  }

  /**
   * Keys that are all BIGINTs the proxy wrote: {@code rows} rows of {@code labels.length} cells
   * at the start of {@code longs}, which is read, never copied or changed.
   */
  static KeysResultSet ofLongs(Statement statement, String[] labels, int[] types, long[] longs, int rows) {
    return new KeysResultSet(statement, labels, types, null, longs, rows);
  }

  /** The index of the current row's cell of column {@code columnIndex}, checked. */
  private int at(int columnIndex) throws SQLException {
    checkOpen();
    if (row < 0 || row >= rows) {
      throw new SQLException("the generated keys are not on a row; call next() first", "24000");
    }
    if (columnIndex < 1 || columnIndex > labels.length) {
      throw new SQLException("column index " + columnIndex + " is out of range 1.." + labels.length, "07009");
    }
    return row * labels.length + columnIndex - 1;
  }

  private Object cell(int columnIndex) throws SQLException {
    int at = at(columnIndex);
    Object value;
    if (longs != null) {
      value = longs[at] == KeyLayout.UNKNOWN ? null : Long.valueOf(longs[at]);
    } else {
      value = cells[at];
    }
    wasNull = value == null;
    return value;
  }

  private Number number(int columnIndex) throws SQLException {
    Object value = cell(columnIndex);
    if (value == null || value instanceof Number) {
      return (Number) value;
    }
    try {
      return new BigDecimal(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new SQLException("generated key '" + value + "' of column " + labels[columnIndex - 1]
          + " is not a number", "22018");
    }
  }

  private void checkOpen() throws SQLException {
    if (closed) {
      throw new SQLException("the generated keys result set is closed", "24000");
    }
  }

  @Override
  public boolean next() throws SQLException {
    checkOpen();
    if (row < rows) {
      row++;
    }
    return row < rows;
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("KeysResultSet does not wrap " + iface.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public boolean wasNull() {
    return wasNull;
  }

  @Override
  public int findColumn(String columnLabel) throws SQLException {
    for (int i = 0; i < labels.length; i++) {
      if (labels[i].equalsIgnoreCase(columnLabel)) {
        return i + 1;
      }
    }
    throw new SQLException("no column " + columnLabel + " among the generated keys "
        + String.join(", ", labels), "42S22");
  }

  @Override
  public long getLong(int columnIndex) throws SQLException {
    if (longs != null) {
      long value = longs[at(columnIndex)];
      wasNull = value == KeyLayout.UNKNOWN;
      return wasNull ? 0 : value;
    }
    Number value = number(columnIndex);
    return value == null ? 0 : value.longValue();
  }

  @Override
  public int getInt(int columnIndex) throws SQLException {
    Number value = number(columnIndex);
    return value == null ? 0 : Math.toIntExact(value.longValue());
  }

  @Override
  public short getShort(int columnIndex) throws SQLException {
    Number value = number(columnIndex);
    return value == null ? 0 : value.shortValue();
  }

  @Override
  public byte getByte(int columnIndex) throws SQLException {
    Number value = number(columnIndex);
    return value == null ? 0 : value.byteValue();
  }

  @Override
  public double getDouble(int columnIndex) throws SQLException {
    Number value = number(columnIndex);
    return value == null ? 0 : value.doubleValue();
  }

  @Override
  public float getFloat(int columnIndex) throws SQLException {
    Number value = number(columnIndex);
    return value == null ? 0 : value.floatValue();
  }

  @Override
  public boolean getBoolean(int columnIndex) throws SQLException {
    Number value = number(columnIndex);
    return value != null && value.longValue() != 0;
  }

  @Override
  public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
    Number value = number(columnIndex);
    return value == null ? null : value instanceof BigDecimal b ? b : new BigDecimal(value.toString());
  }

  @Override
  public String getString(int columnIndex) throws SQLException {
    Object value = cell(columnIndex);
    return value == null ? null : value.toString();
  }

  @Override
  public Object getObject(int columnIndex) throws SQLException {
    return cell(columnIndex);
  }

  @Override
  public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
    Object value = cell(columnIndex);
    if (value == null || type.isInstance(value)) {
      return type.cast(value);
    }
    Number number = number(columnIndex);
    if (type == Long.class) {
      return type.cast(number.longValue());
    } else if (type == Integer.class) {
      return type.cast(Math.toIntExact(number.longValue()));
    } else if (type == BigDecimal.class) {
      return type.cast(getBigDecimal(columnIndex));
    } else if (type == String.class) {
      return type.cast(value.toString());
    } else if (type == java.math.BigInteger.class) {
      return type.cast(getBigDecimal(columnIndex).toBigIntegerExact());
    } else if (type == Short.class) {
      return type.cast(number.shortValue());
    }
    throw new SQLException("a generated key cannot be read as " + type.getName(), "22005");
  }

  @Override
  public long getLong(String columnLabel) throws SQLException {
    return getLong(findColumn(columnLabel));
  }

  @Override
  public int getInt(String columnLabel) throws SQLException {
    return getInt(findColumn(columnLabel));
  }

  @Override
  public short getShort(String columnLabel) throws SQLException {
    return getShort(findColumn(columnLabel));
  }

  @Override
  public byte getByte(String columnLabel) throws SQLException {
    return getByte(findColumn(columnLabel));
  }

  @Override
  public double getDouble(String columnLabel) throws SQLException {
    return getDouble(findColumn(columnLabel));
  }

  @Override
  public float getFloat(String columnLabel) throws SQLException {
    return getFloat(findColumn(columnLabel));
  }

  @Override
  public boolean getBoolean(String columnLabel) throws SQLException {
    return getBoolean(findColumn(columnLabel));
  }

  @Override
  public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
    return getBigDecimal(findColumn(columnLabel));
  }

  @Override
  public String getString(String columnLabel) throws SQLException {
    return getString(findColumn(columnLabel));
  }

  @Override
  public Object getObject(String columnLabel) throws SQLException {
    return getObject(findColumn(columnLabel));
  }

  @Override
  public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
    return getObject(findColumn(columnLabel), type);
  }

  @Override
  public ResultSetMetaData getMetaData() {
    return new KeysMetaData(labels, types);
  }

  @Override
  public boolean isBeforeFirst() {
    return row < 0 && rows > 0;
  }

  @Override
  public boolean isAfterLast() {
    return row >= rows && rows > 0;
  }

  @Override
  public boolean isFirst() {
    return row == 0 && rows > 0;
  }

  @Override
  public boolean isLast() {
    return row == rows - 1;
  }

  @Override
  public int getRow() {
    return row >= 0 && row < rows ? row + 1 : 0;
  }

  @Override
  public int getType() {
    return ResultSet.TYPE_FORWARD_ONLY;
  }

  @Override
  public int getConcurrency() {
    return ResultSet.CONCUR_READ_ONLY;
  }

  @Override
  public int getHoldability() {
    return ResultSet.HOLD_CURSORS_OVER_COMMIT;
  }

  @Override
  public int getFetchDirection() {
    return ResultSet.FETCH_FORWARD;
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    if (direction != ResultSet.FETCH_FORWARD) {
      throw new SQLFeatureNotSupportedException("setFetchDirection(" + direction + ") is not supported by"
          + " KeysResultSet (read-only, forward-only)");
    }
  }

  @Override
  public int getFetchSize() {
    return 0;
  }

  @Override
  public void setFetchSize(int rows) {
    // everything is in memory already
  }

  @Override
  public SQLWarning getWarnings() {
    return null;
  }

  @Override
  public void clearWarnings() {
    // there are never warnings
  }

  /** The metadata of a {@link KeysResultSet}. */
  private record KeysMetaData(String[] labels, int[] types) implements ResultSetMetaData {

    @Override
    public int getColumnCount() {
      return labels.length;
    }

    @Override
    public String getColumnLabel(int column) {
      return labels[column - 1];
    }

    @Override
    public String getColumnName(int column) {
      return labels[column - 1];
    }

    @Override
    public int getColumnType(int column) {
      return types[column - 1];
    }

    @Override
    public String getColumnTypeName(int column) {
      return types[column - 1] == Types.BIGINT ? "BIGINT" : "OTHER";
    }

    @Override
    public String getColumnClassName(int column) {
      return types[column - 1] == Types.BIGINT ? Long.class.getName() : Object.class.getName();
    }

    @Override
    public boolean isAutoIncrement(int column) {
      return true;
    }

    @Override
    public boolean isCaseSensitive(int column) {
      return false;
    }

    @Override
    public boolean isSearchable(int column) {
      return false;
    }

    @Override
    public boolean isCurrency(int column) {
      return false;
    }

    @Override
    public int isNullable(int column) {
      return ResultSetMetaData.columnNullableUnknown;
    }

    @Override
    public boolean isSigned(int column) {
      return true;
    }

    @Override
    public int getColumnDisplaySize(int column) {
      return 20;
    }

    @Override
    public String getSchemaName(int column) {
      return "";
    }

    @Override
    public int getPrecision(int column) {
      return 19;
    }

    @Override
    public int getScale(int column) {
      return 0;
    }

    @Override
    public String getTableName(int column) {
      return "";
    }

    @Override
    public String getCatalogName(int column) {
      return "";
    }

    @Override
    public boolean isReadOnly(int column) {
      return true;
    }

    @Override
    public boolean isWritable(int column) {
      return false;
    }

    @Override
    public boolean isDefinitelyWritable(int column) {
      return false;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      if (iface.isInstance(this)) {
        return iface.cast(this);
      }
      throw new SQLException("the generated keys' metadata does not wrap " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return iface.isInstance(this);
    }
  }

  @Override
  public String toString() {
    return "KeysResultSet" + java.util.Arrays.toString(labels).toLowerCase(Locale.ROOT) + " " + rows + " rows";
  }
}
