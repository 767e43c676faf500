package io.seqproxy.sequence.range;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.sequence.SequenceExhaustedException;
import io.seqproxy.testing.TestDatabases;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RangeStore} must do, run against each store (memory, jdbc on H2, MariaDB and
 * PostgreSQL, ZooKeeper). {@link #newStore()} returns a new client of the same backing store,
 * as another process would have; the suite closes them.
 */
public abstract class RangeStoreContract {
  private static final long MAX = Long.MAX_VALUE;
  private final List<RangeStore> opened = new ArrayList<>();

  /** A new client of the one backing store under test. */
  protected abstract RangeStore openStore();

  protected final RangeStore newStore() {
    RangeStore store = openStore();
    opened.add(store);
    return store;
  }

  @AfterEach
  void closeStores() {
    opened.forEach(RangeStore::close);
    opened.clear();
  }

  private static String sequence() {
    return TestDatabases.uniqueName("seq");
  }

  @Test
  void firstReservationStartsAtStart() {
    assertEquals(new Range(100, 110), newStore().reserve(sequence(), 100, 10, MAX));
  }

  @Test
  void reservationsFollowEachOtherWithoutOverlap() {
    RangeStore store = newStore();
    String seq = sequence();
    assertEquals(new Range(1, 11), store.reserve(seq, 1, 10, MAX));
    assertEquals(new Range(11, 111), store.reserve(seq, 1, 100, MAX));
    assertEquals(new Range(111, 112), store.reserve(seq, 1, 1, MAX));
    assertEquals(OptionalLong.of(112), store.highWater(seq));
  }

  @Test
  void anotherClientContinuesAfterTheMark() {
    String seq = sequence();
    assertEquals(new Range(1, 11), newStore().reserve(seq, 1, 10, MAX));
    assertEquals(new Range(11, 21), newStore().reserve(seq, 1, 10, MAX));
  }

  @Test
  void aStartAboveTheMarkMovesTheSequenceUp() {
    RangeStore store = newStore();
    String seq = sequence();
    store.reserve(seq, 1, 10, MAX);
    assertEquals(new Range(500, 510), store.reserve(seq, 500, 10, MAX));
    assertEquals(new Range(510, 520), store.reserve(seq, 1, 10, MAX));
  }

  @Test
  void sequencesAreIndependent() {
    RangeStore store = newStore();
    String a = sequence();
    String b = sequence();
    assertEquals(new Range(1, 6), store.reserve(a, 1, 5, MAX));
    assertEquals(new Range(1, 4), store.reserve(b, 1, 3, MAX));
    assertEquals(new Range(6, 11), store.reserve(a, 1, 5, MAX));
  }

  @Test
  void theMaximumCutsTheLastRangeShortThenRefuses() {
    RangeStore store = newStore();
    String seq = sequence();
    assertEquals(new Range(1, 11), store.reserve(seq, 1, 10, 15));
    assertEquals(new Range(11, 16), store.reserve(seq, 1, 10, 15));
    SequenceExhaustedException e =
        assertThrows(SequenceExhaustedException.class, () -> store.reserve(seq, 1, 10, 15));
    assertTrue(e.getMessage().contains("max 15"), e.getMessage());
  }

  @Test
  void theUnusedTailIsHandedBackWhenNothingWasReservedAfterIt() {
    RangeStore store = newStore();
    String seq = sequence();
    Range range = store.reserve(seq, 1, 10, MAX);
    assertTrue(store.release(seq, range, 5));
    assertEquals(OptionalLong.of(5), store.highWater(seq));
    assertEquals(new Range(5, 15), newStore().reserve(seq, 1, 10, MAX));
  }

  @Test
  void nothingIsHandedBackAfterALaterReservation() {
    RangeStore store = newStore();
    String seq = sequence();
    Range first = store.reserve(seq, 1, 10, MAX);
    Range second = newStore().reserve(seq, 1, 10, MAX);
    assertFalse(store.release(seq, first, 5));
    assertEquals(OptionalLong.of(second.end()), store.highWater(seq));
    assertEquals(new Range(21, 31), store.reserve(seq, 1, 10, MAX));
  }

  @Test
  void aNewSequenceHasNoMark() {
    assertEquals(OptionalLong.empty(), newStore().highWater(sequence()));
  }

  @Test
  void raiseToMovesUpButNeverDown() {
    RangeStore store = newStore();
    String seq = sequence();
    assertEquals(1000, store.raiseTo(seq, 1000));
    assertEquals(new Range(1000, 1010), store.reserve(seq, 1, 10, MAX));
    assertEquals(1010, store.raiseTo(seq, 500));
    assertEquals(OptionalLong.of(1010), store.highWater(seq));
  }

  @Test
  void concurrentClientsNeverReserveTheSameValue() throws Exception {
    String seq = sequence();
    int clients = 4;
    int perClient = 100;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<List<Range>>> results = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        RangeStore store = newStore();
        results.add(pool.submit(() -> {
          List<Range> mine = new ArrayList<>();
          for (int i = 0; i < perClient; i++) {
            mine.add(store.reserve(seq, 1, 1 + ThreadLocalRandom.current().nextInt(50), MAX));
          }
          return mine;
        }));
      }
      List<Range> all = new ArrayList<>();
      for (Future<List<Range>> result : results) {
        all.addAll(result.get());
      }
      Collections.sort(all, Comparator.comparingLong(Range::start));
      assertEquals(clients * perClient, all.size());
      long expectedStart = 1;
      for (Range range : all) {
        assertEquals(expectedStart, range.start(), "ranges must follow each other without overlap or gap");
        expectedStart = range.end();
      }
      assertEquals(OptionalLong.of(expectedStart), newStore().highWater(seq));
    } finally {
      pool.shutdownNow();
    }
  }
}
