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
 * again and retry with backoff until the bounded wait runs out. The mark last seen is
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
    long deadline = System.nanoTime() + maxWaitNanos;
    int attempt = 0;
    while (true) {
      Long seen = lastSeen.get(sequence);
      if (seen == null) {
        OptionalLong mark = highWater(sequence);
        if (mark.isEmpty()) {
          long to = RangeMath.endOf(start, size, maxValue);
          if (insertMark(sequence, to)) {
            return new Range(start, to);
          }
          continue; // another process created it first
        }
        seen = mark.getAsLong();
      }
      long from = Math.max(seen, start);
      if (from > maxValue || from == Long.MAX_VALUE) {
        throw new SequenceExhaustedException("sequence " + sequence + " has issued every value up to its max "
            + maxValue + " (" + describe() + ")");
      }
      long to = RangeMath.endOf(from, size, maxValue);
      if (compareAndSet(sequence, seen, to)) {
        lastSeen.put(sequence, to);
        return new Range(from, to);
      }
      lastSeen.remove(sequence);
      if (++attempt > 1) {
        backoff(sequence, attempt, deadline);
      }
    }
  }

  private void backoff(String sequence, int attempt, long deadline) {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      throw new SequenceUnavailableException("sequence " + sequence + ": " + attempt
          + " reservations in " + describe() + " lost to other processes within "
          + TimeUnit.NANOSECONDS.toMillis(maxWaitNanos) + " ms");
    }
    long pauseMicros = ThreadLocalRandom.current().nextLong(100, 1000L * Math.min(attempt, 20));
    try {
      TimeUnit.MICROSECONDS.sleep(Math.min(pauseMicros, TimeUnit.NANOSECONDS.toMicros(remaining)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SequenceUnavailableException("sequence " + sequence + ": interrupted while reserving", e);
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
        lastSeen.put(sequence, next);
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

  @Override
  public long raiseTo(String sequence, long value) {
    lastSeen.remove(sequence);
    while (true) {
      OptionalLong mark = highWater(sequence);
      if (mark.isEmpty()) {
        if (insertMark(sequence, value)) {
          return value;
        }
      } else if (mark.getAsLong() >= value) {
        return mark.getAsLong();
      } else if (compareAndSet(sequence, mark.getAsLong(), value)) {
        lastSeen.put(sequence, value);
        return value;
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
