package io.seqproxy.jdbc.rewrite;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.statement.Statement;

/**
 * The hard bound on planning one SQL string: a deadline taken when planning starts, checked
 * before each statement and enforced on every JSqlParser run.
 *
 * <p>How a parse is stopped: JSqlParser's own time-out ({@code withTimeOut}, used by {@code
 * CCJSqlParserUtil.parse}) runs the parse on an executor thread and, when time is up, sets the
 * parser's public {@code interrupted} flag, which makes its expensive look-aheads fail at once,
 * and returns while that thread may still be unwinding. Here the parse runs on the calling thread
 * and one shared watchdog thread sets the same flag at the deadline; the caller therefore gets its
 * answer only when the parser has stopped, and no parser work outlives the call. The watchdog is a
 * single daemon thread for the whole JVM that ends itself after a few idle seconds; a parse that
 * finishes in time cancels its alarm, which is then removed from the queue.
 */
final class PlanningBound {

  /**
   * The default bound: far above what any statement of the benchmark's corpora takes (under a
   * millisecond typically, tens of milliseconds on a loaded machine), so that only a statement
   * whose structure JSqlParser cannot check in reasonable time meets it.
   */
  static final Duration DEFAULT = Duration.ofSeconds(1);

  private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

  private final Duration limit;
  private long deadline;

  private PlanningBound(Duration limit) {
    this.limit = limit;
    this.deadline = System.nanoTime() + limit.toNanos();
  }

  static PlanningBound start(Duration limit) {
    return new PlanningBound(limit);
  }

  Duration limit() {
    return limit;
  }

  /**
   * Moves the deadline by time that was not planning: the database's answer about a table's
   * columns, read once per table, belongs to the database, not to the statement's structure.
   */
  void exclude(long nanos) {
    deadline += nanos;
  }

  /** Throws the refusal when the deadline has passed. */
  void check(String table) throws SQLException {
    if (System.nanoTime() - deadline >= 0) {
      throw exceeded(table);
    }
  }

  /**
   * Runs {@code parser} on this thread until it finishes or the deadline passes.
   *
   * @throws SQLException past the deadline, naming {@code table}
   * @throws ParseException when the parser rejects the text in time
   */
  Statement parse(CCJSqlParser parser, String table) throws SQLException, ParseException {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      throw exceeded(table);
    }
    ScheduledFuture<?> alarm = WATCHDOG.schedule(() -> {
      parser.interrupted = true;
    }, remaining, TimeUnit.NANOSECONDS);
    Statement statement;
    try {
      statement = parser.Statement();
    } catch (ParseException | RuntimeException | StackOverflowError e) {
      if (parser.interrupted) {
        throw exceeded(table);
      }
      if (e instanceof StackOverflowError) {
        throw new ParseException("its nesting is too deep for the parser to follow; nest fewer"
            + " parentheses");
      }
      throw e instanceof ParseException parseException ? parseException : new ParseException(e.toString());
    } finally {
      alarm.cancel(false);
    }
    if (parser.interrupted) {
      // An answer read after the alarm may rest on a look-ahead that was cut short: not trusted.
      throw exceeded(table);
    }
    return statement;
  }

  /** The alarms of parses still running, for tests. */
  static int pendingAlarms() {
    return WATCHDOG.getQueue().size();
  }

  SQLException exceeded(String table) {
    // SQLState 54000: program limit exceeded. The same string is refused the same way each time.
    return new SQLException("INSERT into " + table + " was not planned: planning one statement is"
        + " limited to " + limit.toMillis() + " ms and its structure could not be checked in that"
        + " time; simplify it (deeply nested subqueries, CASE expressions or parentheses outside"
        + " its values and WITH queries) or send it as several statements", "54000");
  }

  private static ScheduledThreadPoolExecutor watchdog() {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "seqproxy-planning-watchdog");
      thread.setDaemon(true);
      return thread;
    });
    executor.setRemoveOnCancelPolicy(true);
    executor.setKeepAliveTime(5, TimeUnit.SECONDS);
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }
}
