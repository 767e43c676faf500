package io.seqproxy.sequence.jdbc;

import io.seqproxy.sequence.ClockMovedBackwardsException;
import io.seqproxy.sequence.EpochClock;
import io.seqproxy.sequence.SequenceUnavailableException;
import io.seqproxy.sequence.snowflake.WorkerLease;
import io.seqproxy.sequence.snowflake.WorkerLeases;
import java.net.InetAddress;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker-id leases in the {@code {prefix}worker} table ({@link StoreTables}).
 *
 * <p>A lease is a row whose {@code owner} is this process and whose {@code expires_at} is in the
 * future. Taking a free id, renewing and releasing are each one compare-and-set UPDATE (or an
 * INSERT for an id never used), so two processes can never both believe they hold an id.
 *
 * <p>Timestamps: before a lease is extended to {@code t + duration}, {@code last_timestamp} is
 * raised to at least that; the holder stops issuing at {@code t + duration - margin}, earlier
 * than both the expiry others see and the persisted bound. {@code t} is one clock reading taken
 * before the write, for the bound and the validity alike (taking an id as much as renewing it):
 * however late the write reaches the database, the holder never counts its validity from a later
 * time than the expiry it wrote. A lease already past its validity when its first write returns
 * is renewed at once. A crashed holder's id is free only after its expiry, when every clock
 * within the margin is past anything it issued; a released id carries the start of the last tick
 * actually issued, and the next holder starts after it. Clocks of the processes sharing the
 * table must agree within the margin (a tenth of the lease).
 */
final class JdbcWorkerLeases implements WorkerLeases {
  private static final Logger log = LoggerFactory.getLogger(JdbcWorkerLeases.class);

  private static final ScheduledExecutorService RENEWALS = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "seqproxy-lease-renewal");
    thread.setDaemon(true);
    return thread;
  });

  private final StoreConnection store;
  private final StoreTables tables;
  private final long durationMillis;
  private final boolean renewInBackground;

  JdbcWorkerLeases(StoreConnection store, StoreTables tables, long durationMillis, boolean renewInBackground) {
    this.store = store;
    this.tables = tables;
    this.durationMillis = durationMillis;
    this.renewInBackground = renewInBackground;
  }

  private record Row(String owner, long expiresAt, long lastTimestamp) {}

  @Override
  public WorkerLease acquire(String sequence, int maxWorkerId, EpochClock clock, long toleranceMillis) {
    String owner = ownerName();
    for (int round = 0; round < 20; round++) {
      Map<Integer, Row> rows = store.call(c -> {
        Map<Integer, Row> found = new HashMap<>();
        try (PreparedStatement select = c.prepareStatement("SELECT worker_id, owner, expires_at, last_timestamp FROM "
            + tables.worker + " WHERE sequence_name = ?")) {
          select.setString(1, sequence);
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              found.put(rs.getInt(1), new Row(rs.getString(2), rs.getLong(3), rs.getLong(4)));
            }
          }
        }
        return found;
      });
      // Read after the SELECT (which may have opened the connection), before the write: the bound
      // written and the validity the lease starts with both come from this one reading.
      long now = clock.millis();
      long bound = now + durationMillis;
      int behindId = -1;
      long behindBy = 0;
      boolean lostRace = false;
      for (int id = 0; id <= maxWorkerId && !lostRace; id++) {
        Row row = rows.get(id);
        if (row == null) {
          if (insert(sequence, id, owner, bound)) {
            return start(sequence, id, owner, 0, now, clock);
          }
          lostRace = true;
        } else if (row.expiresAt() < now) {
          long ahead = row.lastTimestamp() - now;
          if (ahead > toleranceMillis) {
            if (behindId < 0 || ahead < behindBy) {
              behindId = id;
              behindBy = ahead;
            }
            continue;
          }
          if (take(sequence, id, row, owner, Math.max(bound, row.lastTimestamp()))) {
            return start(sequence, id, owner, row.lastTimestamp(), now, clock);
          }
          lostRace = true;
        }
      }
      if (lostRace) {
        continue;
      }
      if (behindId >= 0) {
        throw new ClockMovedBackwardsException("sequence " + sequence + ": the free worker ids were last used"
            + " at later times than this clock; the closest, worker id " + behindId + ", is " + behindBy
            + " ms ahead of it (tolerance " + toleranceMillis + " ms). Fix the clock before starting.", behindBy);
      }
      throw new SequenceUnavailableException("sequence " + sequence + ": all " + (maxWorkerId + 1)
          + " worker ids are leased in " + store.description() + "; stop a process or use a layout with more"
          + " worker bits");
    }
    throw new SequenceUnavailableException("sequence " + sequence + ": could not lease a worker id in "
        + store.description() + ": other processes kept taking them first");
  }

  @Override
  public Optional<List<LeaseRecord>> list(String sequence) {
    return Optional.of(store.call(c -> {
      List<LeaseRecord> records = new ArrayList<>();
      try (PreparedStatement select = c.prepareStatement("SELECT worker_id, owner, expires_at, last_timestamp FROM "
          + tables.worker + " WHERE sequence_name = ? ORDER BY worker_id")) {
        select.setString(1, sequence);
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            records.add(new LeaseRecord(rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
          }
        }
      }
      return records;
    }));
  }

  private boolean insert(String sequence, int id, String owner, long bound) {
    return store.call(c -> {
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + tables.worker
          + " (sequence_name, worker_id, owner, expires_at, last_timestamp) VALUES (?, ?, ?, ?, ?)")) {
        insert.setString(1, sequence);
        insert.setInt(2, id);
        insert.setString(3, owner);
        insert.setLong(4, bound);
        insert.setLong(5, bound);
        return insert.executeUpdate() == 1;
      } catch (SQLException e) {
        if (StoreConnection.isConstraintViolation(e)) {
          return false;
        }
        throw e;
      }
    });
  }

  private boolean take(String sequence, int id, Row seen, String owner, long bound) {
    return store.call(c -> {
      try (PreparedStatement update = c.prepareStatement("UPDATE " + tables.worker
          + " SET owner = ?, expires_at = ?, last_timestamp = ?"
          + " WHERE sequence_name = ? AND worker_id = ? AND owner = ? AND expires_at = ? AND last_timestamp = ?")) {
        update.setString(1, owner);
        update.setLong(2, bound);
        update.setLong(3, bound);
        update.setString(4, sequence);
        update.setInt(5, id);
        update.setString(6, seen.owner());
        update.setLong(7, seen.expiresAt());
        update.setLong(8, seen.lastTimestamp());
        return update.executeUpdate() == 1;
      }
    });
  }

  /** A lease whose row was written with the bound {@code grantedAt + duration}. */
  private Lease start(String sequence, int id, String owner, long lastTimestamp, long grantedAt, EpochClock clock) {
    Lease lease = new Lease(sequence, id, owner, lastTimestamp, grantedAt, clock);
    log.info("sequence {}: leased worker id {} in {}", sequence, id, store.description());
    if (clock.millis() > lease.validUntil()) {
      // The write took most of the lease: extend it now rather than start unusable.
      lease.renew();
    }
    if (renewInBackground) {
      long every = Math.max(1, durationMillis / 3);
      lease.renewal = RENEWALS.scheduleWithFixedDelay(lease::renew, every, every, TimeUnit.MILLISECONDS);
    }
    return lease;
  }

  private static String ownerName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "unknown-host";
    }
    String owner = ProcessHandle.current().pid() + "@" + host + "/" + UUID.randomUUID().toString().substring(0, 8);
    return owner.length() > 255 ? owner.substring(0, 255) : owner;
  }

  /**
   * One held worker id.
   *
   * <p>Its whole state is one immutable {@link State} in an {@link AtomicReference}, as in
   * {@code ZkWorkerLease}: {@link #validUntil()} is one volatile read, and every change is a
   * compare-and-set from the exact state it was decided on. A renewal that started while the
   * lease was HELD installs its new validity only if the lease is still in that same state, so a
   * {@link #release} or a loss that happened while its UPDATE was on the wire is never undone.
   * RELEASED and LOST are final.
   */
  final class Lease implements WorkerLease {
    private final String sequence;
    private final int workerId;
    private final String owner;
    private final long lastTimestamp;
    private final EpochClock clock;
    private final AtomicReference<State> state;
    private volatile ScheduledFuture<?> renewal;
    // Written by the one renewing thread; read by metrics.
    private volatile long renewals;
    private volatile long renewalNanos;

    /**
     * @param grantedAt the clock reading the row's bound was computed from, before it was written;
     *     never a later one, or the holder would count on validity past the expiry others see
     */
    Lease(String sequence, int workerId, String owner, long lastTimestamp, long grantedAt, EpochClock clock) {
      this.sequence = sequence;
      this.workerId = workerId;
      this.owner = owner;
      this.lastTimestamp = lastTimestamp;
      this.clock = clock;
      this.state = new AtomicReference<>(new State(Phase.HELD, validity(grantedAt), null));
    }

    private long validity(long renewedAt) {
      return renewedAt + durationMillis - durationMillis / 10;
    }

    @Override
    public int workerId() {
      return workerId;
    }

    @Override
    public long lastTimestamp() {
      return lastTimestamp;
    }

    @Override
    public long validUntil() {
      return state.get().validUntil();
    }

    @Override
    public String invalidReason() {
      return state.get().reason();
    }

    @Override
    public boolean lost() {
      return state.get().phase() == Phase.LOST;
    }

    /** The phase the lease is in, for tests. */
    Phase phase() {
      return state.get().phase();
    }

    /**
     * Extends the lease. Called by the background renewal, or by tests. A failure to reach the
     * database leaves the lease to run out; finding the row taken ends it at once.
     */
    void renew() {
      State before = state.get();
      if (before.phase() != Phase.HELD) {
        return;
      }
      long now = clock.millis();
      long bound = now + durationMillis;
      long started = System.nanoTime();
      boolean kept;
      try {
        kept = store.call(c -> {
          try (PreparedStatement update = c.prepareStatement("UPDATE " + tables.worker
              + " SET expires_at = ?, last_timestamp = CASE WHEN last_timestamp > ? THEN last_timestamp ELSE ? END"
              + " WHERE sequence_name = ? AND worker_id = ? AND owner = ? AND expires_at > 0")) {
            update.setLong(1, bound);
            update.setLong(2, bound);
            update.setLong(3, bound);
            update.setString(4, sequence);
            update.setInt(5, workerId);
            update.setString(6, owner);
            return update.executeUpdate() == 1;
          }
        });
      } catch (RuntimeException e) {
        log.warn("sequence {}: could not renew the lease on worker id {} (valid until {}): {}", sequence,
            workerId, Instant.ofEpochMilli(before.validUntil()), e.toString());
        return;
      }
      if (kept) {
        renewalNanos += System.nanoTime() - started;
        renewals++;
        // Only from the state this renewal started in: a release or loss meanwhile stays final.
        state.compareAndSet(before, new State(Phase.HELD, validity(now), null));
      } else {
        end(Phase.LOST, "another process holds worker id " + workerId + " now");
      }
    }

    @Override
    public long renewals() {
      return renewals;
    }

    @Override
    public long renewalNanos() {
      return renewalNanos;
    }

    /** Moves a HELD lease to {@code phase}; returns false when it had already ended. */
    private boolean end(Phase phase, String reason) {
      State current;
      do {
        current = state.get();
        if (current.phase() != Phase.HELD) {
          return false;
        }
      } while (!state.compareAndSet(current, new State(phase, 0, reason)));
      ScheduledFuture<?> task = renewal;
      if (task != null) {
        task.cancel(false);
      }
      if (phase == Phase.LOST) {
        log.warn("sequence {}: lost worker id {}: {}", sequence, workerId, reason);
      }
      return true;
    }

    @Override
    public void release(long lastIssuedMillis) {
      if (!end(Phase.RELEASED, "the lease was released")) {
        return;
      }
      try {
        store.call(c -> {
          // The generator has stopped, so the start of its last tick is all it issued; an earlier
          // holder's timestamp stays when this one issued nothing.
          try (PreparedStatement update = c.prepareStatement("UPDATE " + tables.worker
              + " SET expires_at = 0, last_timestamp = ?"
              + " WHERE sequence_name = ? AND worker_id = ? AND owner = ?")) {
            update.setLong(1, Math.max(lastIssuedMillis, lastTimestamp));
            update.setString(2, sequence);
            update.setInt(3, workerId);
            update.setString(4, owner);
            return update.executeUpdate();
          }
        });
      } catch (RuntimeException e) {
        log.warn("sequence {}: could not release worker id {}; it frees itself when the lease expires: {}",
            sequence, workerId, e.toString());
      }
    }
  }

  /** Where a lease is in its life; HELD is the only phase that issues, the others are final. */
  enum Phase { HELD, LOST, RELEASED }

  /** The whole state of a lease, replaced atomically; {@code reason} is null while HELD. */
  record State(Phase phase, long validUntil, String reason) {}
}
