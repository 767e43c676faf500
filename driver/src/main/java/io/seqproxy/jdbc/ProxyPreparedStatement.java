package io.seqproxy.jdbc;

import io.seqproxy.jdbc.delegate.DelegatingPreparedStatement;
import io.seqproxy.jdbc.function.SessionFunctions;
import io.seqproxy.jdbc.keys.GeneratedKeys;
import io.seqproxy.jdbc.keys.KeyRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A prepared INSERT into a mapped table. The real statement was prepared with the plan's SQL,
 * where every generated value is an added {@code ?}; the application's parameter k is sent to
 * its slot's index. Before each execution (and each {@code addBatch}) the generated slots are
 * filled from the sequences, and a {@code ?} of the application in a generated column is filled
 * when it was bound to null.
 *
 * <p>Like the JDBC statement it wraps, one instance is used by one thread at a time.
 */
final class ProxyPreparedStatement extends DelegatingPreparedStatement<PreparedStatement> {
  private final CompiledPlan plan;
  private final KeyRequest request;
  private final CompiledPlan.Execution execution;
  private final SessionFunctions functions;
  /** The keys of the last execution; null when they are the real driver's. */
  private GeneratedKeys keys;
  private GeneratedKeys batchKeys;

  ProxyPreparedStatement(Connection connection, PreparedStatement delegate, CompiledPlan plan, KeyRequest request,
      SessionFunctions functions) {
    super(connection, delegate);
    this.plan = plan;
    this.request = request;
    this.functions = functions;
    this.execution = plan.preparedExecution();
  }

  @Override
  protected int realIndex(int parameterIndex) throws SQLException {
    int real = plan.realIndex(parameterIndex);
    execution.recordBinding(parameterIndex);
    return real;
  }

  @Override
  protected int realIndex(int parameterIndex, Object value) throws SQLException {
    int real = plan.realIndex(parameterIndex);
    execution.recordBinding(parameterIndex, value);
    return real;
  }

  // Integer setters record the value, for the generated keys of a row whose ID the application
  // supplied itself.

  @Override
  public void setLong(int parameterIndex, long x) throws SQLException {
    delegate.setLong(plan.realIndex(parameterIndex), x);
    execution.recordBinding(parameterIndex, x);
  }

  @Override
  public void setInt(int parameterIndex, int x) throws SQLException {
    delegate.setInt(plan.realIndex(parameterIndex), x);
    execution.recordBinding(parameterIndex, x);
  }

  @Override
  public void setShort(int parameterIndex, short x) throws SQLException {
    delegate.setShort(plan.realIndex(parameterIndex), x);
    execution.recordBinding(parameterIndex, x);
  }

  @Override
  public void setByte(int parameterIndex, byte x) throws SQLException {
    delegate.setByte(plan.realIndex(parameterIndex), x);
    execution.recordBinding(parameterIndex, x);
  }

  @Override
  public void clearParameters() throws SQLException {
    delegate.clearParameters();
    execution.clearBindings();
  }

  /**
   * What every execution does first: forgets the last execution's keys, draws this one's values
   * and binds them; returns this execution's keys when the application asked for them.
   */
  private GeneratedKeys startExecution() throws SQLException {
    keys = null;
    drawAndBind();
    if (!request.wanted()) {
      return null;
    }
    GeneratedKeys execution = new GeneratedKeys(plan, request);
    this.execution.appendKeys(execution);
    return execution;
  }

  private void drawAndBind() throws SQLException {
    execution.draw();
    functions.generated(execution.firstDrawn());
    execution.bindDrawn(delegate);
  }

  @Override
  public boolean execute() throws SQLException {
    GeneratedKeys these = startExecution();
    boolean result = delegate.execute();
    keys = these;
    return result;
  }

  @Override
  public int executeUpdate() throws SQLException {
    GeneratedKeys these = startExecution();
    int count = delegate.executeUpdate();
    keys = these;
    return count;
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    GeneratedKeys these = startExecution();
    long count = delegate.executeLargeUpdate();
    keys = these;
    return count;
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    GeneratedKeys these = startExecution();
    ResultSet rows = wrap(delegate.executeQuery());
    keys = these;
    return rows;
  }

  @Override
  public void addBatch() throws SQLException {
    drawAndBind();
    delegate.addBatch();
    if (request.wanted()) {
      if (batchKeys == null) {
        batchKeys = new GeneratedKeys(plan, request);
      }
      execution.appendKeys(batchKeys);
    }
  }

  @Override
  public int[] executeBatch() throws SQLException {
    GeneratedKeys batch = takeBatchKeys();
    int[] counts = delegate.executeBatch();
    keys = batch;
    return counts;
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    GeneratedKeys batch = takeBatchKeys();
    long[] counts = delegate.executeLargeBatch();
    keys = batch;
    return counts;
  }

  private GeneratedKeys takeBatchKeys() {
    GeneratedKeys batch = batchKeys;
    batchKeys = null;
    keys = null;
    return batch;
  }

  @Override
  public void clearBatch() throws SQLException {
    batchKeys = null;
    delegate.clearBatch();
  }

  /**
   * The keys of the last execution. When it failed (or none ran) there are none; the real driver,
   * which was not asked for the proxy's keys, has nothing to say about them.
   */
  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    if (keys != null) {
      return keys.toResultSet(this, keys.withDriverKeys() ? delegate.getGeneratedKeys() : null);
    }
    return request.wanted() ? new GeneratedKeys(plan, request).toResultSet(this, null) : wrap(delegate.getGeneratedKeys());
  }

  @Override
  public String toString() {
    return "seqproxy " + plan.preparedSql();
  }
}
