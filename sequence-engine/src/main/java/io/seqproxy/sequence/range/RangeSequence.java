package io.seqproxy.sequence.range;

import io.seqproxy.sequence.Sequence;
import io.seqproxy.sequence.SequenceException;
import io.seqproxy.sequence.SequenceExhaustedException;
import io.seqproxy.sequence.SequenceUnavailableException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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

  private final String name;
  private final RangeStore store;
  private final long start;
  private final long minSize;
  private final long maxSize;
  private final long maxValue;
  private final long targetLifetimeNanos;
  private final long fetchTimeoutNanos;

  private volatile Segment current;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition fetched = lock.newCondition();
  // Guarded by lock.
  private Segment prefetched;
  private boolean fetching;
  private boolean closed;
  private RuntimeException lastFailure;
  private long failFastUntil;

  private final AtomicLong reservations = new AtomicLong();
  private volatile long lastSize;

  private RangeSequence(Builder b) {
    this.name = b.name;
    this.store = b.store;
    this.start = b.start;
    this.minSize = b.initialSize;
    this.maxSize = b.maxSize;
    this.maxValue = b.maxValue;
    this.targetLifetimeNanos = b.targetLifetime.toNanos();
    this.fetchTimeoutNanos = b.fetchTimeout.toNanos();
    this.current = Segment.empty(minSize);
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
    long deadline = System.nanoTime() + fetchTimeoutNanos;
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
          if (lastFailure != null && System.nanoTime() < failFastUntil) {
            throw unavailable(lastFailure);
          }
          long size = exhausted.isEmpty() ? lastSize : nextSize(exhausted, exhausted.length());
          install(fetchWhileUnlocked(size, deadline));
          return;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          throw unavailable(lastFailure);
        }
        fetched.awaitNanos(remaining);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SequenceException("sequence " + name + ": interrupted while waiting for a range", e);
    } finally {
      lock.unlock();
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
          long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          if (remainingMillis <= 0) {
            break;
          }
          Thread.sleep(Math.min(backoffMillis, remainingMillis));
          backoffMillis = Math.min(backoffMillis * 2, 250);
        }
      }
    } finally {
      lock.lock();
      fetching = false;
      if (segment == null && failure != null) {
        lastFailure = failure;
        failFastUntil = System.nanoTime() + FAIL_FAST_NANOS;
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
    try {
      PREFETCH.execute(() -> prefetchInBackground(size));
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
      log.warn("sequence {}: reserving the next range in the background failed; {} values of the"
          + " current range remain: {}", name, Math.max(0, current.end - current.cursor.get()), e.toString());
    }
    boolean giveBack = false;
    lock.lock();
    try {
      fetching = false;
      if (segment != null && closed) {
        giveBack = true;
      } else if (segment != null) {
        prefetched = segment;
        lastFailure = null;
      } else {
        lastFailure = failure;
      }
      fetched.signalAll();
    } finally {
      lock.unlock();
    }
    if (giveBack) {
      release(segment.range(), segment.start);
    }
  }

  private Segment reserve(long size) {
    Range range = store.reserve(name, start, size, maxValue);
    reservations.incrementAndGet();
    lastSize = size;
    return new Segment(range.start(), range.end(), size);
  }

  /** The size of the range after {@code s}, projected from how fast {@code used} values went. */
  private long nextSize(Segment s, long used) {
    long size = s.requestedSize;
    long elapsed = Math.max(1, System.nanoTime() - s.startedNanos);
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
    next.startedNanos = System.nanoTime();
    current = next;
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

  /**
   * Stops issuing and hands back what was reserved and not issued, when nothing was reserved
   * after it: the prefetched range, then the tail of the current one.
   */
  @Override
  public void close() {
    Segment s;
    Segment next;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      s = current;
      next = prefetched;
      prefetched = null;
      current = Segment.closed();
    } finally {
      lock.unlock();
    }
    if (next != null) {
      release(next.range(), next.start);
    }
    if (!s.isEmpty()) {
      long from = s.cursor.getAndSet(s.end);
      if (from < s.end) {
        release(s.range(), from);
      }
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

    Segment(long start, long end, long requestedSize) {
      this.start = start;
      this.end = end;
      this.requestedSize = requestedSize;
      this.prefetchAt = end > start ? start + (end - start) / 2 : Long.MIN_VALUE;
      this.cursor = new AtomicLong(start);
      this.startedNanos = System.nanoTime();
    }

    static Segment empty(long requestedSize) {
      return new Segment(0, 0, requestedSize);
    }

    static Segment closed() {
      return new Segment(0, 0, 1);
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
    private Duration targetLifetime = Duration.ofMinutes(1);
    private Duration fetchTimeout = Duration.ofSeconds(3);

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
