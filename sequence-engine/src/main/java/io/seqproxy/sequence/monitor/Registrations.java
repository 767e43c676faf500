package io.seqproxy.sequence.monitor;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The things of one kind running in this JVM that monitoring can see, and the listeners told of
 * each one added and removed (a Micrometer binder, say). A listener added late is told of every
 * thing already there; a listener that fails is logged and does not stop the others.
 * Thread safety: changes are serialised on this object; reads take no lock.
 */
public final class Registrations<E> {
  private static final Logger log = LoggerFactory.getLogger(Registrations.class);

  /** Told of every thing added and removed. */
  public interface Listener<E> {
    void added(E entry);

    void removed(E entry);
  }

  private final List<E> entries = new CopyOnWriteArrayList<>();
  private final List<Listener<? super E>> listeners = new CopyOnWriteArrayList<>();
  private final Function<E, String> describe;

  /** @param describe names an entry in the log line of a failed listener */
  public Registrations(Function<E, String> describe) {
    this.describe = describe;
  }

  public synchronized void add(E entry) {
    entries.add(entry);
    listeners.forEach(listener -> tell(listener, entry, true));
  }

  /** Removes {@code entry} and tells the listeners; false when it was not there. */
  public synchronized boolean remove(E entry) {
    if (!entries.remove(entry)) {
      return false;
    }
    listeners.forEach(listener -> tell(listener, entry, false));
    return true;
  }

  public List<E> all() {
    return List.copyOf(entries);
  }

  public synchronized void addListener(Listener<? super E> listener) {
    listeners.add(listener);
    entries.forEach(entry -> tell(listener, entry, true));
  }

  public synchronized void removeListener(Listener<? super E> listener) {
    listeners.remove(listener);
  }

  private void tell(Listener<? super E> listener, E entry, boolean added) {
    try {
      if (added) {
        listener.added(entry);
      } else {
        listener.removed(entry);
      }
    } catch (RuntimeException e) {
      log.warn("{}: a monitoring listener failed: {}", describe.apply(entry), e.toString());
    }
  }
}
