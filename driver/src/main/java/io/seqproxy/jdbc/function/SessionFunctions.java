package io.seqproxy.jdbc.function;

import io.seqproxy.jdbc.Engine;
import io.seqproxy.jdbc.keys.KeysResultSet;
import io.seqproxy.sequence.Sequence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.function.LongSupplier;

/**
 * The SQL functions seqproxy answers on one connection, without asking the database:
 * <ul>
 *   <li>{@code SELECT LAST_INSERT_ID()}: the first ID seqproxy generated for the last INSERT on
 *       this connection that generated one, as MySQL reports AUTO_INCREMENT values. Until seqproxy
 *       has generated an ID here, the query goes to the database (MySQL's own answer, 0 on a fresh
 *       connection, or an AUTO_INCREMENT of a table seqproxy does not map).
 *   <li>The next value of a sequence seqproxy configures ({@link FunctionCall} lists the forms):
 *       drawn from the engine, so that an ORM's sequence strategy gets seqproxy's IDs. Sequences
 *       seqproxy does not configure are the database's (the caller does not ask here).
 * </ul>
 * A sequence whose increment N is above 1 ({@link Increments}) answers for an ORM that derives N
 * IDs from each answer, as Hibernate's optimizers do with {@code allocationSize = N}: {@code pooled}
 * takes the answer v as the top of its block, {@code v-N+1 … v}, and {@code pooled-lo} as the
 * bottom, {@code v … v+N-1}. The application's choice cannot be seen, so each answer reserves
 * 2N-1 consecutive values {@code [f, f+2N-2]} in one engine call and returns {@code f+N-1}: both
 * readings stay inside a block nobody else gets. Pooled's first-call cases (an answer equal to
 * the generator's initial value, or below N when that is unknown) take the answer alone, which is
 * inside the block too. Half of each block is a gap; duplicates never.
 *
 * Answers are one-row, one-column BIGINT result sets. Like its connection, an instance is used
 * by one thread at a time.
 */
public final class SessionFunctions {
  /** What {@code lastInsertId} answers before seqproxy filled an INSERT on the connection. */
  public static final long NONE = 0;

  private final Increments increments;
  /** The real connection, for reading a database sequence's increment. */
  private final Connection real;
  /** The first ID of the last INSERT seqproxy filled on this connection; {@link #NONE} before the first. */
  private final LongSupplier lastInsertId;

  /**
   * @param lastInsertId the connection's record of its INSERTs, which every execution updates: it
   *     lives with the connection, so that this object is made only when a function is called
   */
  public SessionFunctions(Increments increments, Connection real, LongSupplier lastInsertId) {
    this.increments = increments;
    this.real = real;
    this.lastInsertId = lastInsertId;
  }

  /**
   * The answer to {@code call} as a result set of {@code owner}, or null when the database should
   * run it.
   *
   * @param sequence the sequence of a NEXT_VALUE call
   */
  public ResultSet answer(FunctionCall call, Sequence sequence, Statement owner) throws SQLException {
    long value;
    if (call.kind() == FunctionCall.Kind.LAST_INSERT_ID) {
      value = lastInsertId.getAsLong();
      if (value == NONE) {
        return null;
      }
    } else {
      int increment = increments.of(sequence, real);
      value = increment == 1 ? Engine.next(sequence) : Engine.nextBlock(sequence, 2 * increment - 1) + increment - 1;
    }
    return new KeysResultSet(owner, new String[] {call.label()}, new int[] {Types.BIGINT}, new Object[] {value});
  }

  /** A prepared statement answering {@code call}, or null when the database should prepare it. */
  public PreparedStatement prepare(FunctionCall call, Sequence sequence, Connection proxy, Connection real)
      throws SQLException {
    if (call.kind() == FunctionCall.Kind.LAST_INSERT_ID && lastInsertId.getAsLong() == NONE) {
      return null;
    }
    return new AnsweredPreparedStatement(proxy, real.createStatement(), this, call, sequence);
  }
}
