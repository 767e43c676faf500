package io.seqproxy.zk;

import io.seqproxy.sequence.SequenceException;
import io.seqproxy.sequence.SequenceExhaustedException;
import io.seqproxy.sequence.SequenceUnavailableException;
import io.seqproxy.sequence.range.Range;
import io.seqproxy.sequence.range.RangeStore;
import io.seqproxy.zk.RangeLog.Checkpoint;
import io.seqproxy.zk.RangeLog.Entry;
import io.seqproxy.zk.RangeLog.Op;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Range reservations as entries appended to a log that ZooKeeper orders: a reservation is one
 * write that cannot lose to another process, however many reserve at once.
 *
 * <h2>Znode layout</h2>
 *
 * <pre>
 * &lt;root&gt;/ranges/&lt;sequence&gt;            PERSISTENT  the checkpoint: "log mark=1001 through=41 recent=..."
 * &lt;root&gt;/ranges/&lt;sequence&gt;/r100_1_&lt;max&gt;-0000000042
 *                                   PERSISTENT_SEQUENTIAL  one operation (see {@link RangeLog})
 * </pre>
 *
 * <h2>How it is safe</h2>
 *
 * A reservation creates one sequential child of the sequence's node, named after what it asks
 * for (size, start, max). A create with a sequential name cannot fail because another process
 * wrote first: ZooKeeper's leader gives every child of a node a distinct counter in the order
 * it commits them, and acknowledges the create only once a quorum logged it. The counter is the
 * reservation's place in one total order. The store then reads the children and the
 * checkpoint, and folds the checkpoint's mark through every entry before its own with {@link
 * RangeLog#after}, a pure function of the entries' names: each process computes the same mark
 * before every entry, so the entries' ranges follow each other exactly, disjoint, whoever
 * computes them. Nothing is decided by a process that another process could decide differently.
 *
 * <p>The read is one read-only {@code multi} of the children and the checkpoint, answered from
 * one state of the server. It is sent right behind the create, without waiting for its answer
 * (one round trip for both); the server answers a session's requests in order, so the read comes
 * after the entry and holds every earlier entry, as a child or folded into the checkpoint.
 *
 * <p>Compaction folds old entries into the checkpoint in one {@code multi}: a {@code setData} of
 * the checkpoint with the version it was computed from, and the deletion of exactly those entries; it is atomic, changes no outcome, and loses harmlessly
 * to another compaction. It keeps the last {@value #KEEP} entries and records in {@code recent}
 * the mark each of the last {@value RangeLog#RECENT} folded entries found, so a process whose
 * entry was folded before it read still learns its range. Only a process that stalls between its
 * create and its read while others append some 300 entries cannot; it abandons that entry, whose
 * range then stays unused: a gap, never a duplicate. The same holds when the answer to a create is
 * lost: the entry may exist and reserve a range no one uses.
 *
 * <p>{@code raiseTo} and {@code release} are entries too ({@code u<value>-}, {@code
 * g<end>_<from>-}), ordered with the reservations, so the mark only moves as the fold says: up
 * by reservations and raises, back to a range's unused tail only when that range is still the
 * last one. Both first read the fold and write nothing when it already answers.
 *
 * <h2>Stores written by earlier versions</h2>
 *
 * Before this log, the node held the bare mark in decimal and a reservation was a versioned
 * {@code setData}. The first operation of this store on such a node rewrites it, with the version
 * it read, into a checkpoint holding that mark. From then on a process of the earlier version
 * cannot write: its versioned write loses and its read finds a checkpoint, which it refuses as a
 * damaged mark, so it stops issuing instead of issuing duplicates. A node holding a bare number
 * that already had entries was written over by hand and is refused, saying how to raise a mark
 * instead ({@code zkCli.sh create -s <node>/u<value>-}).
 *
 * <h2>When ZooKeeper cannot be reached</h2>
 *
 * Each operation retries connection losses (Curator's retry policy, then this class's loop) for
 * at most {@code connection-timeout} in total, then fails with a {@link
 * SequenceUnavailableException}: the range sequence keeps issuing from what it already reserved
 * and reports the error only once that is used up. Losing the session does not matter to ranges:
 * nothing about them is ephemeral.
 */
final class ZkRangeStore implements RangeStore {

  private static final Logger LOG = LoggerFactory.getLogger(ZkRangeStore.class);
  /** Entries a compaction leaves, and how many it folds at a time. */
  static final int KEEP = 32;
  private static final long MAX_BACKOFF_MILLIS = 100;

  /** The checkpoint and the entries after it, as one read found them. */
  private record Log(Checkpoint checkpoint, int version, List<Entry> pending) {
    long mark() {
      return checkpoint.fold(pending);
    }
  }

  /** An appended entry's counter and the mark it found. */
  private record Appended(int counter, long before) {}

  private final CuratorFramework client;
  private final List<ACL> acl;
  private final String parent;
  private final long maxWaitMillis;
  /** Sequences whose node this store saw in the log format; a node is never converted back. */
  private final Set<String> ready = ConcurrentHashMap.newKeySet();
  private final LongAdder writes = new LongAdder();
  private final LongAdder reads = new LongAdder();
  private final LongAdder lostWrites = new LongAdder();
  private volatile boolean closed;

  ZkRangeStore(CuratorFramework client, String root, List<ACL> acl, long maxWaitMillis) {
    this.client = client;
    this.acl = acl;
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
    if (maxValue < 0) {
      throw new IllegalArgumentException("the maximum must not be negative: " + maxValue);
    }
    Op op = Op.reserve(size, start, maxValue);
    long before = append(sequence, op, "reserve " + size + " values").before();
    long first = op.first(before);
    if (op.exhausts(before)) {
      throw new SequenceExhaustedException(first > maxValue
          ? "sequence " + sequence + " has issued every value up to its max " + maxValue
              + " (high-water mark " + first + " in ZooKeeper)"
          : "sequence " + sequence + " has issued every value up to " + first + ", the largest long");
    }
    return new Range(first, RangeLog.after(before, op));
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
      OptionalLong mark = highWater(sequence);
      if (mark.isEmpty() || mark.getAsLong() != range.end()) {
        return false;
      }
      return append(sequence, Op.giveBack(range.end(), unusedFrom), "hand back " + range).before() == range.end();
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
        Snapshot snapshot = snapshot(path);
        Optional<Checkpoint> checkpoint = Checkpoint.parse(snapshot.data());
        if (checkpoint.isEmpty()) {
          return OptionalLong.of(bareMark(path, snapshot.data(), snapshot.stat())); // not converted yet
        }
        long mark = checkpoint.get().fold(RangeLog.pending(path, snapshot.children(), checkpoint.get()));
        return mark == RangeLog.NONE ? OptionalLong.empty() : OptionalLong.of(mark);
      } catch (KeeperException.NoNodeException e) {
        return OptionalLong.empty();
      } catch (KeeperException e) {
        awaitRetry(sequence, "read the high-water mark", path, e, attempt, deadline);
      } catch (SequenceException | IllegalArgumentException e) {
        throw e;
      } catch (Exception e) {
        throw failed(sequence, "read the high-water mark", path, e);
      }
    }
  }

  @Override
  public long raiseTo(String sequence, long value) {
    if (value < 0) {
      throw new IllegalArgumentException("a high-water mark cannot be negative: " + value);
    }
    OptionalLong mark = highWater(sequence);
    if (mark.isPresent() && mark.getAsLong() >= value) {
      return mark.getAsLong();
    }
    Op op = Op.raise(value);
    return RangeLog.after(append(sequence, op, "raise to " + value).before(), op);
  }

  @Override
  public String describe() {
    return "zookeeper " + client.getZookeeperClient().getCurrentConnectionString() + parent;
  }

  @Override
  public void close() {
    closed = true; // the Curator client belongs to ZkSequenceStore
  }

  /** Writes sent (entries, compactions, node creations and conversions), for measurements. */
  long writes() {
    return writes.sum();
  }

  /** Reads sent, for measurements. */
  long reads() {
    return reads.sum();
  }

  /** Writes that did nothing: lost compactions and conversions, abandoned entries. */
  long lostWrites() {
    return lostWrites.sum();
  }

  /**
   * Appends {@code op} to the log of {@code sequence} and returns the mark it found, retrying
   * with a new entry when this one's outcome cannot be learned (a lost answer, a long stall).
   */
  private Appended append(String sequence, Op op, String what) {
    String path = Znodes.child(parent, sequence);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
    for (int attempt = 1; ; attempt++) {
      checkOpen();
      try {
        if (!ready.contains(sequence)) {
          convert(path);
          ready.add(sequence);
        }
        // The create and the read go out together: one round trip. The server answers a
        // session's requests in order, so the read sees the entry.
        ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
        CompletableFuture<String> entry = new CompletableFuture<>();
        writes.increment();
        zk.create(ZKPaths.makePath(path, op.prefix()), new byte[0], acl, CreateMode.PERSISTENT_SEQUENTIAL,
            (rc, p, ctx, name) -> settle(entry, rc, p, name), null);
        CompletableFuture<Snapshot> snapshot = snapshotAsync(zk, path);
        String created = await(entry, path);
        int counter = RangeLog.entry(path, ZKPaths.getNodeFromPath(created)).counter();
        Log log;
        try {
          log = log(path, await(snapshot, path));
        } catch (KeeperException e) {
          log = read(path); // the entry exists: learn its outcome rather than leave a gap
        }
        Optional<Long> before = log.checkpoint().before(counter, log.pending());
        if (before.isPresent()) {
          compactIfDue(path, log, counter);
          return new Appended(counter, before.get());
        }
        lostWrites.increment();
        LOG.warn("The outcome of {} was folded away before it was read (this process stalled while"
            + " others appended {} entries); leaving its range unused and appending again", created,
            RangeLog.RECENT + KEEP);
      } catch (KeeperException.NoNodeException e) {
        ready.remove(sequence); // the node was deleted by hand: start a new log
        awaitRetry(sequence, what, path, e, attempt, deadline);
      } catch (KeeperException e) {
        awaitRetry(sequence, what, path, e, attempt, deadline);
      } catch (SequenceException | IllegalArgumentException e) {
        throw e;
      } catch (Exception e) {
        throw failed(sequence, what, path, e);
      }
    }
  }

  /** The log as of one point in ZooKeeper's order, or the bare mark of an unconverted node. */
  private record Snapshot(List<String> children, byte[] data, Stat stat) {}

  /**
   * The children and the checkpoint in one read-only {@code multi}, which the server answers
   * from one state: one round trip, and the checkpoint never covers entries the children miss.
   */
  private Snapshot snapshot(String path) throws Exception {
    return await(snapshotAsync(client.getZookeeperClient().getZooKeeper(), path), path);
  }

  private CompletableFuture<Snapshot> snapshotAsync(ZooKeeper zk, String path) {
    CompletableFuture<Snapshot> snapshot = new CompletableFuture<>();
    reads.increment();
    zk.multi(List.of(org.apache.zookeeper.Op.getChildren(path), org.apache.zookeeper.Op.getData(path)),
        (rc, p, ctx, results) -> {
          if (rc == KeeperException.Code.OK.intValue()) {
            for (OpResult result : results) {
              if (result instanceof OpResult.ErrorResult error) {
                rc = error.getErr();
              }
            }
          }
          if (rc != KeeperException.Code.OK.intValue()) {
            snapshot.completeExceptionally(KeeperException.create(KeeperException.Code.get(rc), path));
            return;
          }
          OpResult.GetDataResult data = (OpResult.GetDataResult) results.get(1);
          snapshot.complete(new Snapshot(
              ((OpResult.GetChildrenResult) results.get(0)).getChildren(), data.getData(), data.getStat()));
        }, null);
    return snapshot;
  }

  private static void settle(CompletableFuture<String> entry, int rc, String path, String name) {
    if (rc == KeeperException.Code.OK.intValue()) {
      entry.complete(name);
    } else {
      entry.completeExceptionally(KeeperException.create(KeeperException.Code.get(rc), path));
    }
  }

  /** The answer to an asynchronous request; ZooKeeper answers every one, if only with a loss. */
  private <T> T await(CompletableFuture<T> answer, String path) throws Exception {
    try {
      return answer.get(maxWaitMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } catch (TimeoutException e) {
      throw KeeperException.create(KeeperException.Code.OPERATIONTIMEOUT, path);
    }
  }

  private Log read(String path) throws Exception {
    return log(path, snapshot(path));
  }

  private static Log log(String path, Snapshot snapshot) {
    Checkpoint checkpoint = Checkpoint.parse(snapshot.data()).orElseThrow(() -> overwritten(path, snapshot.data()));
    return new Log(checkpoint, snapshot.stat().getVersion(), RangeLog.pending(path, snapshot.children(), checkpoint));
  }

  /**
   * Makes sure the sequence's node holds a checkpoint: creates it, or converts a bare mark
   * written by an earlier version with a versioned write, re-reading when that loses.
   */
  private void convert(String path) throws Exception {
    for (;;) {
      Stat stat = new Stat();
      byte[] data;
      try {
        data = client.getData().storingStatIn(stat).forPath(path);
        reads.increment();
      } catch (KeeperException.NoNodeException e) {
        try {
          writes.increment();
          client.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT)
              .forPath(path, Checkpoint.start(RangeLog.NONE, 0).bytes());
          return;
        } catch (KeeperException.NodeExistsException raced) {
          lostWrites.increment();
          continue;
        }
      }
      if (Checkpoint.parse(data).isPresent()) {
        return;
      }
      long mark = bareMark(path, data, stat);
      try {
        writes.increment();
        client.setData().withVersion(stat.getVersion())
            .forPath(path, Checkpoint.start(mark, stat.getCversion()).bytes());
        LOG.info("Converted the high-water mark {} at {} to the range log format; processes of"
            + " earlier seqproxy versions can no longer reserve from it", mark, path);
        return;
      } catch (KeeperException.BadVersionException raced) {
        lostWrites.increment();
      }
    }
  }

  /** The mark an earlier version stored as bare digits, or why the node cannot be used. */
  private static long bareMark(String path, byte[] data, Stat stat) {
    if (stat.getCversion() != 0) {
      throw overwritten(path, data);
    }
    return Znodes.decode(path, data); // refuses damage, naming the node
  }

  private static SequenceException overwritten(String path, byte[] data) {
    String shown = data == null ? "no data" : "'" + new String(data, StandardCharsets.US_ASCII) + "'";
    return new SequenceException("ZooKeeper node " + path + " holds " + shown + " where its range log's"
        + " checkpoint 'log mark=<mark> through=<counter> recent=...' belongs: it was written over (zkCli.sh set,"
        + " or a seqproxy process older than the range log). Put back the checkpoint it held, or delete the"
        + " node and its children and raise the mark with the seed command; to raise a mark by hand, append"
        + " an entry instead: zkCli.sh create -s " + path + "/u<value>-");
  }

  /**
   * Folds all but the last {@value #KEEP} entries into the checkpoint when this entry is the
   * one whose place makes a compaction due (one in {@value #KEEP}, so processes rarely race for
   * it). Sent in the background: nobody waits for it, and losing it costs nothing.
   */
  private void compactIfDue(String path, Log log, int counter) {
    List<Entry> pending = log.pending();
    int place = 1;
    while (place <= pending.size() && pending.get(place - 1).counter() != counter) {
      place++;
    }
    if (place > pending.size() || place < 2 * KEEP || place % KEEP != 0) {
      return; // not due, or this entry was folded already
    }
    int count = place - KEEP;
    Checkpoint next = log.checkpoint().compact(pending, count);
    List<CuratorOp> ops = new ArrayList<>(count + 1);
    try {
      ops.add(client.transactionOp().setData().withVersion(log.version()).forPath(path, next.bytes()));
      for (Entry e : pending.subList(0, count)) {
        ops.add(client.transactionOp().delete().withVersion(-1).forPath(ZKPaths.makePath(path, e.name())));
      }
      writes.increment();
      client.transaction().inBackground((c, event) -> {
        if (event.getResultCode() != KeeperException.Code.OK.intValue()) {
          lostWrites.increment();
          LOG.debug("Compaction of {} through {} did not apply: {}", path, next.through(),
              KeeperException.Code.get(event.getResultCode()));
        }
      }).forOperations(ops);
    } catch (Exception e) {
      lostWrites.increment();
      LOG.debug("Could not send the compaction of {}: {}", path, e.toString());
    }
  }

  private SequenceException failed(String sequence, String what, String path, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new SequenceUnavailableException(
          "interrupted while trying to " + what + " of " + sequence + " at " + path, e);
    }
    return new SequenceException(
        "could not " + what + " of " + sequence + " at " + path + " in ZooKeeper: " + e, e);
  }

  /** After a connection problem: retries until the deadline, then a clear transient error. */
  private void awaitRetry(
      String sequence, String what, String path, KeeperException e, int attempt, long deadline) {
    boolean transientProblem = switch (e.code()) {
      case CONNECTIONLOSS, OPERATIONTIMEOUT, SESSIONEXPIRED, SESSIONMOVED, NONODE -> true;
      default -> false;
    };
    if (!transientProblem) {
      throw new SequenceException(
          "could not " + what + " of " + sequence + " at " + path + " in ZooKeeper: "
              + e.getMessage() + (e.code() == KeeperException.Code.NOAUTH
                  ? "; the node belongs to another ZooKeeper user (check stores.zookeeper.auth)"
                  : ""), e);
    }
    long sleep = e.code() == KeeperException.Code.NONODE ? 0 : Math.min(MAX_BACKOFF_MILLIS, 10L * attempt);
    if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(sleep) - deadline > 0) {
      throw new SequenceUnavailableException(
          "could not " + what + " of " + sequence + ": ZooKeeper at "
              + client.getZookeeperClient().getCurrentConnectionString() + " did not answer within "
              + maxWaitMillis + " ms (stores.zookeeper.connection-timeout): " + e.getMessage(), e);
    }
    LOG.debug("Retrying to {} of {} after {}", what, sequence, e.getMessage());
    if (sleep > 0) {
      try {
        Thread.sleep(sleep);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new SequenceUnavailableException(
            "interrupted while waiting to retry " + sequence + " at " + path, interrupted);
      }
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the ZooKeeper range store " + parent + " is closed");
    }
  }
}
