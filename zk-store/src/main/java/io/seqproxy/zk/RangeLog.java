package io.seqproxy.zk;

import io.seqproxy.sequence.SequenceException;
import io.seqproxy.sequence.range.RangeMath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The text of a sequence's range log in ZooKeeper and the one function that folds it into a
 * high-water mark. No I/O: {@link ZkRangeStore} reads and writes the nodes.
 *
 * <p>An entry is a {@code PERSISTENT_SEQUENTIAL} child whose name is the operation followed by
 * the counter ZooKeeper appended; the entry has no data. Every process folds the same entries in
 * the same (counter) order with {@link #after}, so every process computes the same outcome for
 * every entry:
 *
 * <pre>
 * r&lt;size&gt;_&lt;start&gt;_&lt;max&gt;-&lt;counter&gt;   reserve size values from max(mark, start), cut at max
 * u&lt;value&gt;-&lt;counter&gt;                  raise the mark to value (never down)
 * g&lt;end&gt;_&lt;from&gt;-&lt;counter&gt;            give back [from, end) if the mark is still end
 * </pre>
 *
 * The sequence's own node holds the checkpoint, the fold of every entry up to a counter:
 * {@code log mark=<mark or none> through=<counter> recent=<counter>:<mark before>,...}, where
 * {@code recent} keeps, for the last {@value #RECENT} entries folded, the mark each found, so that
 * a process that reads only after its entry was folded can still learn its outcome.
 *
 * <p>ZooKeeper's counter is a signed 32-bit int that wraps to negative after 2^31; counters are
 * therefore compared by their difference, which is right as long as the live entries span less
 * than 2^31 counters (they span a few hundred).
 */
final class RangeLog {

  /** The mark of a sequence nothing was ever reserved in (below every start, which is >= 0). */
  static final long NONE = -1;
  /** How many folded entries' outcomes a checkpoint keeps, for processes that read late. */
  static final int RECENT = 256;
  private static final String CHECKPOINT = "log mark=";

  private RangeLog() {}

  /** What an entry asks for. */
  enum Kind {
    RESERVE('r'), RAISE('u'), GIVE_BACK('g');

    final char letter;

    Kind(char letter) {
      this.letter = letter;
    }
  }

  /**
   * One operation: reserve {@code (a=size, b=start, c=max)}, raise {@code (a=value)} or give
   * back {@code (a=end, b=from)}.
   */
  record Op(Kind kind, long a, long b, long c) {

    static Op reserve(long size, long start, long max) {
      return new Op(Kind.RESERVE, size, start, max);
    }

    static Op raise(long value) {
      return new Op(Kind.RAISE, value, 0, 0);
    }

    static Op giveBack(long end, long from) {
      return new Op(Kind.GIVE_BACK, end, from, 0);
    }

    /** The node name before ZooKeeper's counter. */
    String prefix() {
      return switch (kind) {
        case RESERVE -> "r" + a + "_" + b + "_" + c + "-";
        case RAISE -> "u" + a + "-";
        case GIVE_BACK -> "g" + a + "_" + b + "-";
      };
    }

    /** The first value a reservation gets when it found {@code before}. */
    long first(long before) {
      return Math.max(before, b);
    }

    /** Whether a reservation that found {@code before} got no value at all. */
    boolean exhausts(long before) {
      long first = first(before);
      return first > c || RangeMath.endOf(first, a, c) <= first;
    }
  }

  /** The mark after {@code op} when it found {@code before}: the fold's only step. */
  static long after(long before, Op op) {
    return switch (op.kind()) {
      case RESERVE -> op.exhausts(before) ? before : RangeMath.endOf(op.first(before), op.a(), op.c());
      case RAISE -> Math.max(before, op.a());
      case GIVE_BACK -> before == op.a() ? op.b() : before;
    };
  }

  /** A child of the sequence node: its name, ZooKeeper's counter and the operation. */
  record Entry(String name, int counter, Op op) {}

  /** Parses a child's name, refusing anything seqproxy did not write, naming the node. */
  static Entry entry(String parent, String name) {
    int dash = name.indexOf('-');
    try {
      if (dash < 2) {
        throw new NumberFormatException();
      }
      int counter = Integer.parseInt(name.substring(dash + 1));
      String[] args = name.substring(1, dash).split("_", -1);
      long[] n = new long[args.length];
      for (int i = 0; i < args.length; i++) {
        n[i] = Long.parseLong(args[i]);
        if (n[i] < 0 || args[i].startsWith("+")) {
          throw new NumberFormatException();
        }
      }
      Op op = switch (name.charAt(0)) {
        case 'r' -> n.length == 3 && n[0] > 0 ? Op.reserve(n[0], n[1], n[2]) : null;
        case 'u' -> n.length == 1 ? Op.raise(n[0]) : null;
        case 'g' -> n.length == 2 ? Op.giveBack(n[0], n[1]) : null;
        default -> null;
      };
      if (op != null) {
        return new Entry(name, counter, op);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SequenceException("ZooKeeper node " + parent + "/" + name + " is not a range log entry"
        + " (r<size>_<start>_<max>-, u<value>- or g<end>_<from>- followed by ZooKeeper's counter);"
        + " it was not written by seqproxy: delete it");
  }

  /** Whether counter {@code a} comes after {@code b}, across the wrap at 2^31. */
  static boolean laterThan(int a, int b) {
    return a - b > 0;
  }

  /** The entries folded after {@code checkpoint}, in ZooKeeper's order. */
  static List<Entry> pending(String parent, List<String> children, Checkpoint checkpoint) {
    List<Entry> entries = new ArrayList<>(children.size());
    for (String child : children) {
      Entry e = entry(parent, child);
      if (laterThan(e.counter(), checkpoint.through())) {
        entries.add(e);
      }
    }
    entries.sort(Comparator.comparingInt(e -> e.counter() - checkpoint.through()));
    return entries;
  }

  /**
   * The fold of everything up to a counter, as the sequence node's data.
   *
   * @param mark the mark after {@code through}, {@link #NONE} if nothing was ever reserved
   * @param through the last counter folded
   * @param recent the mark before each entry the last compaction folded, by counter
   */
  record Checkpoint(long mark, int through, Map<Integer, Long> recent) {

    /** A new log whose first entry will get counter {@code firstCounter}. */
    static Checkpoint start(long mark, int firstCounter) {
      return new Checkpoint(mark, firstCounter - 1, Map.of());
    }

    /** The mark after folding {@code entries} (as {@link #pending} returns them). */
    long fold(List<Entry> entries) {
      long m = mark;
      for (Entry e : entries) {
        m = after(m, e.op());
      }
      return m;
    }

    /** The mark {@code counter}'s entry found, if this checkpoint or {@code entries} tell it. */
    Optional<Long> before(int counter, List<Entry> entries) {
      long m = mark;
      for (Entry e : entries) {
        if (e.counter() == counter) {
          return Optional.of(m);
        }
        m = after(m, e.op());
      }
      return Optional.ofNullable(recent.get(counter));
    }

    /**
     * This checkpoint with the first {@code count} of {@code entries} folded in, remembering what
     * the last {@link #RECENT} folded entries found.
     */
    Checkpoint compact(List<Entry> entries, int count) {
      Map<Integer, Long> folded = new LinkedHashMap<>(recent);
      long m = mark;
      for (Entry e : entries.subList(0, count)) {
        folded.put(e.counter(), m);
        m = after(m, e.op());
      }
      var oldest = folded.keySet().iterator();
      for (int drop = folded.size() - RECENT; drop > 0; drop--) {
        oldest.next();
        oldest.remove();
      }
      return new Checkpoint(m, entries.get(count - 1).counter(), Collections.unmodifiableMap(folded));
    }

    byte[] bytes() {
      StringBuilder text = new StringBuilder(CHECKPOINT)
          .append(mark == NONE ? "none" : Long.toString(mark))
          .append(" through=").append(through).append(" recent=");
      String sep = "";
      for (Map.Entry<Integer, Long> r : recent.entrySet()) {
        text.append(sep).append(r.getKey()).append(':').append(r.getValue());
        sep = ",";
      }
      return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The checkpoint in {@code data}, or empty when it is not one (a bare mark, or damage). */
    static Optional<Checkpoint> parse(byte[] data) {
      String text = data == null ? "" : new String(data, StandardCharsets.US_ASCII);
      if (!text.startsWith(CHECKPOINT)) {
        return Optional.empty();
      }
      String[] fields = text.substring("log ".length()).split(" ", -1);
      try {
        if (fields.length != 3 || !fields[1].startsWith("through=") || !fields[2].startsWith("recent=")) {
          return Optional.empty();
        }
        String markText = fields[0].substring("mark=".length());
        long mark = markText.equals("none") ? NONE : Long.parseLong(markText);
        int through = Integer.parseInt(fields[1].substring("through=".length()));
        Map<Integer, Long> recent = new LinkedHashMap<>();
        String list = fields[2].substring("recent=".length());
        if (!list.isEmpty()) {
          for (String pair : list.split(",", -1)) {
            int colon = pair.indexOf(':');
            recent.put(Integer.parseInt(pair.substring(0, colon)), Long.parseLong(pair.substring(colon + 1)));
          }
        }
        if (mark < NONE) {
          return Optional.empty();
        }
        return Optional.of(new Checkpoint(mark, through, Collections.unmodifiableMap(recent)));
      } catch (NumberFormatException | IndexOutOfBoundsException e) {
        return Optional.empty();
      }
    }
  }
}
