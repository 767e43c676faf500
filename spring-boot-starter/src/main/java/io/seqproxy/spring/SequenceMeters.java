package io.seqproxy.spring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.seqproxy.sequence.Sequence;
import io.seqproxy.sequence.monitor.MonitoredSequences;
import io.seqproxy.sequence.monitor.SequenceMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes every {@link SequenceMetric} of every running sequence to a Micrometer registry,
 * tagged {@code sequence=<name>}: counters as function counters, the rest as gauges, all read
 * from {@code Sequence.metrics()} when the registry asks. Sequences that start later (engines
 * are built by the first connection) are added when they start, and removed when they close.
 */
public final class SequenceMeters implements MeterBinder, AutoCloseable {
  private final List<Binding> bindings = new ArrayList<>();

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    Binding binding = new Binding(registry);
    bindings.add(binding);
    MonitoredSequences.addListener(binding);
  }

  @Override
  public synchronized void close() {
    for (Binding binding : bindings) {
      MonitoredSequences.removeListener(binding);
      binding.meters.values().forEach(list -> list.forEach(binding.registry::remove));
    }
    bindings.clear();
  }

  private static final class Binding implements MonitoredSequences.Listener {
    final MeterRegistry registry;
    final Map<MonitoredSequences.Entry, List<Meter>> meters = new ConcurrentHashMap<>();

    Binding(MeterRegistry registry) {
      this.registry = registry;
    }

    @Override
    public void added(MonitoredSequences.Entry entry) {
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
      meters.put(entry, added);
    }

    @Override
    public void removed(MonitoredSequences.Entry entry) {
      List<Meter> gone = meters.remove(entry);
      if (gone != null) {
        gone.forEach(registry::remove);
      }
    }

    private static double value(Sequence sequence, SequenceMetric metric) {
      Number value = sequence.metrics().get(metric);
      return value == null ? Double.NaN : value.doubleValue();
    }
  }
}
