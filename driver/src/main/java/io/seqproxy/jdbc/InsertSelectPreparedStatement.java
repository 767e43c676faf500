package io.seqproxy.jdbc;

import io.seqproxy.jdbc.delegate.DelegatingPreparedStatement;
import io.seqproxy.jdbc.keys.KeyRequest;
import io.seqproxy.jdbc.rewrite.InsertSelectPlan;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A prepared INSERT ... SELECT that seqproxy runs itself ({@link Verdict.SelectThenInsert}). The
 * real statement is the plan's query, prepared once: the application's parameter N is the query's
 * parameter N, so its bindings go straight to it and keep their meaning from execution to
 * execution. Each execution runs the query and inserts its rows with their IDs ({@link CopiedRows}).
 * Batches are refused: each entry would be a transaction of its own, which {@code executeBatch}
 * cannot report honestly when one fails half-way.
 *
 * <p>Like the JDBC statement it wraps, one instance is used by one thread at a time.
 */
final class InsertSelectPreparedStatement extends DelegatingPreparedStatement<PreparedStatement> {
  private final InsertSelectPlan plan;
  private final KeyRequest request;
  private final Session session;
  /** The last execution; null before the first and after a failed one. */
  private CopiedRows copied;

  InsertSelectPreparedStatement(Session session, PreparedStatement query, InsertSelectPlan plan,
      KeyRequest request) {
    super(session, query);
    this.plan = plan;
    this.request = request;
    this.session = session;
  }

  /** The one path of every execution: forgets the last one, then runs the plan with the bound parameters. */
  private CopiedRows run() throws SQLException {
    copied = null;
    copied = CopiedRows.run(delegate, plan, session);
    return copied;
  }

  @Override
  public boolean execute() throws SQLException {
    run();
    return false;
  }

  @Override
  public int executeUpdate() throws SQLException {
    return Math.toIntExact(run().rowsInserted());
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    return run().rowsInserted();
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    copied = null;
    throw CopiedRows.notAQuery(plan);
  }

  @Override
  public void addBatch() throws SQLException {
    throw CopiedRows.notInBatch(plan);
  }

  @Override
  public ResultSet getResultSet() {
    return null;
  }

  @Override
  public int getUpdateCount() {
    return copied == null ? -1 : (int) copied.updateCount();
  }

  @Override
  public long getLargeUpdateCount() {
    return copied == null ? -1 : copied.updateCount();
  }

  @Override
  public boolean getMoreResults() {
    return copied != null && copied.noMoreResults();
  }

  @Override
  public boolean getMoreResults(int current) {
    return getMoreResults();
  }

  /** The keys of the last execution; none before the first or after a failed one. */
  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    if (copied == null) {
      return CopiedRows.noKeys(this, plan);
    }
    return copied.generatedKeys(this, request);
  }

  @Override
  public String toString() {
    return "seqproxy INSERT ... SELECT into " + plan.table() + ": " + plan.selectSql();
  }
}
