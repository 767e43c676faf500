package io.seqproxy.jdbc;

import io.seqproxy.jdbc.delegate.DelegatingStatement;
import io.seqproxy.jdbc.delegate.SqlCall;
import io.seqproxy.jdbc.keys.GeneratedKeys;
import io.seqproxy.jdbc.keys.KeyRequest;
import io.seqproxy.jdbc.keys.KeysResultSet;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A plain Statement. Every {@code execute*} overload takes one path ({@link #start}): it resets
 * what describes the last execution, takes the verdict on the SQL, and answers it, or sends it
 * rewritten (generated values written as decimal literals), or runs it as an INSERT ... SELECT
 * ({@link CopiedRows}), or sends it exactly as given through the overload the application called.
 */
final class ProxyStatement extends DelegatingStatement<Statement> {
  private static final String[] NO_COLUMNS = {};

  /** Whether seqproxy answered the last execution itself (then the real statement has no part in it). */
  private boolean answeredLast;
  /** The result of the answered execution until {@code getMoreResults}; else null. */
  private ResultSet answered;
  /** The keys of the last execution, unless {@link #drawnKeys}; null when they are the real driver's. */
  private GeneratedKeys keys;
  /**
   * The last execution's drawn values, when its keys were asked for with no names: a keys result
   * set is made of them only when asked for, reading them in place. Null otherwise.
   */
  private CompiledPlan.Execution drawnKeys;
  /**
   * The rewritten INSERT being sent, until the real driver has run it: when the driver throws
   * instead, it stays, and the keys reported are none of those it drew (its values are gaps), in
   * the columns asked for ({@link #unsentAsked}), as after a refused prepared execution. Its keys
   * ({@link #keys} or {@link #drawnKeys}) are set as it starts, and reported once it ran.
   */
  private CompiledPlan.Execution unsent;
  private KeyRequest unsentAsked;
  /** What {@link #start} decided to send: the text, and the keys asked of the real driver. */
  private String outgoingSql;
  private KeyRequest outgoingKeys;
  private GeneratedKeys batchKeys;
  /** The INSERT ... SELECT seqproxy ran as the last execution, and the keys it asked for; else null. */
  private CopiedRows copied;
  private KeyRequest copiedKeys;

  ProxyStatement(Session session, Statement delegate) {
    super(session, delegate);
  }

  /** The connection, whose verdicts decide each SQL string. */
  private Session session() {
    return (Session) connection;
  }

  /** What the called overload may return: rows (executeQuery), either (execute), a count (executeUpdate). */
  private enum Returns { ROWS, EITHER, COUNT }

  /**
   * How an execution goes on: the real statement sends {@link #outgoingSql}; or seqproxy answered
   * it ({@link #answered}); or seqproxy ran it as an INSERT ... SELECT ({@link #copied}).
   */
  private enum Started { SEND, ANSWERED, COPIED }

  /**
   * The one path of every execution: forgets the last execution's result, answer and keys; then
   * answers the SQL (only executions that may return rows), or rewrites it (drawing its values
   * and keeping its keys when wanted), or runs it as an INSERT ... SELECT (only executions that may
   * return a count), or leaves it as written. Allocates nothing for SQL sent as written.
   */
  private Started start(String sql, KeyRequest request, Returns returns) throws SQLException {
    forgetLastExecution();
    Verdict verdict = session().verdict(sql);
    if (verdict instanceof Verdict.SelectThenInsert copy) {
      if (returns == Returns.ROWS) {
        throw CopiedRows.notAQuery(copy.plan());
      }
      copied = CopiedRows.run(delegate.getConnection(), copy.plan(), session());
      copiedKeys = request;
      return Started.COPIED;
    }
    if (verdict instanceof CompiledPlan plan) {
      CompiledPlan.Execution execution = draw(plan);
      if (request.mode() == KeyRequest.Mode.NAMES) {
        keys = new GeneratedKeys(plan, request);
        execution.appendKeys(keys);
      } else if (request.wanted()) {
        drawnKeys = execution;
      }
      unsent = execution;
      unsentAsked = request;
      outgoingSql = execution.render();
      outgoingKeys = request.forDriver(plan);
      return Started.SEND;
    }
    if (returns != Returns.COUNT && verdict instanceof Verdict.Answer answer) {
      answered = session().functions().answer(answer.call(), answer.sequence(), this);
      if (answered != null) {
        answeredLast = true;
        return Started.ANSWERED;
      }
    }
    outgoingSql = sql;
    outgoingKeys = request;
    return Started.SEND;
  }

  private CompiledPlan.Execution draw(CompiledPlan plan) throws SQLException {
    CompiledPlan.Execution execution = plan.statementExecution();
    execution.draw(delegate);
    session().generated(execution.firstDrawn());
    return execution;
  }

  private void forgetLastExecution() throws SQLException {
    keys = null;
    drawnKeys = null;
    unsent = null;
    unsentAsked = null;
    copied = null;
    answeredLast = false;
    if (answered != null) {
      answered.close();
      answered = null;
    }
  }

  private boolean execute(String sql, KeyRequest request) throws SQLException {
    Started started = start(sql, request, Returns.EITHER);
    if (started != Started.SEND) {
      return started == Started.ANSWERED;
    }
    boolean rows = outgoingKeys.execute(delegate, outgoing());
    sent();
    return rows;
  }

  private int executeUpdate(String sql, KeyRequest request) throws SQLException {
    if (start(sql, request, Returns.COUNT) == Started.COPIED) {
      return Math.toIntExact(copied.rowsInserted());
    }
    int count = outgoingKeys.executeUpdate(delegate, outgoing());
    sent();
    return count;
  }

  private long executeLargeUpdate(String sql, KeyRequest request) throws SQLException {
    if (start(sql, request, Returns.COUNT) == Started.COPIED) {
      return copied.rowsInserted();
    }
    long count = outgoingKeys.executeLargeUpdate(delegate, outgoing());
    sent();
    return count;
  }

  /** The text {@link #start} decided to send, no longer held by the statement once taken. */
  private String outgoing() {
    String sql = outgoingSql;
    outgoingSql = null;
    return sql;
  }

  /** The keys a rewritten execution drew are reported once the real driver has run it. */
  private void sent() {
    unsent = null;
    unsentAsked = null;
  }

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    return start(sql, KeyRequest.NONE, Returns.ROWS) == Started.ANSWERED ? answered
        : wrap(delegate.executeQuery(outgoing()));
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    return execute(sql, KeyRequest.NONE);
  }

  @Override
  public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
    return execute(sql, KeyRequest.of(autoGeneratedKeys));
  }

  @Override
  public boolean execute(String sql, int[] columnIndexes) throws SQLException {
    return execute(sql, KeyRequest.of(columnIndexes));
  }

  @Override
  public boolean execute(String sql, String[] columnNames) throws SQLException {
    return execute(sql, KeyRequest.of(columnNames));
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    return executeUpdate(sql, KeyRequest.NONE);
  }

  @Override
  public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    return executeUpdate(sql, KeyRequest.of(autoGeneratedKeys));
  }

  @Override
  public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
    return executeUpdate(sql, KeyRequest.of(columnIndexes));
  }

  @Override
  public int executeUpdate(String sql, String[] columnNames) throws SQLException {
    return executeUpdate(sql, KeyRequest.of(columnNames));
  }

  @Override
  public long executeLargeUpdate(String sql) throws SQLException {
    return executeLargeUpdate(sql, KeyRequest.NONE);
  }

  @Override
  public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    return executeLargeUpdate(sql, KeyRequest.of(autoGeneratedKeys));
  }

  @Override
  public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
    return executeLargeUpdate(sql, KeyRequest.of(columnIndexes));
  }

  @Override
  public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
    return executeLargeUpdate(sql, KeyRequest.of(columnNames));
  }

  /**
   * Batches get one ID per row. JDBC has no key request for a batch, so the keys of rewritten
   * entries are always kept; a batch with none of them reports the real driver's keys.
   */
  @Override
  public void addBatch(String sql) throws SQLException {
    Verdict verdict = session().verdict(sql);
    if (verdict instanceof Verdict.SelectThenInsert copy) {
      throw CopiedRows.notInBatch(copy.plan());
    }
    if (!(verdict instanceof CompiledPlan plan)) {
      delegate.addBatch(sql);
      return;
    }
    CompiledPlan.Execution execution = draw(plan);
    delegate.addBatch(execution.render());
    if (batchKeys == null) {
      batchKeys = new GeneratedKeys(plan, KeyRequest.ALL);
    }
    execution.appendKeys(batchKeys);
  }

  @Override
  public int[] executeBatch() throws SQLException {
    return executeBatch(Statement::executeBatch);
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    return executeBatch(Statement::executeLargeBatch);
  }

  /** The one path of every batch execution: its keys become the last execution's. */
  private <R> R executeBatch(SqlCall<Statement, R> call) throws SQLException {
    forgetLastExecution();
    GeneratedKeys batch = batchKeys;
    batchKeys = null;
    R result = call.on(delegate);
    keys = batch;
    return result;
  }

  @Override
  public void clearBatch() throws SQLException {
    batchKeys = null;
    delegate.clearBatch();
  }

  @Override
  public ResultSet getResultSet() throws SQLException {
    return copied != null ? null : answeredLast ? answered : super.getResultSet();
  }

  @Override
  public int getUpdateCount() throws SQLException {
    return copied != null ? (int) copied.updateCount() : answeredLast ? -1 : delegate.getUpdateCount();
  }

  @Override
  public long getLargeUpdateCount() throws SQLException {
    return copied != null ? copied.updateCount() : answeredLast ? -1 : delegate.getLargeUpdateCount();
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    return copied != null ? copied.noMoreResults()
        : answeredLast ? noMoreAnswers(Statement.CLOSE_CURRENT_RESULT) : delegate.getMoreResults();
  }

  @Override
  public boolean getMoreResults(int current) throws SQLException {
    return copied != null ? copied.noMoreResults() : answeredLast ? noMoreAnswers(current) : delegate.getMoreResults(current);
  }

  /** An answer is one result: after it, no result set and no update count. */
  private boolean noMoreAnswers(int current) throws SQLException {
    if (answered != null && current != Statement.KEEP_CURRENT_RESULT) {
      answered.close();
    }
    answered = null;
    return false;
  }

  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    if (copied != null) {
      return copied.generatedKeys(this, copiedKeys);
    }
    if (answeredLast) {
      return new KeysResultSet(this, NO_COLUMNS, new int[0], new Object[0]);
    }
    if (unsent != null && unsentAsked.wanted()) {
      return GeneratedKeys.none(this, unsent.plan(), unsentAsked);
    }
    if (drawnKeys != null) {
      return drawnKeys.keys(this);
    }
    if (keys == null) {
      return wrap(delegate.getGeneratedKeys());
    }
    return keys.toResultSet(this, keys.withDriverKeys() ? delegate.getGeneratedKeys() : null);
  }
}
