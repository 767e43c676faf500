package io.seqproxy.jdbc.rewrite;

import java.sql.SQLFeatureNotSupportedException;

/**
 * The verdict on an INSERT ... SELECT into a mapped table whose query does not supply the
 * generated columns: it cannot be sent as one rewritten statement, but it can run as its {@link
 * #plan() plan} says. A caller that does not run such plans lets this propagate: it is a refusal,
 * and nothing has been written. Deterministic: the same string yields the same verdict.
 */
public final class InsertSelectRequired extends SQLFeatureNotSupportedException {

  private static final long serialVersionUID = 1L;

  private final transient InsertSelectPlan plan;

  InsertSelectRequired(InsertSelectPlan plan) {
    super("INSERT ... SELECT into " + plan.table() + " does not supply "
        + String.join(", ", plan.generatedColumns()) + ": seqproxy fills it by running the query"
        + " first and inserting its rows with their IDs in one transaction, which this statement"
        + " was not sent through; list " + String.join(", ", plan.generatedColumns())
        + " in the column list and select its value, or insert with VALUES");
    this.plan = plan;
  }

  /** How to run the statement. */
  public InsertSelectPlan plan() {
    return plan;
  }
}
