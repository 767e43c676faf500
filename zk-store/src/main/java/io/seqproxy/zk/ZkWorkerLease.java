package io.seqproxy.zk;

import io.seqproxy.sequence.EpochClock;
import io.seqproxy.sequence.snowflake.WorkerLease;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Snowflake worker id held through ZooKeeper: an ephemeral node owned by this process's
 * session, and a persisted bound on every timestamp this holder may issue.
 *
 * <h2>Connection-state policy</h2>
 *
 * <ul>
 *   <li><b>SUSPENDED</b> (the connection dropped; the session may still be alive): {@code
 *       validUntil} drops to 0 at once, so the Snowflake generator stops issuing on its next
 *       call. Nothing is given up yet.
 *   <li><b>RECONNECTED</b>: if the client is back on the <em>same</em> session and the ephemeral
 *       lease node is still owned by it, the lease persists a new bound and resumes with a fresh
 *       {@code validUntil}. Anything else (a new session, the node gone or owned by another
 *       session) is handled as LOST.
 *   <li><b>LOST</b> (the session expired, or Curator gave it up after the session timeout): the
 *       worker id is given up for good; {@code validUntil} stays 0 and {@link #invalidReason()}
 *       says why. The Snowflake sequence must acquire a new lease (possibly another id).
 *   <li><b>ZooKeeper unreachable at start</b>: acquiring waits at most {@code
 *       connection-timeout}, then fails with a {@code SequenceUnavailableException} naming the
 *       connect string; no id is assumed.
 * </ul>
 *
 * <h2>How it is safe</h2>
 *
 * Validity is extended only after a bound at least as late as the new {@code validUntil} has
 * been written to {@code timestamps/<id>}, and every such write goes through the raw {@link
 * ZooKeeper} handle of the session that owns {@code leases/<id>}. ZooKeeper refuses requests of
 * an expired session and applies requests in one total order, so a successful write proves that
 * the id was still ours when the bound was stored; whoever takes the id later reads a bound at
 * least that late and starts after it. (Curator's own calls would retry on a new session after
 * an expiry, which would break that proof; hence the raw handle.) Bounds only ever go up: every
 * write is a versioned compare-and-set that keeps the larger value, so a stale writer cannot
 * lower one.
 *
 * <p>The state is one immutable {@link State} in an {@link AtomicReference}: {@link
 * #validUntil()} is one volatile read, connection events replace the state at once, and a renewal
 * installs its new validity only by compare-and-set from the exact state it started from. A
 * SUSPENDED event during a renewal therefore always wins: the renewal's CAS fails and the lease
 * stays suspended until the next RECONNECTED check.
 *
 * <p>Even without any connection event (a process paused longer than its session), collisions
 * are impossible: this holder never issues after {@code validUntil}, which is never later than
 * the persisted bound the next holder starts from.
 */
final class ZkWorkerLease implements WorkerLease {

  private static final Logger LOG = LoggerFactory.getLogger(ZkWorkerLease.class);

  enum Phase { HELD, SUSPENDED, LOST, RELEASED }

  /** The whole lease state, replaced atomically; {@code reason} is null while HELD. */
  record State(Phase phase, long validUntil, String reason) {}

  /** The bound as last written or read, with its znode version (-1 when the node is absent). */
  record Bound(long value, int version) {}

  private final CuratorFramework client;
  private final ZooKeeper session;
  private final long sessionId;
  private final String sequence;
  private final int workerId;
  private final String leasePath;
  private final String boundPath;
  private final List<ACL> acl;
  private final EpochClock clock;
  private final long leaseMillis;
  private final long lastTimestamp;
  private final Consumer<ZkWorkerLease> onEnd;
  private final AtomicReference<State> state;
  private final ConnectionStateListener listener = this::connectionStateChanged;
  private volatile Bound bound;
  private volatile ScheduledFuture<?> renewal;
  // Written by the scheduler thread only; read by metrics.
  private volatile long renewals;
  private volatile long renewalNanos;
  private ScheduledExecutorService scheduler;

  private ZkWorkerLease(
      CuratorFramework client, ZooKeeper session, String sequence, int workerId, String leasePath,
      String boundPath, List<ACL> acl, EpochClock clock, long leaseMillis, long lastTimestamp,
      Bound persisted, long validUntil, Consumer<ZkWorkerLease> onEnd) {
    this.client = client;
    this.session = session;
    this.sessionId = session.getSessionId();
    this.sequence = sequence;
    this.workerId = workerId;
    this.leasePath = leasePath;
    this.boundPath = boundPath;
    this.acl = acl;
    this.clock = clock;
    this.leaseMillis = leaseMillis;
    this.lastTimestamp = lastTimestamp;
    this.bound = persisted;
    this.onEnd = onEnd;
    this.state = new AtomicReference<>(new State(Phase.HELD, validUntil, null));
  }

  /**
   * Takes worker id {@code workerId} if it is free: creates the ephemeral lease node through
   * {@code session}, then persists the first bound. Returns null when another session holds it
   * or its persisted bound is further ahead of the clock than {@code toleranceMillis}.
   */
  static ZkWorkerLease tryTake(
      CuratorFramework client, ZooKeeper session, String sequence, int workerId,
      String leasePath, String boundPath, List<ACL> acl, EpochClock clock, long leaseMillis,
      long toleranceMillis, Consumer<ZkWorkerLease> onEnd)
      throws KeeperException, InterruptedException {
    if (!createEphemeral(session, leasePath, acl)) {
      return null;
    }
    try {
      Bound persisted = readBound(session, boundPath);
      long now = clock.millis();
      if (persisted.value() - now > toleranceMillis) {
        // Raced with a holder that released it after our scan: not usable by this clock yet.
        deleteIfOurs(session, leasePath);
        return null;
      }
      long validUntil = Math.max(now, persisted.value()) + leaseMillis;
      Bound written = persistAtLeast(session, boundPath, acl, persisted, validUntil);
      return new ZkWorkerLease(client, session, sequence, workerId, leasePath, boundPath, acl,
          clock, leaseMillis, persisted.value(), written, validUntil, onEnd);
    } catch (KeeperException | InterruptedException | RuntimeException e) {
      try {
        deleteIfOurs(session, leasePath);
      } catch (KeeperException | RuntimeException cleanup) {
        e.addSuppressed(cleanup); // the node goes with the session anyway
      }
      throw e;
    }
  }

  /** Starts renewing and listening to the connection; called once, after construction. */
  void start(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
    client.getConnectionStateListenable().addListener(listener);
    long period = Math.max(1, leaseMillis / 3);
    renewal = scheduler.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    LOG.info("Leased worker id {} of {} ({}), valid until {}", workerId, sequence, leasePath,
        validUntil());
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

  State state() {
    return state.get();
  }

  /** The bound this lease last persisted: never earlier than {@link #validUntil()}. */
  long persistedBound() {
    return bound.value();
  }

  @Override
  public void release(long lastIssuedMillis) {
    State before = state.getAndSet(
        new State(Phase.RELEASED, 0, "worker id " + workerId + " of " + sequence + " was released"));
    if (before.phase() == Phase.RELEASED) {
      return;
    }
    stop();
    if (before.phase() == Phase.LOST) {
      return; // nothing of ours is left in ZooKeeper
    }
    try {
      // The bound already covers validUntil; this only matters if the caller went past it.
      bound = persistAtLeast(session, boundPath, acl, bound, lastIssuedMillis);
      deleteIfOurs(session, leasePath);
      LOG.info("Released worker id {} of {}; it is free again once the clock passes {}",
          workerId, sequence, bound.value());
    } catch (KeeperException | RuntimeException e) {
      LOG.warn("Could not release worker id {} of {} cleanly ({}); ZooKeeper frees it when this"
          + " session ends", workerId, sequence, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Curator's event thread: make the Snowflake stop at once; resume checks run on the scheduler. */
  private void connectionStateChanged(CuratorFramework ignored, ConnectionState newState) {
    switch (newState) {
      case SUSPENDED, READ_ONLY -> {
        // A fresh State object each time, so that a resume in progress cannot install validity.
        State suspended = new State(Phase.SUSPENDED, 0,
            "the connection to ZooKeeper is suspended; worker id " + workerId + " of " + sequence
                + " issues nothing until it is back");
        State before = state.getAndUpdate(
            s -> s.phase() == Phase.HELD || s.phase() == Phase.SUSPENDED ? suspended : s);
        if (before.phase() == Phase.HELD) {
          LOG.warn("ZooKeeper connection suspended: worker id {} of {} stops issuing", workerId,
              sequence);
        }
      }
      case LOST -> lose("the ZooKeeper session was lost");
      case RECONNECTED -> {
        ScheduledExecutorService s = scheduler;
        if (s != null && state.get().phase() == Phase.SUSPENDED) {
          s.execute(this::tick);
        }
      }
      default -> {
        // CONNECTED happens once, before any lease exists.
      }
    }
  }

  /** Renews a held lease, or checks and resumes a suspended one. Runs on the scheduler only. */
  void tick() {
    State current = state.get();
    try {
      switch (current.phase()) {
        case HELD -> extend(current);
        case SUSPENDED -> {
          if (!client.getZookeeperClient().isConnected()) {
            return;
          }
          ZooKeeper now = client.getZookeeperClient().getZooKeeper();
          if (now.getSessionId() != sessionId) {
            lose("the ZooKeeper session changed while the connection was suspended");
            return;
          }
          Stat stat = session.exists(leasePath, false);
          if (stat == null || stat.getEphemeralOwner() != sessionId) {
            lose("the lease node " + leasePath + " is no longer this session's");
            return;
          }
          if (extend(current)) {
            LOG.info("ZooKeeper connection back on the same session: worker id {} of {} resumes",
                workerId, sequence);
          }
        }
        default -> stop();
      }
    } catch (KeeperException.SessionExpiredException e) {
      lose("the ZooKeeper session expired");
    } catch (KeeperException e) {
      // The connection is failing: validity runs out on its own; SUSPENDED will follow.
      LOG.debug("Could not renew worker id {} of {}: {}", workerId, sequence, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("Could not renew worker id {} of {}", workerId, sequence, e);
    }
  }

  /** Persists a new bound, then installs the validity it covers if the state has not moved. */
  private boolean extend(State from) throws KeeperException, InterruptedException {
    long started = System.nanoTime();
    long until = clock.millis() + leaseMillis;
    bound = persistAtLeast(session, boundPath, acl, bound, until);
    boolean extended = state.compareAndSet(from, new State(Phase.HELD, Math.max(until, 0), null));
    if (extended) {
      renewalNanos += System.nanoTime() - started;
      renewals++;
    }
    return extended;
  }

  @Override
  public long renewals() {
    return renewals;
  }

  @Override
  public long renewalNanos() {
    return renewalNanos;
  }

  private void lose(String why) {
    State lost = new State(Phase.LOST, 0,
        why + "; worker id " + workerId + " of " + sequence + " was given up");
    State before = state.getAndUpdate(s -> s.phase() == Phase.RELEASED ? s : lost);
    if (before.phase() != Phase.RELEASED && before.phase() != Phase.LOST) {
      LOG.warn("{}: worker id {} of {} was given up", why, workerId, sequence);
      stop();
    }
  }

  private void stop() {
    ScheduledFuture<?> r = renewal;
    if (r != null) {
      r.cancel(false);
    }
    client.getConnectionStateListenable().removeListener(listener);
    onEnd.accept(this);
  }

  /** Creates the ephemeral node; true if this session owns it afterwards. */
  private static boolean createEphemeral(ZooKeeper session, String path, List<ACL> acl)
      throws KeeperException, InterruptedException {
    try {
      session.create(path, new byte[0], acl, CreateMode.EPHEMERAL);
      return true;
    } catch (KeeperException.NodeExistsException | KeeperException.ConnectionLossException e) {
      // After a connection loss our create may have happened: the owner tells.
      Stat stat = session.exists(path, false);
      if (stat != null && stat.getEphemeralOwner() == session.getSessionId()) {
        return true;
      }
      if (e instanceof KeeperException.ConnectionLossException) {
        throw e;
      }
      return false;
    }
  }

  private static void deleteIfOurs(ZooKeeper session, String path)
      throws KeeperException, InterruptedException {
    Stat stat = session.exists(path, false);
    if (stat != null && stat.getEphemeralOwner() == session.getSessionId()) {
      try {
        session.delete(path, stat.getVersion());
      } catch (KeeperException.NoNodeException e) {
        // already gone
      }
    }
  }

  static Bound readBound(ZooKeeper session, String path)
      throws KeeperException, InterruptedException {
    Stat stat = new Stat();
    try {
      byte[] data = session.getData(path, false, stat);
      return new Bound(Znodes.decode(path, data), stat.getVersion());
    } catch (KeeperException.NoNodeException e) {
      return new Bound(0, -1);
    }
  }

  /**
   * Makes the persisted bound at least {@code target}: a versioned compare-and-set from {@code
   * known}, re-reading when another writer moved it; never lowers it and writes nothing when it
   * is already high enough.
   */
  static Bound persistAtLeast(ZooKeeper session, String path, List<ACL> acl, Bound known,
      long target) throws KeeperException, InterruptedException {
    Bound current = known;
    while (current.value() < target) {
      try {
        if (current.version() < 0) {
          session.create(path, Znodes.encode(target), acl, CreateMode.PERSISTENT);
          return new Bound(target, 0);
        }
        Stat stat = session.setData(path, Znodes.encode(target), current.version());
        return new Bound(target, stat.getVersion());
      } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException
          | KeeperException.NoNodeException e) {
        current = readBound(session, path);
      }
    }
    return current;
  }
}
