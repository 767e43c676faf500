package io.seqproxy.jdbc.config;

import io.seqproxy.sequence.snowflake.RegionBits;
import io.seqproxy.sequence.snowflake.SnowflakeLayout;
import java.time.Duration;
import java.time.Instant;

/**
 * One validated entry of {@code sequences:}. A null field was not written in the file and takes
 * the engine's default.
 */
sealed interface SequenceSpec {

  String name();

  /** The store's name: where ranges are reserved, or worker ids leased. */
  String store();

  /** The 1-based line of the entry in the file, for errors found when the engine is built. */
  int line();

  /** {@code increment}: how many IDs an ORM derives from one next-value answer; null when not set. */
  Integer increment();

  /** {@code type: segment}: range allocation. */
  record Segment(
      String name,
      String store,
      int line,
      Long start,
      Long range,
      Long maxRange,
      Long max,
      Duration targetLifetime,
      Duration fetchTimeout,
      Integer increment) implements SequenceSpec {}

  /**
   * {@code type: snowflake}; {@code workerId} null means {@code auto} (leased from the store).
   * With {@code region} (null without {@code region-bits}) the layout's worker field holds the
   * region id above the worker id, and {@code workerId} is the id within the region.
   */
  record Snowflake(
      String name,
      String store,
      int line,
      SnowflakeLayout layout,
      Instant epoch,
      Integer workerId,
      Duration clockTolerance,
      Integer spread,
      RegionBits region,
      Integer increment) implements SequenceSpec {}
}
