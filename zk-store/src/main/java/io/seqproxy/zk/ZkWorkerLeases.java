package io.seqproxy.zk;

import io.seqproxy.sequence.ClockMovedBackwardsException;
import io.seqproxy.sequence.EpochClock;
import io.seqproxy.sequence.SequenceException;
import io.seqproxy.sequence.SequenceUnavailableException;
import io.seqproxy.sequence.snowflake.WorkerLease;
import io.seqproxy.sequence.snowflake.WorkerLeases;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;

/**
 * Worker-id leases for Snowflake sequences.
 *
 * <h2>Znode layout</h2>
 *
 * <pre>
 * &lt;root&gt;/workers/&lt;sequence&gt;/leases/&lt;id&gt;       EPHEMERAL   empty; its owner session holds
 *                                                     worker id &lt;id&gt; (decimal, no padding)
 * &lt;root&gt;/workers/&lt;sequence&gt;/timestamps/&lt;id&gt;   PERSISTENT  ASCII decimal milliseconds since
 *                                                     the Unix epoch: no holder of &lt;id&gt; ever
 *                                                     issued, or will issue, a later timestamp
 * </pre>
 *
 * <h2>Choosing an id</h2>
 *
 * The lowest id that no session holds and whose persisted bound is not ahead of the local clock;
 * failing that, the free id whose bound is least ahead, if by no more than the tolerance (the
 * generator then starts after the bound). Ids whose bound is further ahead are not handed out:
 * that is how a released or crashed holder's id stays unused until its timestamps are safe. If
 * every free id is that far ahead, the clock is behind: {@link ClockMovedBackwardsException},
 * saying by how much. If no id is free: {@link SequenceUnavailableException}.
 */
final class ZkWorkerLeases implements WorkerLeases, AutoCloseable {

  private final CuratorFramework client;
  private final String parent;
  private final List<ACL> acl;
  private final long leaseMillis;
  private final long maxWaitMillis;
  private final Set<ZkWorkerLease> live = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService scheduler;

  ZkWorkerLeases(CuratorFramework client, String root, List<ACL> acl, long leaseMillis,
      long maxWaitMillis) {
    this.client = client;
    this.parent = ZKPaths.makePath(root, "workers");
    this.acl = acl;
    this.leaseMillis = leaseMillis;
    this.maxWaitMillis = maxWaitMillis;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "seqproxy-zk-lease-renewal");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public ZkWorkerLease acquire(String sequence, int maxWorkerId, EpochClock clock,
      long toleranceMillis) {
    if (maxWorkerId < 0 || toleranceMillis < 0) {
      throw new IllegalArgumentException(
          "maxWorkerId and toleranceMillis must not be negative: " + maxWorkerId + ", "
              + toleranceMillis);
    }
    String base = Znodes.child(parent, sequence);
    String leases = ZKPaths.makePath(base, "leases");
    String bounds = ZKPaths.makePath(base, "timestamps");
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
    KeeperException lastProblem = null;
    do {
      try {
        if (!client.getZookeeperClient().blockUntilConnectedOrTimedOut()) {
          continue;
        }
        ensureExists(leases);
        ensureExists(bounds);
        ZkWorkerLease lease =
            scanAndTake(sequence, maxWorkerId, clock, toleranceMillis, leases, bounds);
        if (lease != null) {
          live.add(lease);
          lease.start(scheduler);
          return lease;
        }
        // Every candidate was taken by another process between our scan and our create.
      } catch (KeeperException e) {
        if (!isTransient(e)) {
          throw new SequenceException("could not lease a worker id of " + sequence + " at "
              + leases + " in ZooKeeper: " + e.getMessage(), e);
        }
        lastProblem = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SequenceUnavailableException(
            "interrupted while leasing a worker id of " + sequence, e);
      } catch (SequenceException e) {
        throw e;
      } catch (Exception e) {
        throw new SequenceException(
            "could not lease a worker id of " + sequence + " at " + leases + ": " + e, e);
      }
    } while (System.nanoTime() - deadline < 0);
    String connect = client.getZookeeperClient().getCurrentConnectionString();
    throw new SequenceUnavailableException(lastProblem == null && client.getZookeeperClient().isConnected()
        ? "could not lease a worker id of " + sequence + " within " + maxWaitMillis
            + " ms (stores.zookeeper.connection-timeout): other processes kept taking the free ids"
            + " first (" + leases + ")"
        : "could not lease a worker id of " + sequence + ": ZooKeeper at " + connect
            + " did not answer within " + maxWaitMillis
            + " ms (stores.zookeeper.connection-timeout)"
            + (lastProblem == null ? "" : ": " + lastProblem.getMessage()), lastProblem);
  }

  /**
   * Held ids are the ephemeral lease nodes, named by the session that owns them; their validity
   * lasts as long as that session, so {@code heldUntil} is open-ended.
   */
  @Override
  public Optional<List<LeaseRecord>> list(String sequence) {
    String base = Znodes.child(parent, sequence);
    String leases = ZKPaths.makePath(base, "leases");
    String bounds = ZKPaths.makePath(base, "timestamps");
    try {
      ZooKeeper session = client.getZookeeperClient().getZooKeeper();
      TreeMap<Integer, LeaseRecord> records = new TreeMap<>();
      for (String id : children(session, bounds)) {
        String path = ZKPaths.makePath(bounds, id);
        records.put(Integer.parseInt(id), new LeaseRecord(Integer.parseInt(id), "", 0,
            Znodes.decode(path, session.getData(path, false, null))));
      }
      for (String id : children(session, leases)) {
        Stat stat = session.exists(ZKPaths.makePath(leases, id), false);
        if (stat != null) {
          int workerId = Integer.parseInt(id);
          LeaseRecord known = records.get(workerId);
          records.put(workerId, new LeaseRecord(workerId, "session 0x" + Long.toHexString(stat.getEphemeralOwner()),
              Long.MAX_VALUE, known == null ? 0 : known.lastTimestamp()));
        }
      }
      return Optional.of(new ArrayList<>(records.values()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SequenceUnavailableException("interrupted while listing the worker ids of " + sequence, e);
    } catch (Exception e) {
      throw new SequenceUnavailableException("could not list the worker ids of " + sequence + " at " + base
          + " in ZooKeeper: " + e.getMessage(), e);
    }
  }

  private static List<String> children(ZooKeeper session, String path) throws KeeperException, InterruptedException {
    try {
      return session.getChildren(path, false);
    } catch (KeeperException.NoNodeException none) {
      return List.of();
    }
  }

  private ZkWorkerLease scanAndTake(String sequence, int maxWorkerId, EpochClock clock,
      long toleranceMillis, String leases, String bounds) throws Exception {
    ZooKeeper session = client.getZookeeperClient().getZooKeeper();
    Set<String> held = new HashSet<>(session.getChildren(leases, false));
    Set<String> persisted = new HashSet<>(session.getChildren(bounds, false));
    long now = clock.millis();
    record Candidate(int id, long ahead) {}
    List<Candidate> aheadWithinTolerance = new ArrayList<>();
    long leastAheadBeyondTolerance = Long.MAX_VALUE;
    boolean anyFree = false;
    boolean anyUsableNow = false;
    for (int id = 0; id <= maxWorkerId; id++) {
      String name = Integer.toString(id);
      if (held.contains(name)) {
        continue;
      }
      anyFree = true;
      long ahead = persisted.contains(name)
          ? ZkWorkerLease.readBound(session, ZKPaths.makePath(bounds, name)).value() - now
          : Long.MIN_VALUE;
      if (ahead <= 0) {
        anyUsableNow = true;
        ZkWorkerLease lease = take(session, sequence, id, clock, toleranceMillis, leases, bounds);
        if (lease != null) {
          return lease;
        }
      } else if (ahead <= toleranceMillis) {
        aheadWithinTolerance.add(new Candidate(id, ahead));
      } else {
        leastAheadBeyondTolerance = Math.min(leastAheadBeyondTolerance, ahead);
      }
    }
    aheadWithinTolerance.sort(Comparator.comparingLong(Candidate::ahead));
    for (Candidate candidate : aheadWithinTolerance) {
      ZkWorkerLease lease =
          take(session, sequence, candidate.id(), clock, toleranceMillis, leases, bounds);
      if (lease != null) {
        return lease;
      }
    }
    if (!anyFree) {
      throw new SequenceUnavailableException(
          "all " + (maxWorkerId + 1) + " worker ids (0.." + maxWorkerId + ") of " + sequence
              + " are leased by running processes (" + leases + "); stop one of them, or give"
              + " the layout more worker bits");
    }
    if (!anyUsableNow && aheadWithinTolerance.isEmpty()) {
      throw new ClockMovedBackwardsException(
          "the clock is " + leastAheadBeyondTolerance + " ms behind the persisted timestamp of"
              + " every free worker id of " + sequence + " (tolerance " + toleranceMillis
              + " ms, " + bounds + "); a previous holder issued IDs that late. Fix the clock, or"
              + " wait until it passes that time", leastAheadBeyondTolerance);
    }
    return null;
  }

  private ZkWorkerLease take(ZooKeeper session, String sequence, int id, EpochClock clock,
      long toleranceMillis, String leases, String bounds)
      throws KeeperException, InterruptedException {
    String name = Integer.toString(id);
    return ZkWorkerLease.tryTake(client, session, sequence, id, ZKPaths.makePath(leases, name),
        ZKPaths.makePath(bounds, name), acl, clock, leaseMillis, toleranceMillis, live::remove);
  }

  private void ensureExists(String path) throws Exception {
    if (client.checkExists().forPath(path) == null) {
      try {
        client.create().creatingParentsIfNeeded().forPath(path);
      } catch (KeeperException.NodeExistsException e) {
        // created by another process meanwhile
      }
    }
  }

  private static boolean isTransient(KeeperException e) {
    return switch (e.code()) {
      case CONNECTIONLOSS, OPERATIONTIMEOUT, SESSIONEXPIRED, SESSIONMOVED -> true;
      default -> false;
    };
  }

  /** The leases held now, for tests. */
  Set<ZkWorkerLease> live() {
    return Set.copyOf(live);
  }

  @Override
  public void close() {
    for (WorkerLease lease : List.copyOf(live)) {
      lease.release(0);
    }
    scheduler.shutdownNow();
  }
}
