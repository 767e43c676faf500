package io.seqproxy.jdbc;

import io.seqproxy.jdbc.function.FunctionCall;
import io.seqproxy.jdbc.rewrite.InsertSelectPlan;
import io.seqproxy.sequence.Sequence;

/**
 * What seqproxy does with one SQL string, decided once per string by {@link Verdicts}: send it as
 * written, answer the function call it is, rewrite it with its {@link CompiledPlan}, or run it as
 * its query followed by INSERTs ({@link SelectThenInsert}).
 */
sealed interface Verdict permits Verdict.PassThrough, Verdict.Answer, Verdict.SelectThenInsert, CompiledPlan {

  /** Sent to the real driver exactly as written. */
  enum PassThrough implements Verdict { AS_WRITTEN }

  /**
   * A call seqproxy answers itself: the next value of one of its sequences, or
   * {@code LAST_INSERT_ID()} (answered once the connection has drawn an ID, else the database's).
   *
   * @param sequence the sequence of a {@code NEXT_VALUE} call; null for {@code LAST_INSERT_ID}
   */
  record Answer(FunctionCall call, Sequence sequence) implements Verdict {}

  /**
   * An INSERT ... SELECT into a mapped table whose query does not supply the generated columns:
   * seqproxy runs it itself ({@link InsertSelect}), the query first, then its rows with their IDs.
   */
  record SelectThenInsert(InsertSelectPlan plan) implements Verdict {}
}
