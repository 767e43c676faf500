package io.seqproxy.jdbc;

import io.seqproxy.jdbc.rewrite.SqlDialect;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The figures of one {@link Verdicts}: counted on its miss and refusal paths only, read by JMX.
 * Thread safety: {@link LongAdder}s and a compare-and-set maximum; readers see each figure on its
 * own, not a snapshot of all.
 */
final class RewriterFigures implements RewriterMXBean {
  private static final Logger log = LoggerFactory.getLogger(RewriterFigures.class);
  /** The SQLState of a refusal because planning exceeded its time bound. */
  static final String PLANNING_BOUND = "54000";

  private final IntSupplier verdictsCached;
  private final IntSupplier shapesCached;
  private final LongAdder plannings = new LongAdder();
  private final LongAdder insertSelects = new LongAdder();
  private final LongAdder planningNanos = new LongAdder();
  private final AtomicLong planningNanosMax = new AtomicLong();
  private final LongAdder refusedBound = new LongAdder();
  private final LongAdder refusedUnsupported = new LongAdder();
  private final LongAdder refusedInvalid = new LongAdder();
  private volatile ObjectName objectName;
  private volatile MonitoredRewriters.Entry entry;

  RewriterFigures(IntSupplier verdictsCached, IntSupplier shapesCached) {
    this.verdictsCached = verdictsCached;
    this.shapesCached = shapesCached;
  }

  /** Whether a refusal depends on the moment (machine load) rather than on the text alone. */
  static boolean isPlanningBound(SQLException refusal) {
    return PLANNING_BOUND.equals(refusal.getSQLState());
  }

  void planned(long nanos) {
    plannings.increment();
    planningNanos.add(nanos);
    long max;
    while (nanos > (max = planningNanosMax.get()) && !planningNanosMax.compareAndSet(max, nanos)) {
      // another thread raised the maximum: compare again
    }
  }

  void insertSelectPlanned() {
    insertSelects.increment();
  }

  void refused(SQLException refusal) {
    if (isPlanningBound(refusal)) {
      refusedBound.increment();
    } else if (refusal instanceof SQLFeatureNotSupportedException) {
      refusedUnsupported.increment();
    } else {
      refusedInvalid.increment();
    }
  }

  /**
   * Registers these figures with {@link MonitoredRewriters} and on the platform MBeanServer; a second rewriter of the same
   * configuration and dialect gets {@code ,instance=N}. A refusal by JMX is logged, not thrown.
   */
  void register(String source, SqlDialect dialect) {
    entry = new MonitoredRewriters.Entry(source, dialect.name(), this);
    MonitoredRewriters.add(entry);
    String base = "io.seqproxy:type=Rewriter,source=" + ObjectName.quote(source) + ",dialect=" + dialect;
    try {
      for (int instance = 1; ; instance++) {
        try {
          objectName = ManagementFactory.getPlatformMBeanServer()
              .registerMBean(this, new ObjectName(instance == 1 ? base : base + ",instance=" + instance))
              .getObjectName();
          return;
        } catch (InstanceAlreadyExistsException e) {
          // Another rewriter of this configuration and dialect (a SeqProxyDataSource beside the driver).
        }
      }
    } catch (JMException | RuntimeException e) {
      log.warn("seqproxy rewriter for {}: could not register its MBean ({})", source, e.toString());
    }
  }

  /** The name registered, or null. */
  ObjectName objectName() {
    return objectName;
  }

  void unregister() {
    MonitoredRewriters.Entry added = entry;
    if (added != null) {
      MonitoredRewriters.remove(added);
    }
    ObjectName name = objectName;
    objectName = null;
    if (name != null) {
      try {
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
      } catch (JMException e) {
        log.debug("seqproxy rewriter MBean {} was already gone: {}", name, e.toString());
      }
    }
  }

  @Override
  public int getVerdictsCached() {
    return verdictsCached.getAsInt();
  }

  @Override
  public int getShapesCached() {
    return shapesCached.getAsInt();
  }

  @Override
  public long getPlannings() {
    return plannings.sum();
  }

  @Override
  public long getInsertSelectsPlanned() {
    return insertSelects.sum();
  }

  @Override
  public double getPlanningMillisTotal() {
    return planningNanos.sum() / 1e6;
  }

  @Override
  public double getPlanningMillisMax() {
    return planningNanosMax.get() / 1e6;
  }

  @Override
  public long getRefusedPlanningBound() {
    return refusedBound.sum();
  }

  @Override
  public long getRefusedUnsupported() {
    return refusedUnsupported.sum();
  }

  @Override
  public long getRefusedInvalid() {
    return refusedInvalid.sum();
  }
}
