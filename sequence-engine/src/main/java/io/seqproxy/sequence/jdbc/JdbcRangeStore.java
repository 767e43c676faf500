package io.seqproxy.sequence.jdbc;

import io.seqproxy.sequence.SequenceExhaustedException;
import io.seqproxy.sequence.SequenceUnavailableException;
import io.seqproxy.sequence.range.Range;
import io.seqproxy.sequence.range.RangeMath;
import io.seqproxy.sequence.range.RangeStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ranges in a database table ({@link StoreTables}). A reservation is a compare-and-set
 * {@code UPDATE ... SET next_value = :new WHERE sequence_name = :s AND next_value = :seen},
 * committed on the store's own auto-commit connection: if it changed one row, the range is ours
 * and durable; if another process moved the mark first, it changed none, and we read the mark
 * again and retry with backoff until the bounded wait runs out. Reserving and raising share that
 * one loop ({@link #moveMark}), so both are bounded by {@code max-wait}. The mark last seen is
 * remembered, so a process that is alone on a sequence needs one round trip per range.
 */
final class JdbcRangeStore implements RangeStore {

  private final StoreConnection store;
  private final StoreTables tables;
  private final long maxWaitNanos;
  private final ConcurrentHashMap<String, Long> lastSeen = new ConcurrentHashMap<>();
  private final AtomicLong roundTrips = new AtomicLong();

  JdbcRangeStore(StoreConnection store, StoreTables tables, long maxWaitMillis) {
    this.store = store;
    this.tables = tables;
    this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
  }

  @Override
  public Range reserve(String sequence, long start, long size, long maxValue) {
    Moved moved = moveMark(sequence, "reserving", seen -> {
      long from = Math.max(seen.orElse(start), start);
      if (from > maxValue || from == Long.MAX_VALUE) {
        throw new SequenceExhaustedException("sequence " + sequence + " has issued every value up to its max "
            + maxValue + " (" + describe() + ")");
      }
      return RangeMath.endOf(from, size, maxValue);
    });
    return new Range(Math.max(moved.before().orElse(start), start), moved.after());
  }

  @Override
  public long raiseTo(String sequence, long value) {
    lastSeen.remove(sequence); // the caller raises because the mark may have moved elsewhere
    return moveMark(sequence, "raising", seen -> seen.isPresent() && seen.getAsLong() >= value ? KEEP : value)
        .after();
  }

  /** What an attempt wants the mark to become, given the mark it saw; {@link #KEEP} to change nothing. */
  private interface Move {
    long next(OptionalLong seen);
  }

  private static final long KEEP = Long.MIN_VALUE;

  /** The mark an attempt saw and the mark it left (equal to the seen one when it kept it). */
  private record Moved(OptionalLong before, long after) {}

  /**
   * The one compare-and-set loop every change of a mark goes through: read the mark (or use the
   * one last seen), ask {@code move} for the next one, and write it only if the row still holds
   * what was seen (an INSERT when there is no row yet). A lost race reads again at once, then
   * with jittered backoff; the whole loop is bounded by {@code max-wait}, after which it fails
   * with {@link SequenceUnavailableException}.
   */
  private Moved moveMark(String sequence, String doing, Move move) {
    long deadline = System.nanoTime() + maxWaitNanos;
    int attempt = 0;
    while (true) {
      Long remembered = lastSeen.get(sequence);
      OptionalLong seen = remembered == null ? highWater(sequence) : OptionalLong.of(remembered);
      long next = move.next(seen);
      if (next == KEEP) {
        seen.ifPresent(mark -> lastSeen.put(sequence, mark));
        return new Moved(seen, seen.getAsLong());
      }
      boolean written = seen.isEmpty() ? insertMark(sequence, next) : compareAndSet(sequence, seen.getAsLong(), next);
      if (written) {
        lastSeen.put(sequence, next);
        return new Moved(seen, next);
      }
      lastSeen.remove(sequence);
      if (++attempt > 1) {
        backoff(sequence, doing, attempt, deadline);
      }
    }
  }

  private void backoff(String sequence, String doing, int attempt, long deadline) {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      throw new SequenceUnavailableException("sequence " + sequence + ": " + doing + " the mark in " + describe()
          + " lost to other processes " + attempt + " times within " + TimeUnit.NANOSECONDS.toMillis(maxWaitNanos)
          + " ms (max-wait)");
    }
    long pauseMicros = ThreadLocalRandom.current().nextLong(100, 1000L * Math.min(attempt, 20));
    try {
      TimeUnit.MICROSECONDS.sleep(Math.min(pauseMicros, TimeUnit.NANOSECONDS.toMicros(remaining)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SequenceUnavailableException("sequence " + sequence + ": interrupted while " + doing + " the mark", e);
    }
  }

  private boolean compareAndSet(String sequence, long expected, long next) {
    roundTrips.incrementAndGet();
    return store.call(c -> {
      try (PreparedStatement update = c.prepareStatement(
          "UPDATE " + tables.range + " SET next_value = ? WHERE sequence_name = ? AND next_value = ?")) {
        update.setLong(1, next);
        update.setString(2, sequence);
        update.setLong(3, expected);
        return update.executeUpdate() == 1;
      }
    });
  }

  private boolean insertMark(String sequence, long next) {
    roundTrips.incrementAndGet();
    return store.call(c -> {
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO " + tables.range + " (sequence_name, next_value) VALUES (?, ?)")) {
        insert.setString(1, sequence);
        insert.setLong(2, next);
        insert.executeUpdate();
        return true;
      } catch (SQLException e) {
        if (StoreConnection.isConstraintViolation(e)) {
          return false;
        }
        throw e;
      }
    });
  }

  @Override
  public boolean release(String sequence, Range range, long unusedFrom) {
    if (unusedFrom >= range.end()) {
      return false;
    }
    boolean released = compareAndSet(sequence, range.end(), unusedFrom);
    lastSeen.remove(sequence);
    return released;
  }

  @Override
  public OptionalLong highWater(String sequence) {
    roundTrips.incrementAndGet();
    return store.call(c -> read(c, sequence));
  }

  private OptionalLong read(Connection c, String sequence) throws SQLException {
    try (PreparedStatement select = c.prepareStatement(
        "SELECT next_value FROM " + tables.range + " WHERE sequence_name = ?")) {
      select.setString(1, sequence);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  /** Statements sent to the database so far. */
  long roundTrips() {
    return roundTrips.get();
  }

  @Override
  public String describe() {
    return "jdbc store " + store.description() + " (table " + tables.range + ")";
  }

  @Override
  public void close() {
    // the connection belongs to the JdbcSequenceStore
  }
}
