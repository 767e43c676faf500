package io.seqproxy.sequence.range;

/** The values {@code [start, end)} of a sequence, reserved in a store for one process. */
public record Range(long start, long end) {

  public Range {
    if (end <= start) {
      throw new IllegalArgumentException("empty range [" + start + ", " + end + ")");
    }
  }

  public long size() {
    return end - start;
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + ")";
  }
}
