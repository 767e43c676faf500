package io.seqproxy.sequence.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.sequence.SequenceUnavailableException;
import io.seqproxy.sequence.range.Range;
import io.seqproxy.sequence.spi.VersionedCells;
import io.seqproxy.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Two-level allocation on memory cells: regions, their keepers and the global store. */
class RegionsTest {
  private static final long MAX = Long.MAX_VALUE;
  private final ManualClock clock = new ManualClock(1_000_000);
  private final SwitchableCells global = new SwitchableCells();

  private BlockKeeper keeper(VersionedCells region, String name, String keeper, long block, long maxBlock) {
    return new BlockKeeper(region, global, name, List.of(new BlockKeeper.Plan("ids", 1, MAX, block, maxBlock,
        Duration.ofMinutes(10))), clock, Duration.ofSeconds(10), Duration.ofSeconds(2), keeper);
  }

  @Test
  void withoutABlockAReservationFailsAtOnceNamingTheKeeper() {
    SwitchableCells region = new SwitchableCells();
    RegionRangeStore store = new RegionRangeStore(region, "eu", 1000);
    SequenceUnavailableException e = assertThrows(SequenceUnavailableException.class,
        () -> store.reserve("ids", 1, 10, MAX));
    assertEquals("region eu holds no unreserved values of sequence ids in test store: no block has arrived yet;"
        + " blocks come from the parent store through `seqproxy keeper`, which may not be running or may not reach"
        + " the parent store", e.getMessage());
  }

  @Test
  void regionsCutRangesFromTheirOwnBlocksAndNeverShareAValue() {
    SwitchableCells eu = new SwitchableCells();
    SwitchableCells us = new SwitchableCells();
    BlockKeeper euKeeper = keeper(eu, "eu", "k-eu", 100, 100);
    BlockKeeper usKeeper = keeper(us, "us", "k-us", 100, 100);
    RegionRangeStore euStore = new RegionRangeStore(eu, "eu", 1000);
    RegionRangeStore usStore = new RegionRangeStore(us, "us", 1000);
    euKeeper.round();
    usKeeper.round();
    assertEquals(new Range(1, 31), euStore.reserve("ids", 1, 30, MAX));
    assertEquals(new Range(101, 131), usStore.reserve("ids", 1, 30, MAX));
    List<Range> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      euKeeper.round();
      usKeeper.round();
      all.add(euStore.reserve("ids", 1, 30, MAX));
      all.add(usStore.reserve("ids", 1, 30, MAX));
    }
    all.sort((a, b) -> Long.compare(a.start(), b.start()));
    for (int i = 1; i < all.size(); i++) {
      assertTrue(all.get(i - 1).end() <= all.get(i).start(), all.get(i - 1) + " overlaps " + all.get(i));
    }
    RegionLedger ledger = euStore.ledger("ids").orElseThrow();
    assertTrue(ledger.blocks().stream().allMatch(b -> b.region().equals("eu") && b.reservedBy().equals("k-eu")));
  }

  @Test
  void aRangeStopsAtTheEndOfItsBlockAndTheNextComesFromTheNextBlock() {
    SwitchableCells eu = new SwitchableCells();
    BlockKeeper k = keeper(eu, "eu", "k", 100, 100);
    RegionRangeStore store = new RegionRangeStore(eu, "eu", 1000);
    k.round();
    assertEquals(new Range(1, 61), store.reserve("ids", 1, 60, MAX));
    keeper(new SwitchableCells(), "us", "other", 100, 100).round(); // another region takes [101, 201)
    assertEquals(1, k.round(), "the block is more than half reserved: the next is fetched");
    assertEquals(new Range(61, 101), store.reserve("ids", 1, 60, MAX));
    assertEquals(new Range(201, 261), store.reserve("ids", 1, 60, MAX));
    assertEquals(3, global.writes());
  }

  @Test
  void theKeeperFetchesTheNextBlockOnlyOnceTheCurrentIsHalfUsed() {
    SwitchableCells eu = new SwitchableCells();
    BlockKeeper k = keeper(eu, "eu", "k", 1000, 1000);
    RegionRangeStore store = new RegionRangeStore(eu, "eu", 1000);
    assertEquals(1, k.round());
    store.reserve("ids", 1, 499, MAX);
    assertEquals(0, k.round());
    store.reserve("ids", 1, 1, MAX);
    assertEquals(1, k.round());
    assertEquals(0, k.round(), "two blocks are enough");
    assertEquals(2, global.writes());
  }

  @Test
  void withTheGlobalStoreDownTheRegionIssuesFromItsBlocksThenFailsClearly() {
    SwitchableCells eu = new SwitchableCells();
    BlockKeeper k = keeper(eu, "eu", "k", 100, 100);
    RegionRangeStore store = new RegionRangeStore(eu, "eu", 1000);
    k.round();
    store.reserve("ids", 1, 60, MAX);
    k.round();
    global.down = true;
    assertEquals(0, k.round());
    assertEquals(new Range(61, 101), store.reserve("ids", 1, 60, MAX));
    assertEquals(new Range(101, 161), store.reserve("ids", 1, 60, MAX));
    assertEquals(new Range(161, 201), store.reserve("ids", 1, 60, MAX));
    assertEquals(0, k.round());
    SequenceUnavailableException e = assertThrows(SequenceUnavailableException.class,
        () -> store.reserve("ids", 1, 60, MAX));
    assertTrue(e.getMessage().contains("its blocks are used up"), e.getMessage());
    global.down = false;
    assertEquals(1, k.round());
    assertEquals(new Range(201, 261), store.reserve("ids", 1, 60, MAX));
  }

  @Test
  void aBlockReservedWhileTheRegionIsDownIsAppendedLaterNotReservedTwice() {
    SwitchableCells eu = new SwitchableCells();
    VersionedCells flaky = new VersionedCells() {
      int writes;

      @Override
      public java.util.OptionalLong write(String name, long expectedVersion, String value) {
        if (name.startsWith("region/") && writes++ == 0) {
          throw new SequenceUnavailableException("the region store is down");
        }
        return eu.write(name, expectedVersion, value);
      }

      @Override
      public java.util.Optional<Cell> read(String name) {
        return eu.read(name);
      }

      @Override
      public String describe() {
        return "flaky region store";
      }
    };
    BlockKeeper k = keeper(flaky, "eu", "k", 100, 100);
    assertEquals(0, k.round());
    assertEquals(1, global.writes());
    assertEquals(1, k.round());
    assertEquals(1, global.writes());
    assertEquals(new Range(1, 11), new RegionRangeStore(eu, "eu", 1000).reserve("ids", 1, 10, MAX));
  }

  @Test
  void onlyTheLeadingKeeperReservesAndAnotherTakesOverWhenItsLeaseRunsOut() {
    SwitchableCells eu = new SwitchableCells();
    BlockKeeper first = keeper(eu, "eu", "first", 100, 100);
    BlockKeeper second = keeper(eu, "eu", "second", 100, 100);
    assertEquals(1, first.round());
    assertEquals(0, second.round());
    assertTrue(first.isLeader());
    assertFalse(second.isLeader());
    new RegionRangeStore(eu, "eu", 1000).reserve("ids", 1, 60, MAX);
    clock.advance(10_001); // the first keeper died: its lease runs out
    assertEquals(1, second.round());
    assertTrue(second.isLeader());
    assertEquals(2, global.writes());
  }

  @Test
  void blocksGrowWhenTheyGoFastAndShrinkWhenTheyLast() {
    SwitchableCells eu = new SwitchableCells();
    BlockKeeper k = keeper(eu, "eu", "k", 100, 10_000);
    RegionRangeStore store = new RegionRangeStore(eu, "eu", 1000);
    k.round();
    clock.advance(1000); // half a block in a second: a block lasts 2 s, the target is 10 min
    store.reserve("ids", 1, 50, MAX);
    k.round();
    RegionLedger ledger = store.ledger("ids").orElseThrow();
    assertEquals(1600, ledger.blocks().get(1).size(), "16 times in one step at most");
    assertEquals(1600, ledger.nextBlockSize());
    store.reserve("ids", 1, 50, MAX); // the first block is used up
    clock.advance(3_600_000);
    store.reserve("ids", 1, 800, MAX); // half of the second block in an hour: it would last two
    k.round();
    assertEquals(800, store.ledger("ids").orElseThrow().blocks().get(1).size());
  }

  @Test
  void raisingPastTheBlocksMakesTheNextBlockStartAboveIt() {
    SwitchableCells eu = new SwitchableCells();
    BlockKeeper k = keeper(eu, "eu", "k", 100, 100);
    RegionRangeStore store = new RegionRangeStore(eu, "eu", 1000);
    k.round();
    assertEquals(5000, store.raiseTo("ids", 5000));
    assertThrows(SequenceUnavailableException.class, () -> store.reserve("ids", 1, 10, MAX));
    k.round();
    assertEquals(new Range(5000, 5010), store.reserve("ids", 1, 10, MAX));
    assertEquals(OptionalLong.of(5010), store.highWater("ids"));
  }

  @Test
  void theLedgerRecordsWhoReservedEachRangeAndBlockAndTheVersionsTheyCommitted() {
    SwitchableCells eu = new SwitchableCells();
    BlockKeeper k = keeper(eu, "eu", "k", 100, 100);
    RegionRangeStore store = new RegionRangeStore(eu, "eu", 1000);
    k.round();
    store.reserve("ids", 1, 10, MAX);
    store.reserve("ids", 1, 10, MAX);
    RegionLedger ledger = store.ledger("ids").orElseThrow();
    assertEquals(List.of(new Block(1, 101, "eu", "k", 0, 1_000_000)), ledger.blocks());
    assertEquals(2, ledger.ranges().size());
    assertEquals(new Reservation(11, 21, Processes.current(), 2), ledger.ranges().get(1));
    assertEquals(2, eu.read("region/ids").orElseThrow().version());
  }

  @Test
  void aDamagedLedgerStopsIssuingNamingTheCell() {
    SwitchableCells eu = new SwitchableCells();
    eu.write("region/ids", -1, "cursor 10\nblock nonsense\n");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new RegionRangeStore(eu, "eu", 1000).reserve("ids", 1, 10, MAX));
    assertTrue(e.getMessage().startsWith("the region ledger region/ids is damaged"), e.getMessage());
  }

  @Test
  void theUnusedTailIsHandedBackToTheRegion() {
    SwitchableCells eu = new SwitchableCells();
    keeper(eu, "eu", "k", 100, 100).round();
    RegionRangeStore store = new RegionRangeStore(eu, "eu", 1000);
    Range range = store.reserve("ids", 1, 50, MAX);
    assertTrue(store.release("ids", range, 20));
    assertEquals(new Range(20, 30), store.reserve("ids", 1, 10, MAX));
    assertFalse(store.release("ids", range, 40), "a later range was reserved");
  }
}
