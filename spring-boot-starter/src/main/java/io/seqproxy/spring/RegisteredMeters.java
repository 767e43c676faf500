package io.seqproxy.spring;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.seqproxy.sequence.monitor.Registrations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Meters for things that come and go while the application runs (sequences, rewriters): each
 * registry bound gets the meters of every thing there now and of every one added later, and loses
 * them when the thing is removed or the binder closes.
 */
abstract class RegisteredMeters<E> implements MeterBinder, AutoCloseable {
  private final Consumer<Registrations.Listener<E>> listen;
  private final Consumer<Registrations.Listener<E>> stopListening;
  private final List<Binding> bindings = new ArrayList<>();

  RegisteredMeters(Consumer<Registrations.Listener<E>> listen, Consumer<Registrations.Listener<E>> stopListening) {
    this.listen = listen;
    this.stopListening = stopListening;
  }

  /** Registers the meters of {@code entry} with {@code registry}. */
  abstract List<Meter> meters(E entry, MeterRegistry registry);

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    Binding binding = new Binding(registry);
    bindings.add(binding);
    listen.accept(binding);
  }

  @Override
  public synchronized void close() {
    for (Binding binding : bindings) {
      stopListening.accept(binding);
      binding.meters.values().forEach(list -> list.forEach(binding.registry::remove));
    }
    bindings.clear();
  }

  private final class Binding implements Registrations.Listener<E> {
    final MeterRegistry registry;
    final Map<E, List<Meter>> meters = new ConcurrentHashMap<>();

    Binding(MeterRegistry registry) {
      this.registry = registry;
    }

    @Override
    public void added(E entry) {
      meters.put(entry, RegisteredMeters.this.meters(entry, registry));
    }

    @Override
    public void removed(E entry) {
      List<Meter> gone = meters.remove(entry);
      if (gone != null) {
        gone.forEach(registry::remove);
      }
    }
  }
}
