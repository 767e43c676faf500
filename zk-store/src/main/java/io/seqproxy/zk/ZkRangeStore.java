package io.seqproxy.zk;

import io.seqproxy.sequence.SequenceException;
import io.seqproxy.sequence.SequenceExhaustedException;
import io.seqproxy.sequence.SequenceUnavailableException;
import io.seqproxy.sequence.range.Range;
import io.seqproxy.sequence.range.RangeMath;
import io.seqproxy.sequence.range.RangeStore;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Range reservations as versioned compare-and-set writes on one znode per sequence.
 *
 * <h2>Znode layout</h2>
 *
 * <pre>
 * &lt;root&gt;/ranges/&lt;sequence&gt;   PERSISTENT  the high-water mark: the first value no process has
 *                                    reserved, as ASCII decimal digits (see {@link Znodes})
 * </pre>
 *
 * <h2>How it is safe</h2>
 *
 * A reservation reads nothing in the common case: the store remembers, per sequence, the mark
 * and the znode version its own last read or write saw, and sends one
 * {@code setData(path, end).withVersion(v)}. ZooKeeper's leader applies it only if the node is
 * still at version v, and acknowledges it only once a quorum has logged it, so two reservations
 * that start from the same mark cannot both succeed, and a successful one survives the loss of a
 * minority of servers. The loser gets {@code BadVersion}, reads the node again (mark and version)
 * and retries with jittered exponential backoff; a missing node is created, and a lost creation
 * race ({@code NodeExists}) is a lost compare-and-set like any other.
 *
 * <p>A range is returned only after ZooKeeper said yes to exactly that write. When the answer is
 * lost (connection loss) the write may or may not have happened; the store then forgets what it
 * remembered and reads again, so at worst the range it wrote is skipped: a gap, never a
 * duplicate. The remembered marks are only hints; a stale one costs a round trip, never
 * correctness, and threads of one process may race on them freely.
 *
 * <h2>When ZooKeeper cannot be reached</h2>
 *
 * Each operation retries connection losses (Curator's retry policy, then this class's loop) for
 * at most {@code connection-timeout} in total, then fails with a
 * {@link SequenceUnavailableException}: the range sequence keeps issuing from what it already
 * reserved and reports the error only once that is used up. Losing the session does not matter to
 * ranges: nothing about them is ephemeral.
 */
final class ZkRangeStore implements RangeStore {

  private static final Logger LOG = LoggerFactory.getLogger(ZkRangeStore.class);
  private static final long NO_WRITE = -1;
  private static final long MAX_BACKOFF_MILLIS = 100;

  /** A mark as seen at a znode version; {@code version == -1} means the node did not exist. */
  private record Mark(long value, int version) {
    static final Mark ABSENT = new Mark(0, -1);

    boolean exists() {
      return version >= 0;
    }
  }

  /** The mark a compare-and-set started from and the one it left (the same when it declined). */
  private record Outcome(Mark before, Mark after, boolean wrote) {}

  /** What a compare-and-set step decides: the value to write given the current mark. */
  @FunctionalInterface
  private interface Step {
    /** The new mark, or {@link #NO_WRITE} to leave the node as it is. */
    long next(Mark current);
  }

  private final CuratorFramework client;
  private final String parent;
  private final long maxWaitMillis;
  private final ConcurrentHashMap<String, Mark> lastSeen = new ConcurrentHashMap<>();
  private final LongAdder writes = new LongAdder();
  private final LongAdder reads = new LongAdder();
  private final LongAdder lostWrites = new LongAdder();
  private volatile boolean closed;

  ZkRangeStore(CuratorFramework client, String root, long maxWaitMillis) {
    this.client = client;
    this.parent = ZKPaths.makePath(root, "ranges");
    this.maxWaitMillis = maxWaitMillis;
  }

  @Override
  public Range reserve(String sequence, long start, long size, long maxValue) {
    if (size <= 0) {
      throw new IllegalArgumentException("range size must be positive: " + size);
    }
    if (start < 0) {
      throw new IllegalArgumentException("start must not be negative: " + start);
    }
    Outcome outcome = compareAndSet(sequence, "reserve " + size + " values", current -> {
      long first = current.exists() ? Math.max(current.value(), start) : start;
      if (first > maxValue) {
        throw new SequenceExhaustedException(
            "sequence " + sequence + " has issued every value up to its max " + maxValue
                + " (high-water mark " + first + " in ZooKeeper)");
      }
      long end = RangeMath.endOf(first, size, maxValue);
      if (end <= first) {
        throw new SequenceExhaustedException(
            "sequence " + sequence + " has issued every value up to " + first + ", the largest long");
      }
      return end;
    });
    // Both ends come from this call's own successful write, never from the shared hints, which
    // other threads move.
    Mark before = outcome.before();
    long first = before.exists() ? Math.max(before.value(), start) : start;
    return new Range(first, outcome.after().value());
  }

  @Override
  public boolean release(String sequence, Range range, long unusedFrom) {
    if (unusedFrom < range.start() || unusedFrom > range.end()) {
      throw new IllegalArgumentException(
          "unusedFrom " + unusedFrom + " is outside the range " + range);
    }
    if (unusedFrom == range.end()) {
      return false;
    }
    try {
      return compareAndSet(sequence, "hand back " + range,
          current -> current.exists() && current.value() == range.end() ? unusedFrom : NO_WRITE)
          .wrote();
    } catch (SequenceUnavailableException e) {
      LOG.debug("Could not hand back the tail [{}, {}) of {}: {}",
          unusedFrom, range.end(), sequence, e.getMessage());
      return false;
    }
  }

  @Override
  public OptionalLong highWater(String sequence) {
    String path = Znodes.child(parent, sequence);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
    for (int attempt = 1; ; attempt++) {
      checkOpen();
      try {
        Mark mark = read(sequence, path);
        return mark.exists() ? OptionalLong.of(mark.value()) : OptionalLong.empty();
      } catch (KeeperException e) {
        awaitRetry(sequence, "read the high-water mark", path, e, attempt, deadline);
      }
    }
  }

  @Override
  public long raiseTo(String sequence, long value) {
    if (value < 0) {
      throw new IllegalArgumentException("a high-water mark cannot be negative: " + value);
    }
    return compareAndSet(sequence, "raise to " + value,
        current -> current.exists() && current.value() >= value ? NO_WRITE : value)
        .after().value();
  }

  @Override
  public String describe() {
    return "zookeeper " + client.getZookeeperClient().getCurrentConnectionString() + parent;
  }

  @Override
  public void close() {
    closed = true; // the Curator client belongs to ZkSequenceStore
  }

  /** Writes sent (creations and versioned sets), for measurements. */
  long writes() {
    return writes.sum();
  }

  /** Reads sent, for measurements. */
  long reads() {
    return reads.sum();
  }

  /** Writes that lost their compare-and-set, for measurements. */
  long lostWrites() {
    return lostWrites.sum();
  }

  /**
   * The compare-and-set-with-retry core. Runs {@code step} on the mark this store last saw (or
   * reads it), writes what it returns with the version it was computed from, and repeats from a
   * fresh read when the write loses.
   */
  private Outcome compareAndSet(String sequence, String what, Step step) {
    String path = Znodes.child(parent, sequence);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
    Mark seen = lastSeen.get(sequence);
    for (int attempt = 1; ; attempt++) {
      checkOpen();
      try {
        if (seen == null) {
          seen = read(sequence, path);
        }
        long target = step.next(seen);
        if (target == NO_WRITE) {
          return new Outcome(seen, seen, false);
        }
        writes.increment();
        Mark written;
        if (seen.exists()) {
          Stat stat = client.setData().withVersion(seen.version()).forPath(path, Znodes.encode(target));
          written = new Mark(target, stat.getVersion());
        } else {
          client.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT)
              .forPath(path, Znodes.encode(target));
          written = new Mark(target, 0);
        }
        remember(sequence, written);
        return new Outcome(seen, written, true);
      } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException
          | KeeperException.NoNodeException e) {
        lostWrites.increment();
        seen = null;
        backoffAfterLoss(sequence, what, path, attempt, deadline);
      } catch (KeeperException e) {
        seen = null; // a lost answer may hide a write that happened: trust only a fresh read
        awaitRetry(sequence, what, path, e, attempt, deadline);
      } catch (SequenceException | IllegalArgumentException e) {
        throw e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SequenceUnavailableException(
            "interrupted while trying to " + what + " of " + sequence + " at " + path, e);
      } catch (Exception e) {
        throw new SequenceException(
            "could not " + what + " of " + sequence + " at " + path + " in ZooKeeper: " + e, e);
      }
    }
  }

  /** Keeps the newest hint when threads of this process race: a stale one only costs a read. */
  private void remember(String sequence, Mark mark) {
    lastSeen.merge(sequence, mark, (old, now) -> now.version() >= old.version() ? now : old);
  }

  private Mark read(String sequence, String path) throws KeeperException {
    reads.increment();
    Stat stat = new Stat();
    byte[] data;
    try {
      data = client.getData().storingStatIn(stat).forPath(path);
    } catch (KeeperException.NoNodeException e) {
      lastSeen.remove(sequence);
      return Mark.ABSENT;
    } catch (KeeperException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SequenceUnavailableException("interrupted while reading " + path, e);
    } catch (Exception e) {
      throw new SequenceException("could not read " + path + " in ZooKeeper: " + e, e);
    }
    Mark mark = new Mark(Znodes.decode(path, data), stat.getVersion());
    lastSeen.put(sequence, mark); // a read is the truth at its time, even if a node was recreated
    return mark;
  }

  /** Sleeps before the next attempt after a lost compare-and-set, or gives up at the deadline. */
  private void backoffAfterLoss(String sequence, String what, String path, int attempt, long deadline) {
    // The first loss usually means another process moved the mark since we last saw it: retry at
    // once with the fresh read. Repeated losses mean contention: spread the writers out.
    long sleep = attempt == 1 ? 0
        : ThreadLocalRandom.current().nextLong(1L << Math.min(attempt - 1, 7)) % MAX_BACKOFF_MILLIS;
    if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(sleep) - deadline > 0) {
      throw new SequenceUnavailableException(
          "could not " + what + " of " + sequence + " at " + path + " within " + maxWaitMillis
              + " ms (stores.zookeeper.connection-timeout): the compare-and-set lost " + attempt
              + " times to other reservers; try again, or use larger ranges so they reserve less"
              + " often");
    }
    sleepMillis(sleep, sequence, path);
  }

  /** After a connection problem: retries until the deadline, then a clear transient error. */
  private void awaitRetry(
      String sequence, String what, String path, KeeperException e, int attempt, long deadline) {
    boolean transientProblem = switch (e.code()) {
      case CONNECTIONLOSS, OPERATIONTIMEOUT, SESSIONEXPIRED, SESSIONMOVED -> true;
      default -> false;
    };
    if (!transientProblem) {
      throw new SequenceException(
          "could not " + what + " of " + sequence + " at " + path + " in ZooKeeper: "
              + e.getMessage() + (e.code() == KeeperException.Code.NOAUTH
                  ? "; the node belongs to another ZooKeeper user (check stores.zookeeper.auth)"
                  : ""), e);
    }
    long sleep = Math.min(MAX_BACKOFF_MILLIS, 10L * attempt);
    if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(sleep) - deadline > 0) {
      throw new SequenceUnavailableException(
          "could not " + what + " of " + sequence + ": ZooKeeper at "
              + client.getZookeeperClient().getCurrentConnectionString() + " did not answer within "
              + maxWaitMillis + " ms (stores.zookeeper.connection-timeout): " + e.getMessage(), e);
    }
    LOG.debug("Retrying to {} of {} after {}", what, sequence, e.getMessage());
    sleepMillis(sleep, sequence, path);
  }

  private static void sleepMillis(long millis, String sequence, String path) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SequenceUnavailableException(
          "interrupted while waiting to retry " + sequence + " at " + path, e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the ZooKeeper range store " + parent + " is closed");
    }
  }
}
