package io.seqproxy.sequence.region;

import io.seqproxy.sequence.EpochClock;
import io.seqproxy.sequence.SequenceExhaustedException;
import io.seqproxy.sequence.SequenceUnavailableException;
import io.seqproxy.sequence.range.RangeMath;
import io.seqproxy.sequence.spi.VersionedCells;
import io.seqproxy.sequence.spi.VersionedCells.Cell;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves blocks from the global store into one region's store: the only thing that talks to the
 * global store. Several keepers may run per region for availability; one is the leader, through a
 * lease cell in the region's store, and only the leader reserves.
 *
 * <p>Each round, for each sequence: when the region holds no block with values left, or only one
 * that is at least half reserved, the keeper reserves the next block in the global ledger (one
 * compare-and-set on its version, committed before anything else happens) and then appends it to
 * the region ledger (another compare-and-set). A keeper that dies between the two leaves a gap,
 * never a duplicate; one that cannot reach the region keeps the reserved block and tries to append
 * it again next round, without reserving another. Leadership only saves blocks: two keepers
 * reserving at once get two different blocks, both appended.
 *
 * <p>The block size adapts as range sizes do: the next block doubles (up to 16× in one step)
 * while blocks are projected to last less than {@code blockLifetime}, halves when they would last
 * more than twice that, within {@code minBlock .. maxBlock}; the size chosen is kept in the region
 * ledger, so a new leader continues from it.
 */
public final class BlockKeeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BlockKeeper.class);
  private static final int MAX_GROWTH = 16;

  /** What the keeper keeps topped up: one segment sequence of the region. */
  public record Plan(String sequence, long start, long maxValue, long minBlock, long maxBlock, Duration blockLifetime) {}

  private final VersionedCells region;
  private final VersionedCells global;
  private final String regionName;
  private final List<Plan> plans;
  private final EpochClock clock;
  private final long leaderLeaseMillis;
  private final long maxWaitNanos;
  private final String me;
  private final Map<String, Block> pending = new ConcurrentHashMap<>();
  private final AtomicLong globalWrites = new AtomicLong();
  private final AtomicLong appended = new AtomicLong();
  private volatile boolean leader;
  private volatile Thread loop;

  public BlockKeeper(VersionedCells region, VersionedCells global, String regionName, List<Plan> plans,
      EpochClock clock, Duration leaderLease, Duration maxWait, String name) {
    this.region = region;
    this.global = global;
    this.regionName = regionName;
    this.plans = List.copyOf(plans);
    this.clock = clock;
    this.leaderLeaseMillis = leaderLease.toMillis();
    this.maxWaitNanos = maxWait.toNanos();
    this.me = Processes.word(name);
  }

  static String globalCellOf(String sequence) {
    return "global/" + sequence;
  }

  static String leaderCellOf(String region) {
    return "keeper/" + region;
  }

  /**
   * One round: renew or take the leadership, then, as the leader, top up every sequence that needs
   * it. Returns the blocks appended. Failures of one store are logged; the next round tries again.
   */
  public int round() {
    try {
      leader = holdLeadership();
    } catch (RuntimeException e) {
      log.warn("region {}: keeper {} cannot reach the region store: {}", regionName, me, e.toString());
      leader = false;
    }
    if (!leader) {
      return 0;
    }
    int done = 0;
    for (Plan plan : plans) {
      try {
        done += topUp(plan) ? 1 : 0;
      } catch (SequenceExhaustedException e) {
        log.error("region {}: sequence {}: {}", regionName, plan.sequence(), e.getMessage());
      } catch (RuntimeException e) {
        log.warn("region {}: sequence {}: no new block this round ({} values left in the region): {}",
            regionName, plan.sequence(), unreservedOrUnknown(plan), e.toString());
      }
    }
    return done;
  }

  private String unreservedOrUnknown(Plan plan) {
    try {
      return region.read(RegionRangeStore.cellOf(plan.sequence()))
          .map(c -> Long.toString(RegionLedger.parse("", c.value()).unreserved())).orElse("0");
    } catch (RuntimeException e) {
      return "unknown";
    }
  }

  private boolean holdLeadership() {
    String cell = leaderCellOf(regionName);
    long now = clock.millis();
    Optional<Cell> read = region.read(cell);
    if (read.isPresent()) {
      String[] words = read.get().value().trim().split(" ");
      boolean mine = words[0].equals(me);
      long until = Long.parseLong(words[1]);
      if (!mine && until > now) {
        return false;
      }
      if (mine && until - now > leaderLeaseMillis * 2 / 3) {
        return true;
      }
    }
    boolean taken = region.write(cell, read.map(Cell::version).orElse(-1L), me + " " + (now + leaderLeaseMillis))
        .isPresent();
    if (taken && !leader) {
      log.info("region {}: keeper {} leads", regionName, me);
    }
    return taken;
  }

  /** Whether this keeper led in its latest round. */
  public boolean isLeader() {
    return leader;
  }

  /** Successful writes to the global store so far: one per block. */
  public long globalWrites() {
    return globalWrites.get();
  }

  /** Blocks this keeper has appended to the region's ledger. */
  public long blocksAppended() {
    return appended.get();
  }

  private boolean topUp(Plan plan) {
    String cell = RegionRangeStore.cellOf(plan.sequence());
    Optional<Cell> read = region.read(cell);
    RegionLedger ledger = read.map(c -> RegionLedger.parse(cell, c.value())).orElse(RegionLedger.empty(plan.minBlock()));
    Block block = pending.get(plan.sequence());
    long nextSize = ledger.nextBlockSize();
    if (block == null) {
      List<Block> withValues = ledger.blocks().stream().filter(b -> b.end() > ledger.cursor()).toList();
      boolean needed = withValues.isEmpty()
          || (withValues.size() == 1 && ledger.unreserved() <= withValues.get(0).size() / 2);
      if (!needed) {
        return false;
      }
      nextSize = nextSize(plan, ledger, withValues);
      block = reserveGlobally(plan, Math.max(plan.start(), ledger.floor()), nextSize);
      pending.put(plan.sequence(), block);
    }
    // Append; the ledger may have moved since it was read (processes reserving), so read again.
    RegionLedger current = ledger;
    long version = read.map(Cell::version).orElse(-1L);
    for (int attempt = 0; attempt < 50; attempt++) {
      if (region.write(cell, version, current.append(block, nextSize).text()).isPresent()) {
        pending.remove(plan.sequence());
        appended.incrementAndGet();
        log.info("region {}: sequence {}: block {} appended ({} values, global version {})", regionName,
            plan.sequence(), "[" + block.start() + ", " + block.end() + ")", block.size(), block.globalVersion());
        return true;
      }
      Optional<Cell> again = region.read(cell);
      current = again.map(c -> RegionLedger.parse(cell, c.value())).orElse(RegionLedger.empty(plan.minBlock()));
      version = again.map(Cell::version).orElse(-1L);
    }
    return false; // the block stays pending for the next round
  }

  private long nextSize(Plan plan, RegionLedger ledger, List<Block> withValues) {
    long size = Math.max(plan.minBlock(), Math.min(plan.maxBlock(), ledger.nextBlockSize()));
    if (withValues.isEmpty()) {
      return size;
    }
    Block current = withValues.get(0);
    long used = Math.max(0, ledger.cursor() - current.start());
    if (used == 0) {
      return size;
    }
    double elapsed = Math.max(1, clock.millis() - current.reservedAt());
    double projected = elapsed * current.size() / used;
    double target = plan.blockLifetime().toMillis();
    if (projected < target) {
      int factor = 1;
      while (factor < MAX_GROWTH && size < plan.maxBlock() && projected * factor < target) {
        size = size > plan.maxBlock() / 2 ? plan.maxBlock() : size * 2;
        factor *= 2;
      }
    } else if (projected > 2 * target) {
      size = size / 2;
    }
    return Math.max(plan.minBlock(), Math.min(plan.maxBlock(), size));
  }

  /** The one compare-and-set loop on the global ledger, bounded by the keeper's max wait. */
  private Block reserveGlobally(Plan plan, long atLeast, long size) {
    String cell = globalCellOf(plan.sequence());
    long deadline = System.nanoTime() + maxWaitNanos;
    for (int attempt = 1; ; attempt++) {
      Optional<Cell> read = global.read(cell);
      GlobalLedger ledger = read.map(c -> GlobalLedger.parse(cell, c.value())).orElse(GlobalLedger.empty());
      long version = read.map(Cell::version).orElse(-1L);
      long from = Math.max(ledger.mark().orElse(atLeast), atLeast);
      if (from > plan.maxValue() || from == Long.MAX_VALUE) {
        throw new SequenceExhaustedException("sequence " + plan.sequence() + " has given out every value up to its"
            + " max " + plan.maxValue() + " (" + global.describe() + ")");
      }
      Block block = new Block(from, RangeMath.endOf(from, size, plan.maxValue()), regionName, me, version + 1,
          clock.millis());
      if (global.write(cell, version, ledger.with(block).text()).isPresent()) {
        globalWrites.incrementAndGet();
        return block;
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new SequenceUnavailableException("sequence " + plan.sequence() + ": reserving a block in "
            + global.describe() + " lost to other keepers " + attempt + " times");
      }
      if (attempt > 1) {
        try {
          TimeUnit.MICROSECONDS.sleep(Math.min(ThreadLocalRandom.current().nextLong(100, 1000L * Math.min(attempt, 20)),
              TimeUnit.NANOSECONDS.toMicros(remaining)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SequenceUnavailableException("interrupted while reserving a block", e);
        }
      }
    }
  }

  /** Runs {@link #round()} every {@code interval} on a daemon thread until {@link #close()}. */
  public synchronized void start(Duration interval) {
    if (loop != null) {
      return;
    }
    Thread thread = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        round();
        try {
          Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "seqproxy-keeper-" + regionName);
    thread.setDaemon(true);
    loop = thread;
    thread.start();
  }

  /** Stops the rounds and hands the leadership back so another keeper takes over at once. */
  @Override
  public void close() {
    Thread thread = loop;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (leader) {
      try {
        String cell = leaderCellOf(regionName);
        region.read(cell).filter(c -> c.value().startsWith(me + " "))
            .ifPresent(c -> region.write(cell, c.version(), me + " 0"));
      } catch (RuntimeException e) {
        log.warn("region {}: keeper {} could not hand back the leadership; it expires by itself: {}", regionName, me,
            e.toString());
      }
    }
  }
}
