package io.seqproxy.jdbc.config;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Collects configuration problems as {@code <source>:<line>: <key path>: <message>}. */
final class Problems {
  private final String source;
  private final List<String> errors = new ArrayList<>();

  Problems(String source) {
    this.source = source;
  }

  String source() {
    return source;
  }

  /** A problem at {@code node} (for its line; null when there is none). */
  void add(Node node, String path, String message) {
    add(node == null ? 0 : node.getStartMark().getLine() + 1, path, message);
  }

  /** A problem at a 1-based line, 0 when unknown. */
  void add(int line, String path, String message) {
    StringBuilder text = new StringBuilder(source);
    if (line > 0) {
      text.append(':').append(line);
    }
    text.append(": ");
    if (path != null && !path.isEmpty()) {
      text.append(path).append(": ");
    }
    errors.add(text.append(message).toString());
  }

  boolean isEmpty() {
    return errors.isEmpty();
  }

  /** Throws every problem collected so far, together. */
  void throwIfAny() throws ConfigException {
    if (!errors.isEmpty()) {
      throw new ConfigException(source, errors);
    }
  }
}
