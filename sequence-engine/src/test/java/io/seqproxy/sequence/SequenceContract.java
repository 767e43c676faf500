package io.seqproxy.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.sequence.monitor.SequenceMetric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What every {@link Sequence} engine must do; run against each engine and store. */
public abstract class SequenceContract {
  private final List<Sequence> opened = new ArrayList<>();

  protected abstract Sequence openSequence(String name);

  protected final Sequence newSequence(String name) {
    Sequence sequence = openSequence(name);
    opened.add(sequence);
    return sequence;
  }

  @AfterEach
  void closeSequences() {
    opened.forEach(Sequence::close);
    opened.clear();
  }

  @Test
  void idsIssuedCountsEveryValueFromEveryThread() throws Exception {
    Sequence sequence = newSequence("contract_count");
    sequence.next();
    sequence.next(2500);
    int threads = 4;
    int perThread = 50_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            sequence.next();
          }
          sequence.next(7);
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1 + 2500 + threads * (perThread + 7L), sequence.metrics().get(SequenceMetric.IDS_ISSUED));
  }

  @Test
  void eightThreadsTakeAMillionValuesEachWithoutADuplicate() throws Exception {
    Sequence sequence = newSequence("contract_threads");
    int threads = 8;
    int perThread = 1_000_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<long[]>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(pool.submit(() -> {
          long[] values = new long[perThread];
          start.await();
          for (int i = 0; i < perThread; i++) {
            values[i] = sequence.next();
          }
          return values;
        }));
      }
      start.countDown();
      long[] all = new long[threads * perThread];
      int at = 0;
      for (Future<long[]> result : results) {
        long[] values = result.get();
        for (int i = 1; i < values.length; i++) {
          if (values[i] <= values[i - 1]) {
            throw new AssertionError("values of one thread must strictly increase: " + values[i - 1]
                + " then " + values[i]);
          }
        }
        System.arraycopy(values, 0, all, at, values.length);
        at += values.length;
      }
      Arrays.sort(all);
      assertTrue(all[0] > 0, "values are positive");
      for (int i = 1; i < all.length; i++) {
        if (all[i] == all[i - 1]) {
          throw new AssertionError("duplicate value " + all[i]);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void valuesStrictlyIncreaseAcrossCallsAndThreads() throws Exception {
    Sequence sequence = newSequence("contract_order");
    long before = sequence.next();
    long[] fromOtherThread = new long[1];
    Thread other = new Thread(() -> fromOtherThread[0] = sequence.next());
    other.start();
    other.join();
    long after = sequence.next();
    assertTrue(before < fromOtherThread[0] && fromOtherThread[0] < after,
        before + " < " + fromOtherThread[0] + " < " + after);
  }

  @Test
  void manyAtOnceAreAscendingAndAboveWhatCameBefore() {
    Sequence sequence = newSequence("contract_many");
    long first = sequence.next();
    long[] batch = sequence.next(5000);
    assertEquals(5000, batch.length);
    long previous = first;
    for (long value : batch) {
      assertTrue(value > previous, previous + " then " + value);
      previous = value;
    }
    assertTrue(sequence.next() > previous);
    assertEquals(0, sequence.next(0).length);
  }
}
