package io.seqproxy.sequence.region;

/**
 * A range {@code [start, end)} reserved inside a region's block: the process that reserved it
 * and the region cell's version that the reservation committed.
 */
public record Reservation(long start, long end, String reservedBy, long version) {

  String line() {
    return "range " + start + " " + end + " " + reservedBy + " " + version;
  }

  static Reservation parse(String[] words) {
    return new Reservation(Long.parseLong(words[1]), Long.parseLong(words[2]), words[3], Long.parseLong(words[4]));
  }
}
