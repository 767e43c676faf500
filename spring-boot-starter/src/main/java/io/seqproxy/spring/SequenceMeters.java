package io.seqproxy.spring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.seqproxy.sequence.Sequence;
import io.seqproxy.sequence.monitor.MonitoredSequences;
import io.seqproxy.sequence.monitor.SequenceMetric;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes every {@link SequenceMetric} of every running sequence to a Micrometer registry,
 * tagged {@code sequence=<name>}: counters as function counters, the rest as gauges, all read
 * from {@code Sequence.metrics()} when the registry asks. Sequences that start later (engines
 * are built by the first connection) are added when they start, and removed when they close.
 */
public final class SequenceMeters extends RegisteredMeters<MonitoredSequences.Entry> {

  public SequenceMeters() {
    super(MonitoredSequences::addListener, MonitoredSequences::removeListener);
  }

  @Override
  List<Meter> meters(MonitoredSequences.Entry entry, MeterRegistry registry) {
    Sequence sequence = entry.sequence();
    List<Meter> added = new ArrayList<>();
    for (SequenceMetric metric : sequence.metrics().keySet()) {
      Tags tags = Tags.of("sequence", sequence.name());
      if (metric.tagKey() != null) {
        tags = tags.and(metric.tagKey(), metric.tagValue());
      }
      if (metric.kind() == SequenceMetric.Kind.COUNTER) {
        added.add(FunctionCounter.builder(metric.meterName(), sequence, s -> value(s, metric))
            .tags(tags).baseUnit(metric.baseUnit()).description(metric.description()).register(registry));
      } else {
        added.add(Gauge.builder(metric.meterName(), sequence, s -> value(s, metric))
            .tags(tags).baseUnit(metric.baseUnit()).description(metric.description()).register(registry));
      }
    }
    return added;
  }

  private static double value(Sequence sequence, SequenceMetric metric) {
    Number value = sequence.metrics().get(metric);
    return value == null ? Double.NaN : value.doubleValue();
  }
}
