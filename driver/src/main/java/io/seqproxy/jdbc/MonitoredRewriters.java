package io.seqproxy.jdbc;

import io.seqproxy.sequence.monitor.Registrations;

/**
 * The INSERT rewriters running in this JVM, one per configuration and SQL dialect, for monitoring
 * beyond JMX (a Micrometer binder, say): each is added when its first connection builds it and
 * removed when its engine closes.
 */
public final class MonitoredRewriters {
  private static final Registrations<Entry> ENTRIES =
      new Registrations<>(entry -> "seqproxy rewriter for " + entry.source());

  private MonitoredRewriters() {}

  /**
   * A running rewriter.
   *
   * @param source the configuration it serves
   * @param dialect the SQL dialect it reads ({@code MYSQL}, {@code POSTGRESQL}, {@code STANDARD})
   */
  public record Entry(String source, String dialect, RewriterMXBean figures) {}

  /** Told of every rewriter added and removed. */
  public interface Listener extends Registrations.Listener<Entry> {}

  static void add(Entry entry) {
    ENTRIES.add(entry);
  }

  static void remove(Entry entry) {
    ENTRIES.remove(entry);
  }

  /** Adds a listener and tells it of every rewriter already running. */
  public static void addListener(Registrations.Listener<Entry> listener) {
    ENTRIES.addListener(listener);
  }

  public static void removeListener(Registrations.Listener<Entry> listener) {
    ENTRIES.removeListener(listener);
  }
}
