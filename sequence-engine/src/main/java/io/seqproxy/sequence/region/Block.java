package io.seqproxy.sequence.region;

/**
 * Values {@code [start, end)} of a sequence reserved in the global store for one region: the
 * region that holds it, the keeper process that reserved it, the global cell's version that the
 * reservation committed, and when (ms since the Unix epoch).
 */
public record Block(long start, long end, String region, String reservedBy, long globalVersion, long reservedAt) {

  public Block {
    if (end <= start) {
      throw new IllegalArgumentException("empty block [" + start + ", " + end + ")");
    }
  }

  public long size() {
    return end - start;
  }

  String line() {
    return "block " + start + " " + end + " " + region + " " + reservedBy + " " + globalVersion + " " + reservedAt;
  }

  static Block parse(String[] words) {
    return new Block(Long.parseLong(words[1]), Long.parseLong(words[2]), words[3], words[4],
        Long.parseLong(words[5]), Long.parseLong(words[6]));
  }
}
