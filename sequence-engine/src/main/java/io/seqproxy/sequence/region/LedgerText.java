package io.seqproxy.sequence.region;

import java.util.ArrayList;
import java.util.List;

/** The text form the ledgers share: one fact per line, words separated by one space. */
final class LedgerText {
  private LedgerText() {}

  /** The words of each non-blank line of {@code text}, in order. */
  static List<String[]> lines(String text) {
    List<String[]> lines = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        lines.add(line.trim().split(" "));
      }
    }
    return lines;
  }

  static IllegalArgumentException unknown(String[] words) {
    return new IllegalArgumentException("unknown line '" + String.join(" ", words) + "'");
  }
}
