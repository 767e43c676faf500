package io.seqproxy.sequence.region;

import java.net.InetAddress;

/** How a process names itself in the records it writes: {@code pid@host}, no spaces. */
final class Processes {
  private Processes() {}

  static String current() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "unknown-host";
    }
    return word(ProcessHandle.current().pid() + "@" + host);
  }

  /** {@code text} as one word of a cell line. */
  static String word(String text) {
    String word = text.replaceAll("\\s+", "_");
    return word.isEmpty() ? "-" : word.length() > 100 ? word.substring(0, 100) : word;
  }
}
