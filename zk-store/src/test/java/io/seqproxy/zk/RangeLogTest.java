package io.seqproxy.zk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.sequence.SequenceException;
import io.seqproxy.zk.RangeLog.Checkpoint;
import io.seqproxy.zk.RangeLog.Entry;
import io.seqproxy.zk.RangeLog.Op;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RangeLogTest {

  private static final String NODE = "/seqproxy/ranges/order_id";

  @Test
  void entryNamesRoundTripThroughZooKeepersCounter() {
    assertEquals(new Entry("r100_1_500-0000000042", 42, Op.reserve(100, 1, 500)),
        RangeLog.entry(NODE, Op.reserve(100, 1, 500).prefix() + "0000000042"));
    assertEquals(new Entry("u5000-0000000007", 7, Op.raise(5000)), RangeLog.entry(NODE, "u5000-0000000007"));
    assertEquals(new Entry("g40_35--2147483648", Integer.MIN_VALUE, Op.giveBack(40, 35)),
        RangeLog.entry(NODE, "g40_35--2147483648"));
  }

  @Test
  void aChildSeqproxyDidNotWriteIsRefusedNamingIt() {
    for (String bad : new String[] {"lock-0000000001", "r100_1-0000000001", "r0_1_5-0000000001", "u-1-0000000001",
        "u5000", "x5-0000000001", "u+5-0000000001", "r1_2_3_4-0000000001", "u5-x"}) {
      SequenceException e = assertThrows(SequenceException.class, () -> RangeLog.entry(NODE, bad), bad);
      assertTrue(e.getMessage().contains(NODE + "/" + bad), e.getMessage());
    }
  }

  @Test
  void theFoldReservesFromTheMarkOrTheStartCutsAtTheMaxRaisesAndGivesBackOnlyTheLastTail() {
    assertEquals(11, RangeLog.after(RangeLog.NONE, Op.reserve(10, 1, 100)));
    assertEquals(510, RangeLog.after(11, Op.reserve(10, 500, 1000)));
    assertEquals(16, RangeLog.after(11, Op.reserve(10, 1, 15)), "cut at the max (inclusive)");
    assertTrue(Op.reserve(10, 1, 15).exhausts(16));
    assertEquals(16, RangeLog.after(16, Op.reserve(10, 1, 15)), "an exhausted reservation changes nothing");
    assertEquals(1000, RangeLog.after(16, Op.raise(1000)));
    assertEquals(1000, RangeLog.after(1000, Op.raise(5)));
    assertEquals(5, RangeLog.after(11, Op.giveBack(11, 5)));
    assertEquals(21, RangeLog.after(21, Op.giveBack(11, 5)), "a later reservation keeps the tail taken");
    assertTrue(Op.reserve(10, Long.MAX_VALUE, Long.MAX_VALUE).exhausts(Long.MAX_VALUE));
  }

  @Test
  void countersAreOrderedAcrossTheWrapAtTwoToTheThirtyOne() {
    assertTrue(RangeLog.laterThan(Integer.MIN_VALUE, Integer.MAX_VALUE));
    assertFalse(RangeLog.laterThan(Integer.MAX_VALUE, Integer.MIN_VALUE));
    Checkpoint checkpoint = new Checkpoint(100, Integer.MAX_VALUE - 1, Map.of());
    List<Entry> pending = RangeLog.pending(NODE, List.of("r10_1_1000--2147483647", "r10_1_1000-2147483646",
        "r10_1_1000-2147483647", "r10_1_1000--2147483648"), checkpoint);
    assertEquals(List.of(Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE + 1),
        pending.stream().map(Entry::counter).toList(), "the folded entry is left out, the rest in order");
    assertEquals(Optional.of(120L), checkpoint.before(Integer.MIN_VALUE + 1, pending));
    assertEquals(130, checkpoint.fold(pending));
  }

  @Test
  void aCompactionFoldsTheOldestEntriesAndRemembersWhatEachFound() {
    Checkpoint start = Checkpoint.start(RangeLog.NONE, 0);
    List<Entry> pending = RangeLog.pending(NODE,
        List.of("r10_1_1000-0000000000", "u500-0000000001", "r10_1_1000-0000000002", "g510_505-0000000003"), start);
    Checkpoint compacted = start.compact(pending, 3);
    assertEquals(new Checkpoint(510, 2, Map.of(0, -1L, 1, 11L, 2, 500L)), compacted);
    List<Entry> left = RangeLog.pending(NODE, pending.stream().map(Entry::name).toList(), compacted);
    assertEquals(1, left.size());
    assertEquals(start.fold(pending), compacted.fold(left), "compaction changes no outcome");
    assertEquals(Optional.of(11L), compacted.before(1, left), "a folded entry's outcome is still known");
    assertEquals(Optional.of(510L), compacted.before(3, left));
    assertEquals(Optional.empty(), compacted.before(7, left));
  }

  @Test
  void aCheckpointRemembersTheOutcomesOfTheLastFoldedEntriesAcrossCompactions() {
    Checkpoint checkpoint = Checkpoint.start(RangeLog.NONE, 0);
    int counter = 0;
    for (int round = 0; round < 20; round++) {
      List<String> names = new java.util.ArrayList<>();
      for (int i = 0; i < 32; i++) {
        names.add(String.format("r10_1_100000-%010d", counter++));
      }
      checkpoint = checkpoint.compact(RangeLog.pending(NODE, names, checkpoint), 32);
    }
    assertEquals(RangeLog.RECENT, checkpoint.recent().size());
    assertEquals(Optional.of(1L + 10 * (640 - RangeLog.RECENT)), checkpoint.before(640 - RangeLog.RECENT, List.of()));
    assertEquals(Optional.of(6391L), checkpoint.before(639, List.of()));
    assertEquals(Optional.empty(), checkpoint.before(640 - RangeLog.RECENT - 1, List.of()));
    assertEquals(Optional.of(checkpoint), Checkpoint.parse(checkpoint.bytes()));
  }

  @Test
  void theCheckpointIsReadableTextThatParsesBack() {
    Checkpoint checkpoint = new Checkpoint(510, 2, Map.of(2, 500L));
    assertArrayEquals("log mark=510 through=2 recent=2:500".getBytes(StandardCharsets.US_ASCII), checkpoint.bytes());
    assertEquals(Optional.of(checkpoint), Checkpoint.parse(checkpoint.bytes()));
    Checkpoint fresh = Checkpoint.start(RangeLog.NONE, 0);
    assertEquals("log mark=none through=-1 recent=", new String(fresh.bytes(), StandardCharsets.US_ASCII));
    assertEquals(Optional.of(fresh), Checkpoint.parse(fresh.bytes()));
    for (String notOne : new String[] {"1001", "", "log mark=12x through=1 recent=", "log mark=1 recent=",
        "log mark=-5 through=1 recent=", "log mark=1 through=1 recent=3"}) {
      assertEquals(Optional.empty(), Checkpoint.parse(notOne.getBytes(StandardCharsets.US_ASCII)), notOne);
    }
  }
}
