package io.seqproxy.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * A prepared INSERT into a mapped table. The real statement was prepared with the plan's SQL,
 * where every generated value is an added {@code ?}; the application's parameter k is sent to
 * its slot's index. Before each execution (and each {@code addBatch}) the generated slots are
 * filled from the sequences, and a {@code ?} of the application in a generated column is filled
 * when it was bound to null.
 *
 * <p>Like the JDBC statement it wraps, one instance is used by one thread at a time; the arrays
 * below are reused by every execution so that the hot path allocates only what the sequence
 * returns.
 */
final class ProxyPreparedStatement extends DelegatingPreparedStatement<PreparedStatement> {
  private final CompiledPlan plan;
  private final KeyRequest request;
  /** The values of the current execution, one per generated slot. */
  private final long[] values;
  /** Binding state and value of each application parameter; null when none sits in a generated column. */
  private final byte[] state;
  private final Object[] bound;
  private final SessionFunctions functions;
  private GeneratedKeys keys;
  private GeneratedKeys batchKeys;

  ProxyPreparedStatement(Connection connection, PreparedStatement delegate, CompiledPlan plan, KeyRequest request,
      SessionFunctions functions) {
    super(connection, delegate);
    this.plan = plan;
    this.request = request;
    this.functions = functions;
    this.values = new long[plan.genCount];
    this.state = plan.hasIfNull ? new byte[plan.appParameterCount + 1] : null;
    this.bound = plan.hasIfNull ? new Object[plan.appParameterCount + 1] : null;
  }

  @Override
  int index(int parameterIndex) throws SQLException {
    int real = realIndex(parameterIndex);
    if (state != null && plan.genOfAppParameter[parameterIndex] >= 0) {
      state[parameterIndex] = CompiledPlan.VALUE;
      bound[parameterIndex] = null;
    }
    return real;
  }

  @Override
  int index(int parameterIndex, Object value) throws SQLException {
    int real = realIndex(parameterIndex);
    if (state != null && plan.genOfAppParameter[parameterIndex] >= 0) {
      state[parameterIndex] = value == null ? CompiledPlan.NULL : CompiledPlan.VALUE;
      bound[parameterIndex] = value;
    }
    return real;
  }

  private int realIndex(int parameterIndex) throws SQLException {
    if (parameterIndex < 1 || parameterIndex > plan.appParameterCount) {
      throw new SQLException("parameter index " + parameterIndex + " is out of range; the statement has "
          + plan.appParameterCount + " parameters", "07009");
    }
    return plan.realIndex[parameterIndex];
  }

  // Integer setters also record the value, for the generated keys of a row whose ID the
  // application supplied itself.

  @Override
  public void setLong(int parameterIndex, long x) throws SQLException {
    super.setLong(parameterIndex, x);
    if (state != null && plan.genOfAppParameter[parameterIndex] >= 0) {
      bound[parameterIndex] = x;
    }
  }

  @Override
  public void setInt(int parameterIndex, int x) throws SQLException {
    super.setInt(parameterIndex, x);
    if (state != null && plan.genOfAppParameter[parameterIndex] >= 0) {
      bound[parameterIndex] = (long) x;
    }
  }

  @Override
  public void setShort(int parameterIndex, short x) throws SQLException {
    super.setShort(parameterIndex, x);
    if (state != null && plan.genOfAppParameter[parameterIndex] >= 0) {
      bound[parameterIndex] = (long) x;
    }
  }

  @Override
  public void setByte(int parameterIndex, byte x) throws SQLException {
    super.setByte(parameterIndex, x);
    if (state != null && plan.genOfAppParameter[parameterIndex] >= 0) {
      bound[parameterIndex] = (long) x;
    }
  }

  @Override
  public void clearParameters() throws SQLException {
    delegate.clearParameters();
    if (state != null) {
      Arrays.fill(state, CompiledPlan.UNSET);
      Arrays.fill(bound, null);
    }
  }

  /** Draws this execution's values and binds them to the generated slots. */
  private void fill() throws SQLException {
    plan.draw(values, state, bound);
    functions.generated(plan, values, state);
    for (int g = 0; g < values.length; g++) {
      if (plan.generates(g, state)) {
        delegate.setLong(plan.genRealIndex[g], values[g]);
      }
    }
  }

  /** The keys of the execution just filled, when the application asked for keys. */
  private GeneratedKeys executionKeys() {
    if (!request.wanted()) {
      return null;
    }
    GeneratedKeys execution = new GeneratedKeys(plan, request);
    execution.append(plan, values);
    return execution;
  }

  @Override
  public boolean execute() throws SQLException {
    fill();
    keys = executionKeys();
    return delegate.execute();
  }

  @Override
  public int executeUpdate() throws SQLException {
    fill();
    keys = executionKeys();
    return delegate.executeUpdate();
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    fill();
    keys = executionKeys();
    return delegate.executeLargeUpdate();
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    fill();
    keys = executionKeys();
    return wrap(delegate.executeQuery());
  }

  @Override
  public void addBatch() throws SQLException {
    fill();
    delegate.addBatch();
    if (request.wanted()) {
      if (batchKeys == null) {
        batchKeys = new GeneratedKeys(plan, request);
      }
      batchKeys.append(plan, values);
    }
  }

  @Override
  public int[] executeBatch() throws SQLException {
    GeneratedKeys batch = batchKeys;
    batchKeys = null;
    keys = batch;
    return delegate.executeBatch();
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    GeneratedKeys batch = batchKeys;
    batchKeys = null;
    keys = batch;
    return delegate.executeLargeBatch();
  }

  @Override
  public void clearBatch() throws SQLException {
    batchKeys = null;
    delegate.clearBatch();
  }

  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    if (keys == null) {
      return wrap(delegate.getGeneratedKeys());
    }
    return keys.toResultSet(this, keys.withDriverKeys() ? delegate.getGeneratedKeys() : null);
  }

  @Override
  public String toString() {
    return "seqproxy " + plan.preparedSql;
  }
}
