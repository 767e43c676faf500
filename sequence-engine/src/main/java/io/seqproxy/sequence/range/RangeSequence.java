package io.seqproxy.sequence.range;

import io.seqproxy.sequence.Sequence;
import io.seqproxy.sequence.SequenceException;
import io.seqproxy.sequence.SequenceExhaustedException;
import io.seqproxy.sequence.SequenceUnavailableException;
import io.seqproxy.sequence.Ticker;
import io.seqproxy.sequence.monitor.SequenceHealth;
import io.seqproxy.sequence.monitor.SequenceMetric;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Range allocation ("segment", "offset-step"): values come from a range reserved in a
 * {@link RangeStore}, issued from a local atomic counter.
 *
 * <p>How it is safe: the range being issued ({@link Segment}) is immutable but for its
 * {@code cursor}, an {@link AtomicLong}; {@code getAndIncrement} hands every value below
 * {@code end} to exactly one caller, and values past {@code end} are thrown away, never issued.
 * Every other transition — starting a fetch, installing the next range, closing — happens under
 * {@link #lock}, and a new range is published through the volatile {@link #current}. The store
 * never reserves a range twice and every reservation lies above the previous one, so installing
 * ranges in reservation order keeps values strictly increasing within the process.
 *
 * <p>Double buffer: when half of a range is issued, the next range is reserved on a background
 * thread, so {@code next()} waits on the store only when a range runs out before its successor
 * arrives. The size of the next range adapts to how long the current one is projected to last:
 * doubled (up to 16 times at once) while shorter than the target lifetime, halved when longer
 * than twice the target, always within {@code initialSize .. maxSize}.
 *
 * <p>When the store cannot be reached, issuing goes on from what is reserved; once that is used
 * up, {@code next()} retries the store for at most {@code fetchTimeout} and then throws
 * {@link SequenceUnavailableException}; callers arriving within a second of such a failure fail
 * at once rather than queue up behind it.
 *
 * <p>Metrics cost {@code next()} nothing while the current range lasts: the IDs issued are the
 * sum of the finished ranges' lengths (added when the next range is installed) and the current
 * cursor; reservations, waits and failures are counted where they already happen, off that path.
 * Time comes from an injected {@link Ticker} and background reservations run on an injected
 * {@link Executor}, so tests need neither sleeps nor a background thread.
 */
public final class RangeSequence implements Sequence {
  private static final Logger log = LoggerFactory.getLogger(RangeSequence.class);

  private static final ExecutorService PREFETCH = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "seqproxy-range-prefetch");
    thread.setDaemon(true);
    return thread;
  });
  private static final long FAIL_FAST_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final int MAX_GROWTH = 16;
  /** Ranges in a row too short for a block before {@link #nextBlock} gives up. */
  private static final int MAX_SHORT_RANGES = 3;

  private final String name;
  private final RangeStore store;
  private final long start;
  private final long minSize;
  private final long maxSize;
  /** The largest value issued: the configured max, or lowered to a column's ({@link #limitMax}). */
  private volatile long maxValue;
  private final boolean maxConfigured;
  private final long targetLifetimeNanos;
  private final long fetchTimeoutNanos;
  private final Ticker ticker;
  private final Executor prefetchExecutor;

  private volatile Segment current;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition fetched = lock.newCondition();
  // Guarded by lock.
  private Segment prefetched;
  /** No range installed from now on issues below this ({@link #skipTo}); written under the lock. */
  private long floor = Long.MIN_VALUE;
  private boolean fetching;
  private boolean closed;
  private RuntimeException lastFailure;
  private long failFastUntil;
  /** Set once the store said the sequence reached its max. */
  private SequenceExhaustedException exhaustedBy;
  /** The latest refusal of next() for want of a range; cleared when a range arrives. */
  private SequenceUnavailableException refused;

  private final AtomicLong reservations = new AtomicLong();
  private volatile long lastSize;

  // Metrics, none of them touched by next() while the current range lasts.
  /** Values issued from ranges before {@code current}; written under lock. */
  private volatile long issuedBefore;
  /** Values per nanosecond over the latest finished range; written under lock. */
  private volatile double lastRatePerNano = Double.NaN;
  private volatile long lastReservationNanos;
  private final LongAdder reservationNanos = new LongAdder();
  private final LongAdder storeFailures = new LongAdder();
  private final LongAdder storeWaits = new LongAdder();
  private final LongAdder storeWaitNanos = new LongAdder();
  private final LongAdder unavailableFailures = new LongAdder();
  private final LongAdder exhaustedFailures = new LongAdder();

  private RangeSequence(Builder b) {
    this.name = b.name;
    this.store = b.store;
    this.start = b.start;
    this.minSize = b.initialSize;
    this.maxSize = b.maxSize;
    this.maxValue = b.maxValue;
    this.maxConfigured = b.maxConfigured;
    this.targetLifetimeNanos = b.targetLifetime.toNanos();
    this.fetchTimeoutNanos = b.fetchTimeout.toNanos();
    this.ticker = b.ticker;
    this.prefetchExecutor = b.executor;
    this.current = Segment.empty(minSize, ticker.read());
    this.lastSize = minSize;
  }

  public static Builder builder(String name, RangeStore store) {
    return new Builder(name, store);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long next() {
    Segment s = current;
    long value = s.cursor.getAndIncrement();
    if (value < s.end) {
      if (value == s.prefetchAt) {
        prefetch(s);
      }
      return value;
    }
    return nextAfter(s);
  }

  /**
   * Issues no value below {@code value} from now on: the store's high-water mark is raised to it,
   * so that no process reserves below it any more, and this process's own reserved values below
   * it (the range being issued, the one reserved ahead, one being reserved now) are skipped. For
   * a table whose rows already hold values; {@code start} stays the floor. {@link #next()} takes
   * no lock for it: the range's cursor only moves up, atomically.
   *
   * @throws SequenceUnavailableException when the store cannot be reached
   */
  public void skipTo(long value) {
    store.raiseTo(name, value);
    lock.lock();
    try {
      floor = Math.max(floor, value);
      skip(current, value);
      if (prefetched != null) {
        skip(prefetched, value);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Issues no value at or below {@code value} from now on: for a value the application wrote
   * itself ({@code explicit: advance}), as AUTO_INCREMENT does. Below what this process issues
   * next it costs one comparison; inside a range this process reserved it moves only the local
   * cursor; beyond them it raises the store ({@link #skipTo}) and reserves the next range above
   * it in the background, so that a run of ascending values costs a store call per range, not per
   * value. A value inside a range another process reserved is not seen by that process.
   *
   * @throws SequenceUnavailableException when the store must be raised and cannot be reached
   */
  public void skipPast(long value) {
    Segment s = current;
    if (value < s.end) {
      if (value >= s.cursor.get()) {
        // The ranges installed after s lie above s.end: moving s's cursor is all it takes.
        s.cursor.accumulateAndGet(value + 1, Math::max);
      }
      return;
    }
    if (value >= Long.MAX_VALUE - 1) {
      skipTo(Long.MAX_VALUE);
      return;
    }
    lock.lock();
    try {
      if (value < floor) {
        return;
      }
      Segment c = current;
      Segment ahead = prefetched;
      if (value < c.end || (ahead != null && value < ahead.end)) {
        // The store's mark is already past every range this process holds.
        floor = value + 1;
        skip(c, value + 1);
        if (ahead != null) {
          skip(ahead, value + 1);
        }
        return;
      }
    } finally {
      lock.unlock();
    }
    skipTo(value + 1);
    lock.lock();
    try {
      if (prefetched != null && prefetched.left() == 0) {
        prefetched = null;
      }
      if (!closed && !fetching && prefetched == null) {
        fetching = true;
        startBackgroundFetch(lastSize);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Lowers the largest value issued to {@code limit} (a column's maximum) unless a {@code max} was
   * configured; the smallest limit wins. Values above it that this process already reserved are
   * never issued. Returns the max in effect.
   */
  public long limitMax(long limit) {
    lock.lock();
    try {
      if (maxConfigured || limit >= maxValue) {
        return maxValue;
      }
      maxValue = limit;
      Segment c = current;
      if (!c.isEmpty() && c.end - 1 > limit) {
        // Claims the rest of the range at once, so no caller of next() gets a value above limit.
        long from = Math.min(c.cursor.getAndSet(c.end), c.end);
        issuedBefore += from - c.start;
        Segment trimmed = new Segment(from, Math.max(from, Math.min(c.end, limit + 1)), c.requestedSize, ticker.read());
        current = trimmed;
      }
      if (prefetched != null && prefetched.end - 1 > limit) {
        long from = prefetched.cursor.get();
        prefetched = from > limit ? null
            : new Segment(from, limit + 1, prefetched.requestedSize, prefetched.startedNanos);
      }
      return limit;
    } finally {
      lock.unlock();
    }
  }

  /** The largest value this sequence issues. */
  public long max() {
    return maxValue;
  }

  /** Whether {@code max} was configured, rather than the default or a column's limit. */
  public boolean maxConfigured() {
    return maxConfigured;
  }

  /** The value {@link #skipTo} or {@link #skipPast} last moved this process past; {@code Long.MIN_VALUE} when none. */
  public long skippedTo() {
    lock.lock();
    try {
      return floor;
    } finally {
      lock.unlock();
    }
  }

  /** Moves the range's cursor up to {@code value}; values below it are never issued. */
  private static void skip(Segment segment, long value) {
    if (!segment.isEmpty() && value > segment.start) {
      segment.cursor.accumulateAndGet(value, Math::max);
    }
  }

  @Override
  public long[] next(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    long[] values = new long[count];
    int filled = 0;
    while (filled < count) {
      Segment s = current;
      int wanted = count - filled;
      long first = s.cursor.getAndAdd(wanted);
      if (first < s.end) {
        int taken = (int) Math.min(wanted, s.end - first);
        for (int i = 0; i < taken; i++) {
          values[filled++] = first + i;
        }
        if (s.prefetchAt >= first && s.prefetchAt < first + taken) {
          prefetch(s);
        }
      } else {
        advancePast(s);
      }
    }
    return values;
  }

  /**
   * {@code size} consecutive values from one range, never split across two: when what is left of
   * the current range is too short, that tail is skipped (a gap) and the block comes from the next
   * range. One {@code getAndAdd} while the range lasts, as in {@link #next(int)}.
   *
   * @throws SequenceException when {@code size} is above the smallest range size ({@code range}),
   *     or when the store hands out ranges too short for it (a region's blocks)
   */
  @Override
  public long nextBlock(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1: " + size);
    }
    if (size > minSize) {
      throw new SequenceException("sequence " + name + ": a block of " + size + " consecutive values does not fit"
          + " in its ranges of " + minSize + " values; set range to at least " + size);
    }
    int shortRanges = 0;
    for (;;) {
      Segment s = current;
      long first = s.cursor.getAndAdd(size);
      if (first < s.end && s.end - first >= size) {
        if (s.prefetchAt >= first && s.prefetchAt - first < size) {
          prefetch(s);
        }
        return first;
      }
      // A whole range too short for the block: the store cut it (at max, or at a region block's end).
      if (first == s.start && !s.isEmpty() && ++shortRanges > MAX_SHORT_RANGES) {
        throw new SequenceException("sequence " + name + ": " + shortRanges + " ranges in a row from "
            + store.describe() + " were shorter than a block of " + size + " consecutive values");
      }
      advancePast(s);
    }
  }

  private long nextAfter(Segment exhausted) {
    for (;;) {
      advancePast(exhausted);
      Segment s = current;
      long value = s.cursor.getAndIncrement();
      if (value < s.end) {
        if (value == s.prefetchAt) {
          prefetch(s);
        }
        return value;
      }
      exhausted = s;
    }
  }

  /** Returns once {@code current} is no longer {@code exhausted}, or throws. */
  private void advancePast(Segment exhausted) {
    long started = ticker.read();
    long deadline = started + fetchTimeoutNanos;
    boolean waited = false;
    lock.lock();
    try {
      while (current == exhausted) {
        if (closed) {
          throw new SequenceException("sequence " + name + " is closed");
        }
        if (prefetched != null) {
          install(prefetched);
          prefetched = null;
          return;
        }
        if (!fetching) {
          if (lastFailure != null && ticker.read() - failFastUntil < 0) {
            throw unavailable(lastFailure);
          }
          long size = exhausted.isEmpty() ? lastSize : nextSize(exhausted, exhausted.length());
          waited = true;
          install(fetchWhileUnlocked(size, deadline));
          return;
        }
        long remaining = deadline - ticker.read();
        if (remaining <= 0) {
          throw unavailable(lastFailure);
        }
        waited = true;
        fetched.awaitNanos(remaining);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SequenceException("sequence " + name + ": interrupted while waiting for a range", e);
    } catch (SequenceUnavailableException e) {
      unavailableFailures.increment();
      refused = e;
      throw e;
    } catch (SequenceExhaustedException e) {
      exhaustedFailures.increment();
      exhaustedBy = e;
      throw e;
    } finally {
      lock.unlock();
      if (waited) {
        storeWaits.increment();
        storeWaitNanos.add(ticker.read() - started);
      }
    }
  }

  /** Reserves on the calling thread, retrying until {@code deadline}; the lock is held on entry and exit. */
  private Segment fetchWhileUnlocked(long size, long deadline) throws InterruptedException {
    fetching = true;
    lock.unlock();
    Segment segment = null;
    RuntimeException failure = null;
    try {
      long backoffMillis = 10;
      while (true) {
        try {
          segment = reserve(size);
          break;
        } catch (SequenceExhaustedException e) {
          throw e;
        } catch (RuntimeException e) {
          failure = e;
          storeFailures.increment();
          long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - ticker.read());
          if (remainingMillis <= 0) {
            break;
          }
          ticker.sleep(TimeUnit.MILLISECONDS.toNanos(Math.min(backoffMillis, remainingMillis)));
          backoffMillis = Math.min(backoffMillis * 2, 250);
        }
      }
    } finally {
      lock.lock();
      fetching = false;
      if (segment == null && failure != null) {
        lastFailure = failure;
        failFastUntil = ticker.read() + FAIL_FAST_NANOS;
      }
      fetched.signalAll();
    }
    if (segment == null) {
      throw unavailable(failure);
    }
    lastFailure = null;
    return segment;
  }

  private void prefetch(Segment s) {
    long size;
    lock.lock();
    try {
      if (closed || fetching || prefetched != null || current != s) {
        return;
      }
      fetching = true;
      size = nextSize(s, s.prefetchAt - s.start + 1);
    } finally {
      lock.unlock();
    }
    startBackgroundFetch(size);
  }

  /** Hands a reservation to the executor; {@code fetching} is already set. */
  private void startBackgroundFetch(long size) {
    try {
      prefetchExecutor.execute(() -> prefetchInBackground(size));
    } catch (RuntimeException e) {
      lock.lock();
      try {
        fetching = false;
      } finally {
        lock.unlock();
      }
    }
  }

  private void prefetchInBackground(long size) {
    Segment segment = null;
    RuntimeException failure = null;
    try {
      segment = reserve(size);
    } catch (RuntimeException e) {
      failure = e;
      if (!(e instanceof SequenceExhaustedException)) {
        storeFailures.increment();
      }
      log.warn("sequence {}: reserving the next range in the background failed; {} values of the"
          + " current range remain: {}", name, Math.max(0, current.end - current.cursor.get()), e.toString());
    }
    boolean giveBack = false;
    lock.lock();
    try {
      fetching = false;
      if (segment != null && closed) {
        skip(segment, floor);
        giveBack = true;
      } else if (segment != null) {
        prefetched = segment;
        lastFailure = null;
        refused = null;
      } else if (failure instanceof SequenceExhaustedException exhausted) {
        exhaustedBy = exhausted;
      } else {
        lastFailure = failure;
      }
      fetched.signalAll();
    } finally {
      lock.unlock();
    }
    if (giveBack) {
      releaseUnissued(segment);
    }
  }

  private Segment reserve(long size) {
    long started = ticker.read();
    long max = maxValue;
    Range range = store.reserve(name, start, size, max);
    long took = ticker.read() - started;
    lastReservationNanos = took;
    reservationNanos.add(took);
    reservations.incrementAndGet();
    lastSize = size;
    long limit = maxValue;
    if (limit < max && range.end() - 1 > limit) {
      // limitMax lowered the max while this range was being reserved.
      if (range.start() > limit) {
        throw new SequenceExhaustedException("sequence " + name + " has issued every value up to its max " + limit);
      }
      return new Segment(range.start(), limit + 1, size, started);
    }
    return new Segment(range.start(), range.end(), size, started);
  }

  /** The size of the range after {@code s}, projected from how fast {@code used} values went. */
  private long nextSize(Segment s, long used) {
    long size = s.requestedSize;
    long elapsed = Math.max(1, ticker.read() - s.startedNanos);
    double projected = (double) elapsed * s.length() / Math.max(1, used);
    if (projected < targetLifetimeNanos) {
      long grown = size;
      int factor = 1;
      while (factor < MAX_GROWTH && grown < maxSize && projected * factor < targetLifetimeNanos) {
        grown = grown > maxSize / 2 ? maxSize : grown * 2;
        factor *= 2;
      }
      size = grown;
    } else if (projected > 2.0 * targetLifetimeNanos) {
      size = size / 2;
    }
    return Math.max(minSize, Math.min(maxSize, size));
  }

  private void install(Segment next) {
    skip(next, floor);
    long now = ticker.read();
    Segment finished = current;
    if (!finished.isEmpty()) {
      // Installed only once every value of the finished range was handed out.
      issuedBefore += finished.length();
      lastRatePerNano = (double) finished.length() / Math.max(1, now - finished.startedNanos);
    }
    next.startedNanos = now;
    current = next;
    refused = null;
    if (log.isDebugEnabled()) {
      log.debug("sequence {}: issuing from {} (range size {})", name, next.range(), next.requestedSize);
    }
  }

  private SequenceUnavailableException unavailable(RuntimeException cause) {
    return new SequenceUnavailableException("sequence " + name + ": no reserved values are left and"
        + " a new range could not be reserved from " + store.describe() + " within "
        + Duration.ofNanos(fetchTimeoutNanos).toMillis() + " ms"
        + (cause == null ? "" : ": " + cause.getMessage()), cause);
  }

  /** How many ranges this sequence has reserved from its store. */
  public long reservations() {
    return reservations.get();
  }

  /** The size asked for in the latest reservation; it adapts between range and max-range. */
  public long rangeSize() {
    return lastSize;
  }

  /** The range being issued from, null before the first value. */
  public Range currentRange() {
    Segment s = current;
    return s.isEmpty() ? null : s.range();
  }

  /** Values issued by this process so far; exact once no thread is inside {@code next()}. */
  public long idsIssued() {
    return issuedBefore + current.issued();
  }

  @Override
  public Map<SequenceMetric, Number> metrics() {
    Segment s = current;
    long issuedNow = s.issued();
    long leftNow = s.left();
    long leftAhead = prefetchedLength();
    long now = ticker.read();
    // The rate over the current range once it has issued something, else over the last one.
    double perNano = issuedNow > 0 ? (double) issuedNow / Math.max(1, now - s.startedNanos) : lastRatePerNano;
    Map<SequenceMetric, Number> m = new EnumMap<>(SequenceMetric.class);
    m.put(SequenceMetric.IDS_ISSUED, issuedBefore + issuedNow);
    m.put(SequenceMetric.FAILURES_UNAVAILABLE, unavailableFailures.sum());
    m.put(SequenceMetric.FAILURES_EXHAUSTED, exhaustedFailures.sum());
    m.put(SequenceMetric.RESERVATIONS, reservations.get());
    m.put(SequenceMetric.RESERVATION_SECONDS, seconds(reservationNanos.sum()));
    m.put(SequenceMetric.RESERVATION_LAST_SECONDS, seconds(lastReservationNanos));
    m.put(SequenceMetric.FAILURES_STORE, storeFailures.sum());
    m.put(SequenceMetric.VALUES_LEFT_CURRENT, leftNow);
    m.put(SequenceMetric.VALUES_LEFT_PREFETCHED, leftAhead);
    m.put(SequenceMetric.SECONDS_UNTIL_EMPTY, perNano > 0 ? seconds((leftNow + leftAhead) / perNano) : Double.NaN);
    long nextValue = s.isEmpty() ? start : Math.min(s.cursor.get(), s.end);
    m.put(SequenceMetric.SECONDS_UNTIL_MAX, maxValue == Long.MAX_VALUE || !(perNano > 0) ? Double.NaN
        : seconds(Math.max(0, maxValue - nextValue + 1) / perNano));
    m.put(SequenceMetric.STORE_WAITS, storeWaits.sum());
    m.put(SequenceMetric.STORE_WAIT_SECONDS, seconds(storeWaitNanos.sum()));
    m.put(SequenceMetric.RANGE_SIZE, lastSize);
    return m;
  }

  /**
   * DOWN when the sequence is closed, reached its max, or has no reserved value left after the
   * store failed. In that last state it also starts a background reservation (when none is
   * running), so a sequence that no caller asks for still comes UP once its store is back.
   */
  @Override
  public SequenceHealth health() {
    Segment s = current;
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("type", "segment");
    details.put("store", store.describe());
    details.put("valuesLeftCurrent", s.left());
    long ahead = prefetchedLength();
    details.put("valuesLeftPrefetched", ahead);
    details.put("rangeSize", lastSize);
    if (maxValue != Long.MAX_VALUE) {
      details.put("max", maxValue);
    }
    String reason = null;
    lock.lock();
    try {
      if (floor != Long.MIN_VALUE) {
        // Existing rows or explicit values moved this process past everything below it.
        details.put("skippedTo", floor);
      }
      if (closed) {
        reason = "the sequence is closed";
      } else if (exhaustedBy != null && prefetched == null && s.left() == 0) {
        reason = exhaustedBy.getMessage();
      } else if ((lastFailure != null || refused != null) && prefetched == null && s.left() == 0) {
        reason = lastFailure != null ? "no reserved values are left and " + store.describe()
            + " could not be reached: " + lastFailure.getMessage() : refused.getMessage();
        if (!fetching) {
          fetching = true;
          startBackgroundFetch(lastSize);
        }
      }
    } finally {
      lock.unlock();
    }
    return reason == null ? SequenceHealth.up(details) : SequenceHealth.down(reason, details);
  }

  private long prefetchedLength() {
    lock.lock();
    try {
      return prefetched == null ? 0 : prefetched.length();
    } finally {
      lock.unlock();
    }
  }

  private static double seconds(double nanos) {
    return nanos / 1e9;
  }

  /**
   * Stops issuing and hands back what was reserved and not issued, when nothing was reserved
   * after it: the prefetched range, then the tail of the current one.
   */
  @Override
  public void close() {
    Segment s;
    Segment next;
    Range tail = null;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      s = current;
      next = prefetched;
      prefetched = null;
      current = Segment.closed(ticker.read());
      if (!s.isEmpty()) {
        long from = Math.min(s.cursor.getAndSet(s.end), s.end);
        issuedBefore += from - s.start;
        if (from < s.end) {
          tail = new Range(from, s.end);
        }
      }
    } finally {
      lock.unlock();
    }
    if (next != null) {
      releaseUnissued(next);
    }
    if (tail != null) {
      release(s.range(), tail.start());
    }
  }

  /** Hands back a range none of whose values were issued, from above what {@link #skipTo} skipped. */
  private void releaseUnissued(Segment segment) {
    long from = segment.cursor.get();
    if (from < segment.end) {
      release(segment.range(), from);
    }
  }

  private void release(Range range, long from) {
    try {
      if (store.release(name, range, from)) {
        log.debug("sequence {}: handed back [{}, {})", name, from, range.end());
      }
    } catch (RuntimeException e) {
      log.warn("sequence {}: could not hand back [{}, {}), leaving a gap: {}", name, from, range.end(), e.toString());
    }
  }

  @Override
  public String toString() {
    return "RangeSequence[" + name + ", " + store.describe() + "]";
  }

  /** A reserved range being issued from. */
  private static final class Segment {
    final long start;
    final long end;
    final long prefetchAt;
    final long requestedSize;
    final AtomicLong cursor;
    long startedNanos; // written before the segment is published through the volatile current

    Segment(long start, long end, long requestedSize, long startedNanos) {
      this.start = start;
      this.end = end;
      this.requestedSize = requestedSize;
      this.prefetchAt = end > start ? start + (end - start) / 2 : Long.MIN_VALUE;
      this.cursor = new AtomicLong(start);
      this.startedNanos = startedNanos;
    }

    static Segment empty(long requestedSize, long now) {
      return new Segment(0, 0, requestedSize, now);
    }

    static Segment closed(long now) {
      return new Segment(0, 0, 1, now);
    }

    /** Values of this range handed out so far. */
    long issued() {
      return isEmpty() ? 0 : Math.min(cursor.get(), end) - start;
    }

    long left() {
      return isEmpty() ? 0 : Math.max(0, end - cursor.get());
    }

    boolean isEmpty() {
      return end <= start;
    }

    long length() {
      return end - start;
    }

    Range range() {
      return new Range(start, end);
    }
  }

  /** Builds a {@link RangeSequence}; nothing is reserved until the first value is asked for. */
  public static final class Builder {
    private final String name;
    private final RangeStore store;
    private long start = 1;
    private long initialSize = 1000;
    private long maxSize = 1_000_000;
    private long maxValue = Long.MAX_VALUE;
    private boolean maxConfigured;
    private Duration targetLifetime = Duration.ofMinutes(1);
    private Duration fetchTimeout = Duration.ofSeconds(3);
    private Ticker ticker = Ticker.system();
    private Executor executor = PREFETCH;

    private Builder(String name, RangeStore store) {
      this.name = Objects.requireNonNull(name, "name");
      this.store = Objects.requireNonNull(store, "store");
    }

    /** The first value ever issued (default 1). */
    public Builder start(long start) {
      if (start < 1) {
        throw new IllegalArgumentException("start must be at least 1, got " + start);
      }
      this.start = start;
      return this;
    }

    /** The first and smallest range size (default 1,000). */
    public Builder initialSize(long initialSize) {
      if (initialSize < 1) {
        throw new IllegalArgumentException("range must be at least 1, got " + initialSize);
      }
      this.initialSize = initialSize;
      return this;
    }

    /** The largest range size (default 1,000,000). */
    public Builder maxSize(long maxSize) {
      if (maxSize < 1) {
        throw new IllegalArgumentException("max-range must be at least 1, got " + maxSize);
      }
      this.maxSize = maxSize;
      return this;
    }

    /** The largest value ever issued (default {@code Long.MAX_VALUE}). */
    public Builder maxValue(long maxValue) {
      this.maxValue = maxValue;
      this.maxConfigured = true;
      return this;
    }

    /** How long a range should last; sizes grow when ranges go faster (default 1 minute). */
    public Builder targetLifetime(Duration targetLifetime) {
      if (targetLifetime.isNegative() || targetLifetime.isZero()) {
        throw new IllegalArgumentException("target-lifetime must be positive, got " + targetLifetime);
      }
      this.targetLifetime = targetLifetime;
      return this;
    }

    /** How long {@code next()} waits for the store once reserved values are used up (default 3 s). */
    public Builder fetchTimeout(Duration fetchTimeout) {
      if (fetchTimeout.isNegative()) {
        throw new IllegalArgumentException("fetch-timeout must not be negative, got " + fetchTimeout);
      }
      this.fetchTimeout = fetchTimeout;
      return this;
    }

    /** Where elapsed time comes from (default {@link Ticker#system()}). */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** Runs the background reservations (default: a shared pool of daemon threads). */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    public RangeSequence build() {
      if (maxSize < initialSize) {
        throw new IllegalArgumentException("max-range (" + maxSize + ") must not be below range ("
            + initialSize + ")");
      }
      if (maxValue < start) {
        throw new IllegalArgumentException("max (" + maxValue + ") must not be below start (" + start + ")");
      }
      return new RangeSequence(this);
    }
  }
}
