package io.seqproxy.benchmarks;

import io.seqproxy.sequence.jdbc.JdbcSequenceStore;
import io.seqproxy.sequence.range.RangeSequence;
import java.sql.DriverManager;
import java.time.Duration;

/**
 * How many statements the jdbc store sends per million IDs once the range size has adapted:
 * draws IDs from a range sequence on an H2 store (range 1,000, max-range 1,000,000, target
 * lifetime one minute), then counts the store's statements over the next ten million.
 *
 * <p>Run: {@code mvn -B -q -pl benchmarks -am package -DskipTests && java -cp
 * benchmarks/target/benchmarks.jar io.seqproxy.benchmarks.StoreRoundTrips}
 */
public final class StoreRoundTrips {
  public static void main(String[] args) {
    String url = "jdbc:h2:mem:roundtrips;DB_CLOSE_DELAY=-1";
    try (JdbcSequenceStore store = JdbcSequenceStore.options(() -> DriverManager.getConnection(url, "sa", ""), url).open();
        RangeSequence sequence = RangeSequence.builder("roundtrips", store.ranges()).initialSize(1000)
            .maxSize(1_000_000).targetLifetime(Duration.ofMinutes(1)).build()) {
      long warmup = 5_000_000;
      long started = System.nanoTime();
      for (long i = 0; i < warmup; i++) {
        sequence.next();
      }
      long warmupMillis = (System.nanoTime() - started) / 1_000_000;
      long tripsBefore = store.rangeRoundTrips();
      long reservationsBefore = sequence.reservations();
      long measured = 10_000_000;
      started = System.nanoTime();
      for (long i = 0; i < measured; i++) {
        sequence.next();
      }
      long nanos = System.nanoTime() - started;
      long trips = store.rangeRoundTrips() - tripsBefore;
      long reservations = sequence.reservations() - reservationsBefore;
      System.out.printf("warm-up: %,d IDs in %,d ms, %d reservations, range size now %,d%n", warmup, warmupMillis,
          reservationsBefore, sequence.rangeSize());
      System.out.printf("measured: %,d IDs, %d reservations, %d store statements = %.2f statements per million IDs"
          + " (%.1f million IDs/s including the store)%n", measured, reservations, trips, trips * 1e6 / measured,
          measured * 1e3 / nanos);
    }
  }
}
