package io.seqproxy.sequence.range;

/** Arithmetic every store shares: where a reservation ends, without overflow. */
public final class RangeMath {
  private RangeMath() {}

  /**
   * The exclusive end of a range of {@code size} values from {@code from}, cut short so that its
   * last value is at most {@code maxValue}. {@code from <= maxValue} must hold.
   */
  public static long endOf(long from, long size, long maxValue) {
    if (size < 1) {
      throw new IllegalArgumentException("a range needs at least one value, got size " + size);
    }
    long last = size - 1 > maxValue - from ? maxValue : from + size - 1;
    // The exclusive end of a range ending at Long.MAX_VALUE cannot be represented; stop one short.
    return last == Long.MAX_VALUE ? Long.MAX_VALUE : last + 1;
  }
}
