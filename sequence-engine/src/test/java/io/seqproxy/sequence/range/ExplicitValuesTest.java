package io.seqproxy.sequence.range;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.seqproxy.sequence.SequenceExhaustedException;
import io.seqproxy.testing.ManualExecutor;
import io.seqproxy.testing.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * {@link RangeSequence#skipPast} (a value an INSERT wrote itself, {@code explicit: advance}) and
 * {@link RangeSequence#limitMax} (a column narrower than 64 bits), against a memory store that
 * records what was asked of it.
 */
class ExplicitValuesTest {

  private final RangeSequenceTest.RecordingStore store = new RangeSequenceTest.RecordingStore();
  private final ManualExecutor executor = new ManualExecutor();

  private RangeSequence sequence(long size) {
    return RangeSequence.builder("s", store).initialSize(size).maxSize(size)
        .targetLifetime(Duration.ofHours(1)).ticker(new ManualTicker()).executor(executor).build();
  }

  @Test
  void aValueBelowWhatIsIssuedNextChangesNothing() {
    RangeSequence sequence = sequence(100);
    assertEquals(List.of(1L, 2L, 3L), List.of(sequence.next(), sequence.next(), sequence.next()));
    sequence.skipPast(2);
    sequence.skipPast(-5);
    assertEquals(4, sequence.next());
    assertEquals(0, store.raised.size());
    assertEquals(Long.MIN_VALUE, sequence.skippedTo());
  }

  @Test
  void aValueInsideTheCurrentRangeMovesOnlyTheLocalCursor() {
    RangeSequence sequence = sequence(100);
    assertEquals(1, sequence.next());
    sequence.skipPast(40);
    assertEquals(41, sequence.next());
    sequence.skipPast(41);
    assertEquals(42, sequence.next());
    assertEquals(0, store.raised.size(), "no store call for a value this process reserved");
    assertEquals(1, store.sizes.size());
    assertEquals(OptionalLong.of(101), store.highWater("s"));
  }

  @Test
  void aValueInsideTheRangeReservedAheadSkipsWithoutAStoreCall() {
    RangeSequence sequence = sequence(100);
    for (int i = 0; i < 60; i++) {
      sequence.next();
    }
    assertEquals(1, executor.runAll(), "the range ahead, 101..200, is reserved");
    sequence.skipPast(150);
    assertEquals(0, store.raised.size());
    assertEquals(151, sequence.skippedTo());
    assertEquals(151L, sequence.health().details().get("skippedTo"));
    assertEquals(151, sequence.next(), "the rest of the current range and the range ahead up to 150 are skipped");
    assertEquals(OptionalLong.of(201), store.highWater("s"));
  }

  @Test
  void aValueBeyondTheReservedRangesRaisesTheStoreAndReservesTheNextRangeAboveIt() {
    RangeSequence sequence = sequence(100);
    assertEquals(1, sequence.next());
    sequence.skipPast(5_000);
    assertEquals(1, store.raised.size());
    assertEquals(OptionalLong.of(5_001), store.highWater("s"));
    assertEquals(1, executor.runAll(), "the range above the value is reserved in the background");
    sequence.skipPast(5_001);
    sequence.skipPast(5_050);
    assertEquals(1, store.raised.size(), "ascending values inside the range reserved above cost no store call");
    assertEquals(5_051, sequence.next());
    assertEquals(OptionalLong.of(5_101), store.highWater("s"));
    RangeSequence other = RangeSequence.builder("s", store).initialSize(100).build();
    assertEquals(5_101, other.next(), "another process reserves above the raised mark");
  }

  @Test
  void repeatingAValueAlreadySkippedCostsNoStoreCall() {
    RangeSequence sequence = sequence(100);
    sequence.next();
    sequence.skipPast(5_000);
    sequence.skipPast(5_000);
    sequence.skipPast(4_000);
    assertEquals(1, store.raised.size());
  }

  @Test
  void beforeTheFirstRangeAValueRaisesTheStore() {
    RangeSequence sequence = sequence(10);
    sequence.skipPast(70);
    assertEquals(OptionalLong.of(71), store.highWater("s"));
    executor.runAll();
    assertEquals(71, sequence.next());
  }

  @Test
  void aValueAtTheMaxExhaustsTheSequence() {
    RangeSequence sequence = RangeSequence.builder("s", store).initialSize(10).maxValue(100)
        .ticker(new ManualTicker()).executor(executor).build();
    assertEquals(1, sequence.next());
    sequence.skipPast(100);
    executor.runAll();
    SequenceExhaustedException e = assertThrows(SequenceExhaustedException.class, sequence::next);
    assertEquals("sequence s has issued every value up to its max 100", e.getMessage());
  }

  /** Reserves ahead on the caller's thread, so that running out needs no background thread. */
  private RangeSequence direct(long size) {
    return RangeSequence.builder("s", store).initialSize(size).maxSize(size).executor(Runnable::run).build();
  }

  @Test
  void limitMaxLowersTheDefaultMaxAndTheSmallestLimitWins() {
    RangeSequence sequence = direct(10);
    assertEquals(32_767, sequence.limitMax(32_767));
    assertEquals(127, sequence.limitMax(127));
    assertEquals(127, sequence.limitMax(2_147_483_647L), "a wider column does not raise it again");
    assertEquals(127, sequence.max());
    assertEquals(127L, sequence.health().details().get("max"));
    sequence.skipTo(120);
    assertEquals(List.of(120L, 121L, 122L, 123L, 124L, 125L, 126L, 127L), List.of(sequence.next(), sequence.next(),
        sequence.next(), sequence.next(), sequence.next(), sequence.next(), sequence.next(), sequence.next()));
    SequenceExhaustedException e = assertThrows(SequenceExhaustedException.class, sequence::next);
    assertEquals("sequence s has issued every value up to its max 127", e.getMessage());
  }

  @Test
  void limitMaxTrimsTheRangeBeingIssued() {
    RangeSequence sequence = direct(100);
    assertEquals(1, sequence.next());
    sequence.limitMax(3);
    assertEquals(List.of(2L, 3L), List.of(sequence.next(), sequence.next()));
    assertThrows(SequenceExhaustedException.class, sequence::next);
  }

  @Test
  void aConfiguredMaxIsNotLowered() {
    RangeSequence sequence = RangeSequence.builder("s", store).maxValue(1_000_000).build();
    assertEquals(true, sequence.maxConfigured());
    assertEquals(1_000_000, sequence.limitMax(127));
    assertEquals(1_000_000, sequence.max());
  }
}
