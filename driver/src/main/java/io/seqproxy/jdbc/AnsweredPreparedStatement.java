package io.seqproxy.jdbc;

import io.seqproxy.jdbc.function.FunctionCall;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * A prepared {@code SELECT nextval('s')} or {@code SELECT LAST_INSERT_ID()} that seqproxy
 * answers itself, each execution anew. The database never sees the query (it may not know the
 * sequence): the statement-level settings and {@code close} go to a plain statement of the real
 * connection. The query has no parameters, so every setter refuses its index.
 */
final class AnsweredPreparedStatement extends DelegatingStatement<Statement> implements PreparedStatement {
  private final SessionFunctions functions;
  private final FunctionCall call;
  private ResultSet current;

  AnsweredPreparedStatement(Connection connection, Statement delegate, SessionFunctions functions, FunctionCall call) {
    super(connection, delegate);
    this.functions = functions;
    this.call = call;
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    closeCurrent();
    current = functions.answer(call, this);
    return current;
  }

  @Override
  public boolean execute() throws SQLException {
    executeQuery();
    return true;
  }

  @Override
  public ResultSet getResultSet() throws SQLException {
    return current;
  }

  @Override
  public int getUpdateCount() throws SQLException {
    return -1;
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    closeCurrent();
    return false;
  }

  @Override
  public boolean getMoreResults(int current) throws SQLException {
    return getMoreResults();
  }

  @Override
  public int executeUpdate() throws SQLException {
    throw returnsRows();
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    throw returnsRows();
  }

  @Override
  public void addBatch() throws SQLException {
    throw returnsRows();
  }

  @Override
  public void clearParameters() {}

  /** Known only once executed; JDBC allows null. */
  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    return current == null ? null : current.getMetaData();
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    throw new SQLFeatureNotSupportedException("seqproxy answers " + call.label() + " itself; it has no parameters");
  }

  @Override
  public void close() throws SQLException {
    closeCurrent();
    super.close();
  }

  @Override
  public String toString() {
    return "seqproxy answers " + call.label();
  }

  private void closeCurrent() throws SQLException {
    if (current != null) {
      current.close();
      current = null;
    }
  }

  private SQLException returnsRows() {
    return new SQLException(call.label() + " returns a row; use executeQuery", "HY000");
  }

  private static SQLException noParameters(int parameterIndex) {
    return new SQLException("parameter index " + parameterIndex + " is out of range; the statement has no parameters",
        "07009");
  }

  @Override
  public void setNull(int parameterIndex, int sqlType) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setBoolean(int parameterIndex, boolean x) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setByte(int parameterIndex, byte x) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setShort(int parameterIndex, short x) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setInt(int parameterIndex, int x) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setLong(int parameterIndex, long x) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setFloat(int parameterIndex, float x) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setDouble(int parameterIndex, double x) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setString(int parameterIndex, String x) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setBytes(int parameterIndex, byte[] x) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setDate(int parameterIndex, Date x) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setTime(int parameterIndex, Time x) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  @Deprecated
  public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setObject(int parameterIndex, Object x) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setRef(int parameterIndex, Ref x) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setBlob(int parameterIndex, Blob x) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setClob(int parameterIndex, Clob x) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setClob(int parameterIndex, Reader reader) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setArray(int parameterIndex, Array x) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setURL(int parameterIndex, URL x) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setRowId(int parameterIndex, RowId x) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setNString(int parameterIndex, String value) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setNClob(int parameterIndex, NClob value) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setNClob(int parameterIndex, Reader reader) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
    throw noParameters(parameterIndex);
  }
}
