package io.seqproxy.jdbc;

import io.seqproxy.jdbc.delegate.DelegatingPreparedStatement;
import io.seqproxy.jdbc.delegate.SqlCall;
import io.seqproxy.jdbc.keys.GeneratedKeys;
import io.seqproxy.jdbc.keys.KeyRequest;
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
  private final Session session;
  /** The keys of the last execution, when they are not {@link #keysDrawn}; null when they are the real driver's. */
  private GeneratedKeys keys;
  /**
   * The last execution's keys are the values it drew, still in {@link #execution} (its keys were
   * asked for with no names): a keys result set is made of them only when asked for, reading them
   * in place ({@link CompiledPlan.Execution#keys}).
   */
  private boolean keysDrawn;
  private GeneratedKeys batchKeys;

  ProxyPreparedStatement(Session session, PreparedStatement delegate, CompiledPlan plan, KeyRequest request) {
    super(session, delegate);
    this.plan = plan;
    this.request = request;
    this.session = session;
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

  /** An integer is recorded with its value, for the keys of a row whose ID the application gave. */
  @Override
  protected int realIndexOfInteger(int parameterIndex, long value) throws SQLException {
    int real = plan.realIndex(parameterIndex);
    execution.recordBinding(parameterIndex, value);
    return real;
  }

  @Override
  public void clearParameters() throws SQLException {
    delegate.clearParameters();
    execution.clearBindings();
  }

  /**
   * The one path of every execution: forgets the last execution's keys, draws this one's values
   * and binds them, runs {@code call}, and keeps this execution's keys when the application asked
   * for them.
   */
  private <R> R execute(SqlCall<PreparedStatement, R> call) throws SQLException {
    keys = null;
    keysDrawn = false;
    drawAndBind();
    R result = call.on(delegate);
    if (request.mode() == KeyRequest.Mode.NAMES) {
      keys = new GeneratedKeys(plan, request);
      execution.appendKeys(keys);
    } else {
      keysDrawn = request.wanted();
    }
    return result;
  }

  /** The one path of every batch execution: its keys become the last execution's. */
  private <R> R executeBatch(SqlCall<PreparedStatement, R> call) throws SQLException {
    keys = null;
    keysDrawn = false;
    GeneratedKeys batch = batchKeys;
    batchKeys = null;
    R result = call.on(delegate);
    keys = batch;
    return result;
  }

  private void drawAndBind() throws SQLException {
    execution.draw(delegate);
    session.generated(execution.firstDrawn());
    execution.bindDrawn(delegate);
  }

  @Override
  public boolean execute() throws SQLException {
    return execute(PreparedStatement::execute);
  }

  @Override
  public int executeUpdate() throws SQLException {
    return execute(PreparedStatement::executeUpdate);
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    return execute(PreparedStatement::executeLargeUpdate);
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    return wrap(execute(PreparedStatement::executeQuery));
  }

  @Override
  public void addBatch() throws SQLException {
    if (keysDrawn) {
      // The next draw overwrites the values: the last execution's keys are kept apart first.
      keys = new GeneratedKeys(plan, request);
      execution.appendKeys(keys);
      keysDrawn = false;
    }
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
    return executeBatch(PreparedStatement::executeBatch);
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    return executeBatch(PreparedStatement::executeLargeBatch);
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
    if (keysDrawn) {
      return execution.keys(this);
    }
    if (keys != null) {
      return keys.toResultSet(this, keys.withDriverKeys() ? delegate.getGeneratedKeys() : null);
    }
    return request.wanted() ? GeneratedKeys.none(this, plan, request) : wrap(delegate.getGeneratedKeys());
  }

  @Override
  public String toString() {
    return "seqproxy " + plan.preparedSql();
  }
}
