package io.seqproxy.spring;

import io.seqproxy.sequence.Sequence;
import io.seqproxy.sequence.monitor.MonitoredSequences;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sequences running in this JVM, by the name Actuator shows: the sequence's name, or
 * {@code name-2}, {@code name-3} … when configurations share a name. Independent of the Spring
 * Boot line, so that Boot 3's and Boot 4's indicators say the same.
 */
final class SequenceHealthView {
  private SequenceHealthView() {}

  static Map<String, Sequence> byName() {
    Map<String, Sequence> sequences = new LinkedHashMap<>();
    for (MonitoredSequences.Entry entry : MonitoredSequences.all()) {
      String name = entry.sequence().name();
      for (int n = 2; sequences.containsKey(name); n++) {
        name = entry.sequence().name() + "-" + n;
      }
      sequences.put(name, entry.sequence());
    }
    return sequences;
  }
}
