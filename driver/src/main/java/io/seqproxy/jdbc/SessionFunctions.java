package io.seqproxy.jdbc;

import io.seqproxy.jdbc.config.Engine;
import io.seqproxy.jdbc.function.FunctionCall;
import io.seqproxy.sequence.Sequence;
import io.seqproxy.sequence.SequenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;

/**
 * The SQL functions seqproxy answers on one connection, without asking the database:
 * <ul>
 *   <li>{@code SELECT LAST_INSERT_ID()}: the first ID seqproxy generated for the last INSERT on
 *       this connection that generated one, as MySQL reports AUTO_INCREMENT values. Until seqproxy
 *       has generated an ID here, the query goes to the database (MySQL's own answer, 0 on a fresh
 *       connection, or an AUTO_INCREMENT of a table seqproxy does not map).
 *   <li>The next value of a sequence seqproxy configures ({@link FunctionCall} lists the forms):
 *       drawn from the engine, so that an ORM's sequence strategy gets seqproxy's IDs. Sequences
 *       seqproxy does not configure are the database's.
 * </ul>
 * Answers are one-row, one-column BIGINT result sets. Like its connection, an instance is used
 * by one thread at a time.
 */
final class SessionFunctions {
  private static final long NONE = 0;

  private final Engine engine;
  /** The first ID of the last INSERT seqproxy filled on this connection; 0 before the first. */
  private long lastInsertId = NONE;

  SessionFunctions(Engine engine) {
    this.engine = engine;
  }

  /** Remembers the first value an execution of {@code plan} drew, for LAST_INSERT_ID(). */
  void generated(CompiledPlan plan, long[] values, byte[] state) {
    for (int g = 0; g < plan.genCount; g++) {
      if (plan.generates(g, state)) {
        lastInsertId = values[g];
        return;
      }
    }
  }

  /** The call seqproxy answers for {@code sql}, or null when the database should run it. */
  FunctionCall answerable(String sql) {
    FunctionCall call = FunctionCall.of(sql);
    if (call == null) {
      return null;
    }
    return switch (call.kind()) {
      case LAST_INSERT_ID -> lastInsertId == NONE ? null : call;
      case NEXT_VALUE -> sequence(call) == null ? null : call;
    };
  }

  /** The answer to {@code sql} as a result set of {@code owner}, or null when the database should run it. */
  ResultSet answer(String sql, Statement owner) throws SQLException {
    FunctionCall call = answerable(sql);
    return call == null ? null : answer(call, owner);
  }

  /** A prepared statement answering {@code sql}, or null when the database should prepare it. */
  PreparedStatement prepare(String sql, Connection proxy, Connection real) throws SQLException {
    FunctionCall call = answerable(sql);
    return call == null ? null : new AnsweredPreparedStatement(proxy, real.createStatement(), this, call);
  }

  ResultSet answer(FunctionCall call, Statement owner) throws SQLException {
    long value = switch (call.kind()) {
      case LAST_INSERT_ID -> lastInsertId;
      case NEXT_VALUE -> next(sequence(call));
    };
    return new KeysResultSet(owner, new String[] {call.label()}, new int[] {Types.BIGINT}, new Object[] {value});
  }

  /** Names match as in the YAML file, else ignoring case: SQL folds unquoted names either way. */
  private Sequence sequence(FunctionCall call) {
    Sequence sequence = engine.sequence(call.sequence());
    if (sequence == null) {
      for (String name : engine.sequenceNames()) {
        if (name.equalsIgnoreCase(call.sequence())) {
          return engine.sequence(name);
        }
      }
    }
    return sequence;
  }

  private static long next(Sequence sequence) throws SQLException {
    try {
      return sequence.next();
    } catch (SequenceException e) {
      throw CompiledPlan.sqlException(sequence, e);
    }
  }
}
