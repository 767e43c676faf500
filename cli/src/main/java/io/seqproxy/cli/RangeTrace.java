package io.seqproxy.cli;

import io.seqproxy.sequence.range.RangeStore;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The demo's view of range reservations: the store's high-water mark, read every millisecond on a
 * thread of its own while the application inserts. Each move is one reservation and its size
 * (two reservations within one millisecond would show as one; ranges that short are not adaptive
 * ones). Seen from the store because the driver keeps its sequences to itself.
 */
final class RangeTrace {
  private final RangeStore store;
  private final String sequence;
  private final List<Long> marks = new ArrayList<>();
  private final Thread poller;
  private volatile boolean running = true;

  /** @param start the sequence's first value: the mark a new sequence starts from */
  RangeTrace(RangeStore store, String sequence, long start) {
    this.store = store;
    this.sequence = sequence;
    OptionalLong before = store.highWater(sequence);
    marks.add(before.isPresent() ? before.getAsLong() : start);
    poller = new Thread(this::poll, "seqproxy-demo-range-trace");
    poller.setDaemon(true);
    poller.start();
  }

  private void poll() {
    while (running) {
      sample();
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sample() {
    OptionalLong mark = store.highWater(sequence);
    synchronized (marks) {
      if (mark.isPresent() && mark.getAsLong() != marks.get(marks.size() - 1)) {
        marks.add(mark.getAsLong());
      }
    }
  }

  void stop() throws InterruptedException {
    running = false;
    poller.join();
    sample();
  }

  /** The size of each reservation seen, in order. */
  List<Long> sizes() {
    synchronized (marks) {
      List<Long> sizes = new ArrayList<>();
      for (int i = 1; i < marks.size(); i++) {
        sizes.add(marks.get(i) - marks.get(i - 1));
      }
      return sizes;
    }
  }

  long last() {
    synchronized (marks) {
      return marks.get(marks.size() - 1);
    }
  }

  /** {@code 1,000 -> 16,000 -> 256,000 (x3)}: repeated sizes counted, not repeated. */
  static String describe(List<Long> sizes) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < sizes.size(); ) {
      int j = i;
      while (j < sizes.size() && sizes.get(j).equals(sizes.get(i))) {
        j++;
      }
      text.append(text.length() == 0 ? "" : " -> ").append(String.format("%,d", sizes.get(i)));
      if (j - i > 1) {
        text.append(" (x").append(j - i).append(')');
      }
      i = j;
    }
    return text.length() == 0 ? "none" : text.toString();
  }
}
