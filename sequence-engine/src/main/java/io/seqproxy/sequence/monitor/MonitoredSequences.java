package io.seqproxy.sequence.monitor;

import io.seqproxy.sequence.Sequence;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sequences running in this JVM that operators can see: each is registered on the platform
 * MBeanServer as {@code io.seqproxy:type=Sequence,name=<sequence>} and handed to the listeners
 * (a Micrometer binder, say). The driver registers an engine's sequences when it opens them and
 * unregisters them when it closes them; a sequence name used by two configurations at once gets
 * {@code ,source=<configuration>} added to the second one's name.
 */
public final class MonitoredSequences {
  private static final Logger log = LoggerFactory.getLogger(MonitoredSequences.class);
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Registrations<Entry> ENTRIES =
      new Registrations<>(entry -> "sequence " + entry.sequence().name());

  private MonitoredSequences() {}

  /**
   * A registered sequence.
   *
   * @param source the configuration it came from
   * @param objectName its MBean's name; null when JMX refused it (logged)
   */
  public record Entry(String source, Sequence sequence, ObjectName objectName) {}

  /** Told of every sequence registered and unregistered, e.g. to publish meters for it. */
  public interface Listener extends Registrations.Listener<Entry> {}

  /** Registers sequences of one configuration; returns what to hand to {@link #unregister}. */
  public static synchronized List<Entry> register(String source, Collection<? extends Sequence> sequences) {
    List<Entry> added = new ArrayList<>();
    for (Sequence sequence : sequences) {
      Entry entry = new Entry(source, sequence, registerMBean(source, sequence));
      ENTRIES.add(entry);
      added.add(entry);
    }
    return added;
  }

  /** Unregisters what {@link #register} returned. */
  public static synchronized void unregister(Collection<Entry> entries) {
    for (Entry entry : entries) {
      if (ENTRIES.remove(entry) && entry.objectName() != null) {
        try {
          ManagementFactory.getPlatformMBeanServer().unregisterMBean(entry.objectName());
        } catch (JMException e) {
          log.debug("sequence {}: MBean {} was already gone: {}", entry.sequence().name(), entry.objectName(), e.toString());
        }
      }
    }
  }

  /** Every sequence registered now, in registration order. */
  public static List<Entry> all() {
    return ENTRIES.all();
  }

  /** Adds a listener and tells it of every sequence already registered. */
  public static void addListener(Registrations.Listener<Entry> listener) {
    ENTRIES.addListener(listener);
  }

  public static void removeListener(Registrations.Listener<Entry> listener) {
    ENTRIES.removeListener(listener);
  }

  private static ObjectName registerMBean(String source, Sequence sequence) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    String base = "io.seqproxy:type=Sequence,name=" + quoted(sequence.name());
    try {
      SequenceMBean bean = new SequenceMBean(sequence);
      for (int instance = 1; ; instance++) {
        String name = instance == 1 ? base : base + ",source=" + ObjectName.quote(source)
            + (instance == 2 ? "" : ",instance=" + instance);
        try {
          return server.registerMBean(bean, new ObjectName(name)).getObjectName();
        } catch (InstanceAlreadyExistsException e) {
          // Another configuration has a sequence of this name: try the longer name.
        }
      }
    } catch (JMException | RuntimeException e) {
      log.warn("sequence {}: could not register its MBean ({}); its metrics are still read through"
          + " Sequence.metrics()", sequence.name(), e.toString());
      return null;
    }
  }

  private static String quoted(String value) {
    return PLAIN.matcher(value).matches() ? value : ObjectName.quote(value);
  }
}
