package io.seqproxy.sequence.snowflake;

import io.seqproxy.sequence.ClockMovedBackwardsException;
import io.seqproxy.sequence.EpochClock;
import io.seqproxy.sequence.Sequence;
import io.seqproxy.sequence.SequenceException;
import io.seqproxy.sequence.SequenceExhaustedException;
import io.seqproxy.sequence.SequenceUnavailableException;
import io.seqproxy.sequence.monitor.SequenceHealth;
import io.seqproxy.sequence.monitor.SequenceMetric;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

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
 *
 * <p>Counting IDs costs no extra atomic: the state already says how many IDs its tick issued,
 * and the one thread whose CAS moves the state into a new tick adds the old tick's count to
 * {@link #issuedInEarlierTicks} — once per tick, not once per ID. The other figures are counted
 * on the paths that wait or refuse.
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

  private final LongAdder issuedInEarlierTicks = new LongAdder();
  private final LongAdder clockBackWaits = new LongAdder();
  private final LongAdder ticksExhausted = new LongAdder();
  private final LongAdder leaseReplacements = new LongAdder();
  private final LongAdder unavailableFailures = new LongAdder();
  private final LongAdder exhaustedFailures = new LongAdder();
  private final LongAdder clockFailures = new LongAdder();

  /** The state once closed: every CAS from an earlier state fails, and no tick is later. */
  private static final long CLOSED = Long.MAX_VALUE;
  private static final long RELEASE_RETRY_MILLIS = 1000;

  /** Returned by {@link #candidateAfter} when the caller must read the state again. */
  private static final long RETRY = -1;

  /**
   * One lease's worth of issuing: the last issued (tick, counter) packed as
   * {@code tick << sequenceBits | counter}, and the worker id part of every ID. {@code seed} is
   * the state the term started from, which stands for no ID issued.
   */
  private record Term(WorkerLease lease, int workerId, long workerPart, AtomicLong state, long seed) {
    Term(WorkerLease lease, int workerId, long workerPart, long seed) {
      this(lease, workerId, workerPart, new AtomicLong(seed), seed);
    }
  }

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
    return new Term(lease, workerId, (long) workerId << sequenceBits, state);
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
      long last = state.get();
      long candidate = candidateAfter(t, last);
      if (candidate != RETRY && state.compareAndSet(last, candidate)) {
        if ((candidate ^ last) >> sequenceBits != 0) {
          countTick(t, last);
        }
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
      long first = candidateAfter(t, last);
      if (first == RETRY) {
        continue;
      }
      // Take what is left of this tick's counter, up to what is wanted, in one CAS.
      long available = sequenceMask - (first & sequenceMask) + 1;
      int take = (int) Math.min(available, count - filled);
      if (state.compareAndSet(last, first + take - 1)) {
        if ((first ^ last) >> sequenceBits != 0) {
          countTick(t, last);
        }
        for (int i = 0; i < take; i++) {
          values[filled++] = compose(t, first + i);
        }
      }
    }
    return values;
  }

  /**
   * {@code size} consecutive IDs: consecutive counters of one tick (the counter is the lowest part
   * of an ID). When what is left of the tick's counter is too short, the rest of the tick is
   * skipped and the block comes from a later tick.
   *
   * @throws SequenceException when {@code size} is more than every tick's counter holds
   */
  @Override
  public long nextBlock(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1: " + size);
    }
    // With spread, a tick's counter may start as high as spread.
    long perTick = sequenceMask + 1 - spread;
    if (size > perTick) {
      throw new SequenceException("sequence " + name + ": a block of " + size + " consecutive IDs does not fit in"
          + " one tick's counter of a Snowflake (" + perTick + " IDs with " + sequenceBits + " sequence bits"
          + (spread == 0 ? "" : " and spread " + spread) + "); use a segment sequence, or an allocation size of 1");
    }
    for (;;) {
      Term t = term;
      AtomicLong state = t.state();
      long last = state.get();
      long first = candidateAfter(t, last);
      if (first == RETRY) {
        continue;
      }
      boolean fits = (first & sequenceMask) + size - 1 <= sequenceMask;
      // Too short a rest: the tick is marked used up, and the next pass waits for a later one.
      long taken = fits ? first + size - 1 : first | sequenceMask;
      if (state.compareAndSet(last, taken)) {
        if ((first ^ last) >> sequenceBits != 0) {
          countTick(t, last);
        }
        if (fits) {
          return compose(t, first);
        }
      }
    }
  }

  /**
   * The first (tick, counter) after {@code last} that may be issued now, or {@link #RETRY} when
   * the caller must read the state again (a new term began, or this thread waited for a tick).
   * The state is read before the clock: a tick in the state was read from the clock before, so a
   * later tick there means the clock really went back, not that this thread was descheduled.
   */
  private long candidateAfter(Term t, long last) {
    long tick = currentTick(t);
    if (tick < 0) {
      return RETRY;
    }
    long lastTick = last >> sequenceBits;
    if (tick > lastTick) {
      return (tick << sequenceBits) | firstCounter(tick);
    }
    checkRegression(last, tick);
    if ((last & sequenceMask) != sequenceMask) {
      return last + 1;
    }
    (tick < lastTick ? clockBackWaits : ticksExhausted).increment();
    awaitTick(lastTick + 1);
    return RETRY;
  }

  /** Adds the IDs that {@code last}'s tick issued; called once per tick, by the thread that left it. */
  private void countTick(Term t, long last) {
    long issued = issuedIn(t, last);
    if (issued > 0) {
      issuedInEarlierTicks.add(issued);
    }
  }

  private long issuedIn(Term t, long state) {
    if (state < 0 || state == CLOSED || state == t.seed()) {
      return 0;
    }
    return (state & sequenceMask) - firstCounter(state >> sequenceBits) + 1;
  }

  /** IDs this process has issued; exact once no thread is inside {@code next()}. */
  public long idsIssued() {
    Term t = term;
    return issuedInEarlierTicks.sum() + issuedIn(t, t.state().get());
  }

  @Override
  public Map<SequenceMetric, Number> metrics() {
    Term t = term;
    long now = clock.millis();
    WorkerLease held = t.lease();
    Map<SequenceMetric, Number> m = new EnumMap<>(SequenceMetric.class);
    m.put(SequenceMetric.IDS_ISSUED, issuedInEarlierTicks.sum() + issuedIn(t, t.state().get()));
    m.put(SequenceMetric.FAILURES_UNAVAILABLE, unavailableFailures.sum());
    m.put(SequenceMetric.FAILURES_EXHAUSTED, exhaustedFailures.sum());
    m.put(SequenceMetric.WORKER_ID, (long) t.workerId());
    m.put(SequenceMetric.LEASE_VALID, now <= held.validUntil() ? 1L : 0L);
    m.put(SequenceMetric.LEASE_RENEWALS, held.renewals());
    m.put(SequenceMetric.LEASE_RENEWAL_SECONDS, held.renewalNanos() / 1e9);
    m.put(SequenceMetric.LEASE_REPLACEMENTS, leaseReplacements.sum());
    m.put(SequenceMetric.CLOCK_BACK_WAITS, clockBackWaits.sum());
    m.put(SequenceMetric.TICKS_EXHAUSTED, ticksExhausted.sum());
    m.put(SequenceMetric.FAILURES_CLOCK, clockFailures.sum());
    m.put(SequenceMetric.SECONDS_UNTIL_END_OF_TIME, (endOfTime().toEpochMilli() - now) / 1000.0);
    return m;
  }

  /**
   * DOWN when the sequence is closed, its layout ran out, or its worker lease is not valid. A
   * lease lost for good is replaced here as {@code next()} would (at most once a second), so a
   * sequence nobody asks for still comes UP once a worker id can be leased again.
   */
  @Override
  public SequenceHealth health() {
    long now = clock.millis();
    Term t = term;
    if (leases != null && now > t.lease().validUntil() && t.lease().lost()
        && !(t.lease() instanceof ClosedLease)) {
      synchronized (this) {
        if (now >= nextLeaseAttempt) {
          try {
            replaceLease(t, now);
          } catch (SequenceException e) {
            // Reported below from the lease that stays lost.
          }
        }
      }
      t = term;
    }
    WorkerLease held = t.lease();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("type", "snowflake");
    details.put("workerId", t.workerId());
    String leaseState;
    String reason = null;
    if (held instanceof ClosedLease) {
      leaseState = "released";
      reason = "the sequence is closed";
    } else if (now <= held.validUntil()) {
      leaseState = "valid";
    } else {
      leaseState = held.lost() ? "lost" : "not valid";
      reason = "the lease on worker id " + t.workerId() + " is " + leaseState + " ("
          + Objects.requireNonNullElse(held.invalidReason(), "it expired before it could be renewed")
          + "); no ID is issued without it";
    }
    details.put("leaseState", leaseState);
    details.put("leaseValidUntil", held.validUntil() == Long.MAX_VALUE ? "never expires"
        : Instant.ofEpochMilli(held.validUntil()).toString());
    Instant end = endOfTime();
    details.put("endOfTime", end.toString());
    if (reason == null && now > end.toEpochMilli()) {
      reason = "the layout's " + layout.timestampBits() + " timestamp bits ran out at " + end;
    }
    return reason == null ? SequenceHealth.up(details) : SequenceHealth.down(reason, details);
  }

  /** The last instant this sequence's layout can express from its epoch. */
  public Instant endOfTime() {
    return layout.endOfTime(epoch());
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
    term = new Term(new ClosedLease(t.workerId()), t.workerId(), t.workerPart(), CLOSED);
    // Any thread that read the old state fails its CAS and then sees the closed term.
    long last = t.state().getAndSet(CLOSED);
    countTick(t, last);
    t.lease().release(millisOf(last));
  }

  /** The current tick, or -1 when {@code t} ended and a new term began. */
  private long currentTick(Term t) {
    long millis = clock.millis();
    WorkerLease held = t.lease();
    if (millis > held.validUntil()) {
      try {
        return replaceLease(t, millis);
      } catch (SequenceUnavailableException e) {
        unavailableFailures.increment();
        throw e;
      }
    }
    long tick = (millis - epochMillis) / unitMillis;
    if (tick > maxTick) {
      exhaustedFailures.increment();
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
    countTick(t, last);
    long lastTick = last < 0 || last == CLOSED ? -1 : last >> sequenceBits;
    held.release(millisOf(last));
    try {
      WorkerLease next = leases.acquire(name, layout.maxWorkerId(), clock, toleranceMillis);
      term = startTerm(next, lastTick);
      leaseReplacements.increment();
      return -1;
    } catch (RuntimeException e) {
      nextLeaseAttempt = millis + RELEASE_RETRY_MILLIS;
      // Keep the old term's last tick for the next try, under a lease that stays lost.
      term = new Term(held, t.workerId(), t.workerPart(),
          lastTick < 0 ? -1 : (lastTick << sequenceBits) | sequenceMask);
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
      clockFailures.increment();
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
