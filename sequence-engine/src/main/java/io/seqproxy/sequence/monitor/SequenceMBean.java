package io.seqproxy.sequence.monitor;

import io.seqproxy.sequence.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanOperationInfo;

/**
 * A sequence seen through JMX: its name, health ({@code Status}, {@code Reason}) and every figure
 * of {@link SequenceMetric} it reports, read-only and read afresh on every access. Dynamic, so
 * the range and the Snowflake engines each show only their own attributes, with no dependency.
 */
final class SequenceMBean implements DynamicMBean {
  private final Sequence sequence;
  private final List<SequenceMetric> metrics;
  private final MBeanInfo info;

  SequenceMBean(Sequence sequence) {
    this.sequence = sequence;
    this.metrics = List.copyOf(sequence.metrics().keySet());
    List<MBeanAttributeInfo> attributes = new ArrayList<>();
    attributes.add(new MBeanAttributeInfo("Name", "java.lang.String", "the sequence's name", true, false, false));
    attributes.add(new MBeanAttributeInfo("Status", "java.lang.String",
        "UP when the next value can be issued, DOWN when it cannot", true, false, false));
    attributes.add(new MBeanAttributeInfo("Reason", "java.lang.String",
        "why the sequence is DOWN; empty while UP", true, false, false));
    for (SequenceMetric metric : metrics) {
      attributes.add(new MBeanAttributeInfo(metric.attribute(),
          metric.integral() ? "java.lang.Long" : "java.lang.Double", metric.description(), true, false, false));
    }
    this.info = new MBeanInfo(SequenceMBean.class.getName(), "seqproxy sequence " + sequence.name(),
        attributes.toArray(MBeanAttributeInfo[]::new), null, new MBeanOperationInfo[0],
        new MBeanNotificationInfo[0]);
  }

  @Override
  public Object getAttribute(String attribute) throws AttributeNotFoundException {
    switch (attribute) {
      case "Name":
        return sequence.name();
      case "Status":
        return sequence.health().status();
      case "Reason":
        String reason = sequence.health().reason();
        return reason == null ? "" : reason;
      default:
        for (SequenceMetric metric : metrics) {
          if (metric.attribute().equals(attribute)) {
            return value(metric, sequence.metrics());
          }
        }
        throw new AttributeNotFoundException("sequence " + sequence.name() + " has no attribute " + attribute);
    }
  }

  private static Object value(SequenceMetric metric, Map<SequenceMetric, Number> values) {
    Number value = values.get(metric);
    return metric.integral() ? (Object) value.longValue() : (Object) value.doubleValue();
  }

  @Override
  public AttributeList getAttributes(String[] attributes) {
    AttributeList list = new AttributeList();
    Map<SequenceMetric, Number> values = sequence.metrics();
    for (String name : attributes) {
      SequenceMetric metric = metrics.stream().filter(m -> m.attribute().equals(name)).findFirst().orElse(null);
      try {
        list.add(new Attribute(name, metric != null ? value(metric, values) : getAttribute(name)));
      } catch (AttributeNotFoundException e) {
        // Left out, as the JMX contract says for attributes that cannot be read.
      }
    }
    return list;
  }

  @Override
  public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
    throw new AttributeNotFoundException("the attributes of sequence " + sequence.name() + " are read-only");
  }

  @Override
  public AttributeList setAttributes(AttributeList attributes) {
    return new AttributeList();
  }

  @Override
  public Object invoke(String actionName, Object[] params, String[] signature) {
    throw new UnsupportedOperationException("sequence MBeans have no operations");
  }

  @Override
  public MBeanInfo getMBeanInfo() {
    return info;
  }
}
