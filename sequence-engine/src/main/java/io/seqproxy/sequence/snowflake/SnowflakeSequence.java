package io.seqproxy.sequence.snowflake;

import io.seqproxy.sequence.ClockMovedBackwardsException;
import io.seqproxy.sequence.EpochClock;
import io.seqproxy.sequence.Sequence;
import io.seqproxy.sequence.SequenceException;
import io.seqproxy.sequence.SequenceExhaustedException;
import io.seqproxy.sequence.SequenceUnavailableException;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Snowflake IDs: timestamp, worker id and a per-tick counter (see {@link SnowflakeLayout}).
 *
 * <p>How it is safe without a lock: the last issued (tick, counter) pair is packed into one
 * {@link AtomicLong} as {@code tick << sequenceBits | counter}. Each ID is one compare-and-set
 * that moves that number strictly up, so two threads can never issue the same pair, and IDs
 * within the process strictly increase. The worker id is held through a {@link WorkerLease}
 * whose validity is checked against the same clock reading before every CAS.
 *
 * <p>Clock regressions: when the clock reads an earlier tick than the last one issued, the
 * generator keeps counting in the last tick (which is still unique) if the regression is within
 * the tolerance, and waits for the clock to pass the last tick when that tick's counter is used
 * up; beyond the tolerance it refuses, saying by how much the clock is behind. The timestamp an
 * earlier holder of the worker id persisted seeds the last tick, so a restart behind the clock
 * is caught the same way.
 *
 * <p>Each lease is one {@link Term}: the lease, its worker id and its own state. A lease that is
 * lost for good (another process holds the id now, or a ZooKeeper session expired) ends the term;
 * when the worker id was leased from a store ({@code worker-id: auto}) the next call leases a new
 * id, at most once a second, and starts a new term after the last tick of the old one, so IDs keep
 * increasing. The old term's state is closed first, so a thread still working in it fails its CAS
 * and moves to the new term rather than issuing under the old worker id.
 */
public final class SnowflakeSequence implements Sequence {

  private final String name;
  private final SnowflakeLayout layout;
  private final EpochClock clock;
  private final long epochMillis;
  private final long unitMillis;
  private final long toleranceMillis;
  private final int sequenceBits;
  private final long sequenceMask;
  private final long maxTick;
  private final int tickShift;
  private final int spread;
  /** Where a lost lease is replaced from; null for a fixed worker id. */
  private final WorkerLeases leases;
  private volatile Term term;
  /** Guarded by this: no new lease is tried before then (ms), after a failed try. */
  private long nextLeaseAttempt;

  /** The state once closed: every CAS from an earlier state fails, and no tick is later. */
  private static final long CLOSED = Long.MAX_VALUE;
  private static final long RELEASE_RETRY_MILLIS = 1000;

  /**
   * One lease's worth of issuing: the last issued (tick, counter) packed as
   * {@code tick << sequenceBits | counter}, and the worker id part of every ID.
   */
  private record Term(WorkerLease lease, int workerId, long workerPart, AtomicLong state) {}

  private SnowflakeSequence(Builder b, WorkerLease lease) {
    this.name = b.name;
    this.layout = b.layout;
    this.clock = b.clock;
    this.epochMillis = b.epoch.toEpochMilli();
    this.unitMillis = layout.unitMillis();
    this.toleranceMillis = b.toleranceMillis;
    this.sequenceBits = layout.sequenceBits();
    this.sequenceMask = layout.maxSequence();
    this.maxTick = layout.maxTick();
    this.tickShift = layout.workerBits() + layout.sequenceBits();
    this.spread = b.spread;
    this.leases = b.leases;
    if (clock.millis() < epochMillis) {
      lease.release(lease.lastTimestamp());
      throw new SequenceException("sequence " + name + ": the epoch " + b.epoch
          + " is in the future; choose an epoch before now");
    }
    this.term = startTerm(lease, -1);
  }

  /**
   * A term for {@code lease}, issuing after {@code afterTick} and after the lease's persisted
   * timestamp; releases the lease and throws when it cannot be used.
   */
  private Term startTerm(WorkerLease lease, long afterTick) {
    int workerId = lease.workerId();
    if (workerId < 0 || workerId > layout.maxWorkerId()) {
      lease.release(lease.lastTimestamp());
      throw new SequenceException("sequence " + name + ": worker id " + workerId
          + " is outside the layout's 0.." + layout.maxWorkerId() + " (" + layout.workerBits()
          + " worker bits)");
    }
    long persisted = lease.lastTimestamp();
    long lastTick = afterTick;
    if (persisted > 0 && persisted >= epochMillis) {
      long behind = persisted - clock.millis();
      if (behind > toleranceMillis) {
        lease.release(persisted);
        throw new ClockMovedBackwardsException("sequence " + name + ": the clock is " + behind
            + " ms behind the last timestamp persisted for worker id " + workerId + " ("
            + Instant.ofEpochMilli(persisted) + "); the tolerance is " + toleranceMillis
            + " ms. Fix the clock (or raise clock-tolerance) before starting.", behind);
      }
      lastTick = Math.max(lastTick, (persisted - epochMillis) / unitMillis);
    }
    // The last tick is treated as used up, so the first ID comes from a later tick.
    long state = lastTick < 0 ? -1 : (lastTick << sequenceBits) | sequenceMask;
    return new Term(lease, workerId, (long) workerId << sequenceBits, new AtomicLong(state));
  }

  public static Builder builder(String name, SnowflakeLayout layout) {
    return new Builder(name, layout);
  }

  @Override
  public String name() {
    return name;
  }

  public SnowflakeLayout layout() {
    return layout;
  }

  public Instant epoch() {
    return Instant.ofEpochMilli(epochMillis);
  }

  /** The worker id of the current lease. */
  public int workerId() {
    return term.workerId();
  }

  @Override
  public long next() {
    for (;;) {
      Term t = term;
      AtomicLong state = t.state();
      // State before clock: a tick in the state was read from the clock before this read, so a
      // later tick here means the clock really went back, not that this thread was descheduled.
      long last = state.get();
      long tick = currentTick(t);
      if (tick < 0) {
        continue; // a new term began
      }
      long lastTick = last >> sequenceBits;
      long candidate;
      if (tick > lastTick) {
        candidate = (tick << sequenceBits) | firstCounter(tick);
      } else if ((last & sequenceMask) != sequenceMask) {
        checkRegression(last, tick);
        candidate = last + 1;
      } else {
        checkRegression(last, tick);
        awaitTick(lastTick + 1);
        continue;
      }
      if (state.compareAndSet(last, candidate)) {
        return compose(t, candidate);
      }
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
      Term t = term;
      AtomicLong state = t.state();
      long last = state.get();
      long tick = currentTick(t);
      if (tick < 0) {
        continue;
      }
      long lastTick = last >> sequenceBits;
      long first;
      if (tick > lastTick) {
        first = (tick << sequenceBits) | firstCounter(tick);
      } else if ((last & sequenceMask) != sequenceMask) {
        checkRegression(last, tick);
        first = last + 1;
      } else {
        checkRegression(last, tick);
        awaitTick(lastTick + 1);
        continue;
      }
      // Take what is left of this tick's counter, up to what is wanted, in one CAS.
      long available = sequenceMask - (first & sequenceMask) + 1;
      int take = (int) Math.min(available, count - filled);
      if (state.compareAndSet(last, first + take - 1)) {
        for (int i = 0; i < take; i++) {
          values[filled++] = compose(t, first + i);
        }
      }
    }
    return values;
  }

  /** The start of the last tick issued, in ms since the Unix epoch; 0 before the first ID. */
  public long lastIssuedMillis() {
    return millisOf(term.state().get());
  }

  private long millisOf(long last) {
    return last < 0 || last == CLOSED ? 0 : epochMillis + (last >> sequenceBits) * unitMillis;
  }

  /** Splits an ID of this sequence into timestamp, worker and counter. */
  public SnowflakeLayout.Decoded decode(long id) {
    return layout.decode(id, epoch());
  }

  @Override
  public synchronized void close() {
    Term t = term;
    if (t.lease() instanceof ClosedLease) {
      return;
    }
    term = new Term(new ClosedLease(t.workerId()), t.workerId(), t.workerPart(), new AtomicLong(CLOSED));
    // Any thread that read the old state fails its CAS and then sees the closed term.
    long last = t.state().getAndSet(CLOSED);
    t.lease().release(millisOf(last));
  }

  /** The current tick, or -1 when {@code t} ended and a new term began. */
  private long currentTick(Term t) {
    long millis = clock.millis();
    WorkerLease held = t.lease();
    if (millis > held.validUntil()) {
      return replaceLease(t, millis);
    }
    long tick = (millis - epochMillis) / unitMillis;
    if (tick > maxTick) {
      throw new SequenceExhaustedException("sequence " + name + ": the layout's "
          + layout.timestampBits() + " timestamp bits ran out at "
          + layout.endOfTime(epoch()) + "; IDs would wrap, so none is issued");
    }
    return tick;
  }

  /**
   * Starts a new term with a new lease when {@code t}'s lease is lost for good and the worker id
   * came from a store; throws otherwise. Returns -1 when a new term began.
   */
  private synchronized long replaceLease(Term t, long millis) {
    if (term != t) {
      return -1;
    }
    WorkerLease held = t.lease();
    if (leases == null || !held.lost() || millis < nextLeaseAttempt) {
      throw new SequenceUnavailableException("sequence " + name + ": the lease on worker id "
          + t.workerId() + " is not valid (" + Objects.requireNonNullElse(held.invalidReason(),
          "it expired before it could be renewed") + "); no ID is issued without it");
    }
    long last = t.state().getAndSet(CLOSED);
    long lastTick = last < 0 || last == CLOSED ? -1 : last >> sequenceBits;
    held.release(millisOf(last));
    try {
      WorkerLease next = leases.acquire(name, layout.maxWorkerId(), clock, toleranceMillis);
      term = startTerm(next, lastTick);
      return -1;
    } catch (RuntimeException e) {
      nextLeaseAttempt = millis + RELEASE_RETRY_MILLIS;
      // Keep the old term's last tick for the next try, under a lease that stays lost.
      term = new Term(held, t.workerId(), t.workerPart(),
          new AtomicLong(lastTick < 0 ? -1 : (lastTick << sequenceBits) | sequenceMask));
      throw new SequenceUnavailableException("sequence " + name + ": lost the lease on worker id "
          + t.workerId() + " (" + held.invalidReason() + ") and could not lease another: " + e.getMessage(), e);
    }
  }

  private long firstCounter(long tick) {
    // Spreads the low bits across ticks at low traffic without any shared state.
    return spread == 0 ? 0 : tick % (spread + 1);
  }

  private void checkRegression(long last, long tick) {
    if (last == CLOSED) {
      throw new SequenceUnavailableException("sequence " + name + " is closed");
    }
    long lastTick = last >> sequenceBits;
    long behindMillis = (lastTick - tick) * unitMillis;
    if (behindMillis > toleranceMillis) {
      throw new ClockMovedBackwardsException("sequence " + name + ": the clock moved backwards by "
          + behindMillis + " ms, more than the tolerance of " + toleranceMillis
          + " ms; refusing to issue IDs until it catches up with "
          + Instant.ofEpochMilli(epochMillis + lastTick * unitMillis), behindMillis);
    }
  }

  private void awaitTick(long tick) {
    try {
      clock.awaitMillis(epochMillis + tick * unitMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SequenceException("sequence " + name + ": interrupted while waiting for the next tick", e);
    }
  }

  private long compose(Term t, long packed) {
    return ((packed >> sequenceBits) << tickShift) | t.workerPart() | (packed & sequenceMask);
  }

  @Override
  public String toString() {
    return "SnowflakeSequence[" + name + ", worker " + term.workerId() + ", " + layout + "]";
  }

  private record ClosedLease(int workerId) implements WorkerLease {
    @Override
    public long lastTimestamp() {
      return 0;
    }

    @Override
    public long validUntil() {
      return 0;
    }

    @Override
    public String invalidReason() {
      return "the sequence was closed";
    }

    @Override
    public void release(long lastIssuedMillis) {}
  }

  /** Builds a {@link SnowflakeSequence}; the worker id is leased when {@link #build()} runs. */
  public static final class Builder {
    private final String name;
    private final SnowflakeLayout layout;
    private Instant epoch = Instant.parse("2024-01-01T00:00:00Z");
    private EpochClock clock = EpochClock.system();
    private WorkerLease lease;
    private WorkerLeases leases;
    private long toleranceMillis = 10;
    private int spread;

    private Builder(String name, SnowflakeLayout layout) {
      this.name = Objects.requireNonNull(name, "name");
      this.layout = Objects.requireNonNull(layout, "layout");
    }

    public Builder epoch(Instant epoch) {
      this.epoch = Objects.requireNonNull(epoch, "epoch");
      return this;
    }

    public Builder clock(EpochClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** A lease already held, e.g. {@link WorkerLease#fixed(int)}. */
    public Builder lease(WorkerLease lease) {
      this.lease = Objects.requireNonNull(lease, "lease");
      this.leases = null;
      return this;
    }

    /** Where to lease a worker id from when the sequence is built ({@code worker-id: auto}). */
    public Builder leases(WorkerLeases leases) {
      this.leases = Objects.requireNonNull(leases, "leases");
      this.lease = null;
      return this;
    }

    /** How far the clock may move backwards before the generator refuses (default 10 ms). */
    public Builder toleranceMillis(long toleranceMillis) {
      if (toleranceMillis < 0) {
        throw new IllegalArgumentException("clock tolerance must not be negative: " + toleranceMillis);
      }
      this.toleranceMillis = toleranceMillis;
      return this;
    }

    /**
     * Starts each tick's counter at {@code tick % (spread + 1)} instead of 0, so that at low
     * traffic the low bits are not always 0 (IDs all even, skewed modulo sharding). 0 turns it off.
     */
    public Builder spread(int spread) {
      if (spread < 0 || spread > layout.maxSequence()) {
        throw new IllegalArgumentException("spread must be between 0 and " + layout.maxSequence()
            + " (the layout's largest counter), got " + spread);
      }
      this.spread = spread;
      return this;
    }

    public SnowflakeSequence build() {
      WorkerLease held = lease;
      if (held == null) {
        if (leases == null) {
          throw new IllegalStateException("sequence " + name + ": a worker lease or a lease store is needed");
        }
        held = leases.acquire(name, layout.maxWorkerId(), clock, toleranceMillis);
      }
      return new SnowflakeSequence(this, held);
    }
  }
}
