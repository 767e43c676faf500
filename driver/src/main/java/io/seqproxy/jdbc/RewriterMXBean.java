package io.seqproxy.jdbc;

/**
 * The INSERT rewriter of one engine and SQL dialect seen through JMX, as
 * {@code io.seqproxy:type=Rewriter,source=<configuration>,dialect=<dialect>}: what its verdict cache
 * holds, how often it planned and how long that took, and how many statements it refused, by
 * reason. Counted where planning or refusing already happens; a cached verdict counts nothing.
 */
public interface RewriterMXBean {
  /** SQL strings whose verdict is cached now (pass through, answer, rewrite or INSERT ... SELECT). */
  int getVerdictsCached();

  /** Statement shapes (text with literals left out) whose plan is cached now. */
  int getShapesCached();

  /** Shapes the rewriter planned (parsed and checked): each a cache miss of an INSERT into a mapped table. */
  long getPlannings();

  /** INSERT ... SELECT statements planned to run as their query and then INSERTs. */
  long getInsertSelectsPlanned();

  /** Milliseconds spent planning, in total. */
  double getPlanningMillisTotal();

  /** The longest planning, in milliseconds. */
  double getPlanningMillisMax();

  /** Statements refused because planning exceeded its time bound (SQLState 54000); never cached. */
  long getRefusedPlanningBound();

  /** Statements refused because seqproxy does not fill their form (SQLFeatureNotSupportedException). */
  long getRefusedUnsupported();

  /** Statements refused as invalid: unparseable, or a value for a column with {@code explicit: reject}. */
  long getRefusedInvalid();
}
