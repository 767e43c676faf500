package io.seqproxy.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The statistics {@link Interleaved} reports: the median of the rounds' ratios and its
 * distribution-free 95 % confidence interval, the k-th smallest and k-th largest value for the
 * largest k with P(Binomial(n, 1/2) < k) at most 2.5 % (k = 10, 14 and 22 for 30, 40 and 60 values,
 * from the binomial tables).
 */
class InterleavedTest {

  /** 1..n in a shuffled order: the order statistic i is i. */
  private static double[] oneTo(int n) {
    return IntStream.rangeClosed(1, n).map(i -> (i * 7919) % n + 1).asDoubleStream().toArray();
  }

  @Test
  void intervalIsTheOrderStatisticsTheBinomialGives() {
    assertArrayEquals(new double[] {10, 21}, Interleaved.medianInterval(oneTo(30)));
    assertArrayEquals(new double[] {14, 27}, Interleaved.medianInterval(oneTo(40)));
    assertArrayEquals(new double[] {22, 39}, Interleaved.medianInterval(oneTo(60)));
  }

  @Test
  void tooFewValuesForAnyNarrowerIntervalGiveTheirWholeRange() {
    // P(count = 0) for 5 values is 1/32, over 2.5 %: no order statistic bounds the median closer.
    assertArrayEquals(new double[] {1, 5}, Interleaved.medianInterval(oneTo(5)));
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertEquals(30.5, Interleaved.median(oneTo(60)));
    assertEquals(3.0, Interleaved.median(oneTo(5)));
  }
}
