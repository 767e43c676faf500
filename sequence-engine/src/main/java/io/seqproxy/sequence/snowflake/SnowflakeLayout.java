package io.seqproxy.sequence.snowflake;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * How a Snowflake ID's 63 usable bits are split: from the top, a timestamp counted in ticks of
 * {@code unitMillis} since the epoch, the worker id, and a per-tick counter. The sign bit is
 * always zero, so IDs are positive.
 *
 * @param timestampBits bits of ticks since the epoch
 * @param workerBits bits of worker id (0 allowed: a single worker)
 * @param sequenceBits bits of the per-tick counter
 * @param unitMillis the length of a tick in milliseconds
 */
public record SnowflakeLayout(int timestampBits, int workerBits, int sequenceBits, long unitMillis) {

  /** Twitter's layout: 41 bits of milliseconds (69 years), 1,024 workers, 4,096 IDs per ms each. */
  public static SnowflakeLayout standard() {
    return new SnowflakeLayout(41, 10, 12, 1);
  }

  /**
   * A layout whose IDs stay below 2^53, so JavaScript's numbers hold them exactly: 41 bits of
   * milliseconds (69 years), 32 workers, 128 IDs per ms (128,000 per second) each.
   */
  public static SnowflakeLayout javascript() {
    return new SnowflakeLayout(41, 5, 7, 1);
  }

  /**
   * @throws IllegalArgumentException saying what does not fit
   */
  public static SnowflakeLayout of(int timestampBits, int workerBits, int sequenceBits, long unitMillis) {
    return new SnowflakeLayout(timestampBits, workerBits, sequenceBits, unitMillis);
  }

  public SnowflakeLayout {
    if (timestampBits < 1 || workerBits < 0 || sequenceBits < 1) {
      throw new IllegalArgumentException("timestamp and sequence bits must be at least 1 and worker bits"
          + " at least 0, got timestamp=" + timestampBits + " worker=" + workerBits
          + " sequence=" + sequenceBits);
    }
    int total = timestampBits + workerBits + sequenceBits;
    if (total > 63) {
      throw new IllegalArgumentException("the layout needs " + total + " bits (timestamp="
          + timestampBits + " + worker=" + workerBits + " + sequence=" + sequenceBits
          + ") but a positive 64-bit ID has 63");
    }
    if (unitMillis < 1) {
      throw new IllegalArgumentException("the time unit must be at least 1 ms, got " + unitMillis);
    }
  }

  public int totalBits() {
    return timestampBits + workerBits + sequenceBits;
  }

  public int maxWorkerId() {
    return (int) ((1L << workerBits) - 1);
  }

  public long maxSequence() {
    return (1L << sequenceBits) - 1;
  }

  public long maxTick() {
    return (1L << timestampBits) - 1;
  }

  /** The highest ID a tick issues per worker: the layout's IDs per tick per worker. */
  public long idsPerTick() {
    return 1L << sequenceBits;
  }

  /** The last instant the layout can express from {@code epoch}. */
  public Instant endOfTime(Instant epoch) {
    return epoch.plusMillis(Math.multiplyExact(maxTick(), unitMillis) + unitMillis - 1);
  }

  /** Under this much time left, {@code seqproxy check} and the startup log warn. */
  public static final Duration END_OF_TIME_WARNING = ChronoUnit.YEARS.getDuration().multipliedBy(10);

  /** True when the layout runs out within {@link #END_OF_TIME_WARNING} of {@code now}. */
  public boolean endsSoon(Instant epoch, Instant now) {
    return endOfTime(epoch).isBefore(now.plus(END_OF_TIME_WARNING));
  }

  /**
   * When the layout runs out, for people: {@code "runs out on 2093-09-06 (66 years from now)"},
   * with what to change when that is less than ten years away.
   */
  public String describeEndOfTime(Instant epoch, Instant now) {
    Instant end = endOfTime(epoch);
    String date = end.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    if (!end.isAfter(now)) {
      return "ran out on " + date + ": no ID can be issued; choose a later epoch or more timestamp bits";
    }
    long years = ChronoUnit.YEARS.between(now.atOffset(ZoneOffset.UTC), end.atOffset(ZoneOffset.UTC));
    String left = years >= 1 ? years + (years == 1 ? " year" : " years")
        : ChronoUnit.DAYS.between(now, end) + " days";
    if (endsSoon(epoch, now)) {
      return "runs out on " + date + ", in " + left + " (less than 10 years): choose a later epoch or more"
          + " timestamp bits before then";
    }
    return "runs out on " + date + " (" + left + " from now)";
  }

  long compose(long tick, long worker, long sequence) {
    return (tick << (workerBits + sequenceBits)) | (worker << sequenceBits) | sequence;
  }

  /** Splits {@code id} into its parts, given the epoch the sequence uses. */
  public Decoded decode(long id, Instant epoch) {
    if (id < 0) {
      throw new IllegalArgumentException("a Snowflake ID is positive, got " + id);
    }
    if (totalBits() < 63 && (id >>> totalBits()) != 0) {
      throw new IllegalArgumentException(id + " has more than the layout's " + totalBits() + " bits");
    }
    long tick = id >>> (workerBits + sequenceBits);
    int worker = (int) ((id >>> sequenceBits) & maxWorkerId());
    long sequence = id & maxSequence();
    return new Decoded(epoch.plusMillis(tick * unitMillis), tick, worker, sequence);
  }

  /** The parts of a Snowflake ID. */
  public record Decoded(Instant timestamp, long tick, int workerId, long sequence) {}
}
