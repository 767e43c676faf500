package io.seqproxy.zk;

import io.seqproxy.sequence.SequenceException;
import java.nio.charset.StandardCharsets;
import org.apache.curator.utils.ZKPaths;

/**
 * The encoding of the numbers seqproxy keeps in ZooKeeper nodes of their own (worker
 * timestamps, and the high-water marks of stores written before the range log): ASCII decimal
 * digits, no sign, no padding, no newline (the value {@code 1001} is the four bytes
 * {@code 31 30 30 31}). Text rather than an 8-byte long so that an operator can read it with
 * {@code zkCli.sh get}; parsing is strict so that a damaged node stops issuing instead of being
 * guessed at. The range log's checkpoint is text too ({@link RangeLog}).
 */
final class Znodes {

  private Znodes() {}

  static byte[] encode(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative value " + value);
    }
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }

  /** The number in {@code data}, or a {@link SequenceException} naming the node if damaged. */
  static long decode(String path, byte[] data) {
    if (data != null && data.length > 0 && data.length <= 20) {
      try {
        long value = 0;
        for (byte b : data) {
          if (b < '0' || b > '9') {
            throw new NumberFormatException();
          }
          value = Math.addExact(Math.multiplyExact(value, 10), b - '0');
        }
        return value;
      } catch (NumberFormatException | ArithmeticException e) {
        // reported below with the node's content
      }
    }
    String shown = data == null ? "no data" : "'" + new String(data, StandardCharsets.US_ASCII) + "'";
    throw new SequenceException(
        "ZooKeeper node " + path + " holds " + shown
            + ", expected a non-negative decimal number; repair it with zkCli.sh set");
  }

  /**
   * {@code parent/name}, refusing sequence names that would not be one path element (a slash,
   * {@code .}, {@code ..}, control characters), so that one sequence can never address another's
   * node.
   */
  static String child(String parent, String name) {
    if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")
        || name.equals("zookeeper") || name.chars().anyMatch(c -> c == '/' || c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException(
          "sequence name '" + name + "' cannot be a ZooKeeper node name: it must be non-empty,"
              + " not '.', '..' or 'zookeeper', and contain no '/' or control characters");
    }
    return ZKPaths.makePath(parent, name);
  }
}
