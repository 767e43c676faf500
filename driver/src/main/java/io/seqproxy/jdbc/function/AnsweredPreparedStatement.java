package io.seqproxy.jdbc.function;

import io.seqproxy.jdbc.delegate.DelegatingPreparedStatement;
import io.seqproxy.jdbc.delegate.Refusing;
import io.seqproxy.sequence.Sequence;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;

/**
 * A prepared {@code SELECT nextval('s')} or {@code SELECT LAST_INSERT_ID()} that seqproxy
 * answers itself, each execution anew. The database never sees the query (it may not know the
 * sequence): the statement-level settings and {@code close} go to a plain statement of the real
 * connection. The query has no parameters, so every setter refuses its index (through the one
 * hook every setter of the base passes).
 */
final class AnsweredPreparedStatement extends DelegatingPreparedStatement<PreparedStatement> {
  private final SessionFunctions functions;
  private final FunctionCall call;
  private final Sequence sequence;
  /** The answer of the last execution, until the next one or {@code getMoreResults}. */
  private ResultSet current;

  AnsweredPreparedStatement(Connection connection, Statement real, SessionFunctions functions, FunctionCall call,
      Sequence sequence) {
    super(connection, Refusing.forwarding(PreparedStatement.class, real, Statement.class,
        "seqproxy's answer to " + call.label(), "it has no parameters"));
    this.functions = functions;
    this.call = call;
    this.sequence = sequence;
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    closeCurrent();
    current = functions.answer(call, sequence, this);
    return current;
  }

  @Override
  public boolean execute() throws SQLException {
    executeQuery();
    return true;
  }

  @Override
  public ResultSet getResultSet() {
    return current;
  }

  @Override
  public int getUpdateCount() {
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
  protected int realIndex(int parameterIndex) throws SQLException {
    throw noParameters(parameterIndex);
  }

  @Override
  protected int realIndex(int parameterIndex, Object value) throws SQLException {
    throw noParameters(parameterIndex);
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
}
