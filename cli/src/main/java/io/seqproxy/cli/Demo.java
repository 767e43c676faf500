package io.seqproxy.cli;

import io.seqproxy.sequence.Sequence;
import io.seqproxy.sequence.jdbc.JdbcSequenceStore;
import io.seqproxy.sequence.range.RangeSequence;
import io.seqproxy.sequence.snowflake.SnowflakeLayout;
import io.seqproxy.sequence.snowflake.SnowflakeSequence;
import java.io.PrintStream;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * The first thing a user runs: both engines on an embedded H2 database as their store, several
 * threads drawing IDs, and a report of what happened.
 */
final class Demo {
  private static final int THREADS = 4;
  private static final int PER_THREAD = 250_000;

  private final PrintStream out;

  Demo(PrintStream out) {
    this.out = out;
  }

  int run() {
    String url = "jdbc:h2:mem:seqproxy_demo;DB_CLOSE_DELAY=-1";
    out.println("seqproxy demo: embedded H2 (" + url + ") as the store, " + THREADS + " threads");
    try (JdbcSequenceStore store = JdbcSequenceStore.options(() -> DriverManager.getConnection(url, "sa", ""), url).open()) {
      RangeSequence range = RangeSequence.builder("order_id", store.ranges()).start(1).initialSize(1000)
          .maxSize(1_000_000).targetLifetime(Duration.ofMinutes(1)).build();
      SnowflakeSequence snowflake = SnowflakeSequence.builder("event_id", SnowflakeLayout.standard())
          .leases(store.workerLeases()).build();
      try (range; snowflake) {
        report("order_id (segment, range allocation)", range);
        out.printf("  ranges reserved: %d, range size now %,d (started at 1,000)%n", range.reservations(),
            range.rangeSize());
        report("event_id (snowflake, worker id leased: " + snowflake.workerId() + ")", snowflake);
        long id = snowflake.next();
        SnowflakeLayout.Decoded decoded = snowflake.decode(id);
        out.printf("  %d decodes to time %s, worker %d, counter %d%n", id, decoded.timestamp(), decoded.workerId(),
            decoded.sequence());
      }
    }
    return 0;
  }

  private void report(String title, Sequence sequence) {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      long started = System.nanoTime();
      List<Future<long[]>> parts = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        parts.add(pool.submit(() -> {
          long[] values = new long[PER_THREAD];
          for (int i = 0; i < PER_THREAD; i += 100) {
            System.arraycopy(sequence.next(100), 0, values, i, 100);
          }
          return values;
        }));
      }
      long[] all = new long[THREADS * PER_THREAD];
      int at = 0;
      for (Future<long[]> part : parts) {
        long[] values = part.get();
        System.arraycopy(values, 0, all, at, values.length);
        at += values.length;
      }
      long nanos = System.nanoTime() - started;
      Arrays.sort(all);
      int duplicates = 0;
      for (int i = 1; i < all.length; i++) {
        if (all[i] == all[i - 1]) {
          duplicates++;
        }
      }
      out.println(title);
      out.printf("  %,d IDs from %d threads in %,d ms (%,.0f per second), %d duplicates%n", all.length, THREADS,
          nanos / 1_000_000, all.length * 1e9 / nanos, duplicates);
      out.printf("  lowest %d, highest %d%n", all[0], all[all.length - 1]);
    } catch (Exception e) {
      throw new IllegalStateException("the demo failed: " + e, e);
    } finally {
      pool.shutdownNow();
    }
  }
}
