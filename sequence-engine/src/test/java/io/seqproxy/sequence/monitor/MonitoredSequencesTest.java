package io.seqproxy.sequence.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.sequence.range.MemoryRangeStore;
import io.seqproxy.sequence.range.RangeSequence;
import io.seqproxy.sequence.snowflake.SnowflakeLayout;
import io.seqproxy.sequence.snowflake.SnowflakeSequence;
import io.seqproxy.sequence.snowflake.WorkerLease;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class MonitoredSequencesTest {
  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

  @Test
  void sequencesAreReadThroughThePlatformMBeanServer() throws Exception {
    RangeSequence orders = RangeSequence.builder("mbean_orders", new MemoryRangeStore()).initialSize(100).build();
    SnowflakeSequence events = SnowflakeSequence.builder("mbean_events", SnowflakeLayout.standard())
        .lease(WorkerLease.fixed(17)).build();
    List<MonitoredSequences.Entry> entries = MonitoredSequences.register("test.yaml", List.of(orders, events));
    try {
      orders.next(42);
      events.next(5);
      ObjectName range = new ObjectName("io.seqproxy:type=Sequence,name=mbean_orders");
      ObjectName snowflake = new ObjectName("io.seqproxy:type=Sequence,name=mbean_events");
      assertEquals(range, entries.get(0).objectName());
      assertEquals(42L, server.getAttribute(range, "IdsIssued"));
      assertEquals(58L, server.getAttribute(range, "ValuesLeftCurrent"));
      assertEquals(100L, server.getAttribute(range, "RangeSize"));
      assertEquals(1L, server.getAttribute(range, "Reservations"));
      assertEquals("UP", server.getAttribute(range, "Status"));
      assertEquals("", server.getAttribute(range, "Reason"));
      assertEquals(5L, server.getAttribute(snowflake, "IdsIssued"));
      assertEquals(17L, server.getAttribute(snowflake, "WorkerId"));
      assertTrue((Double) server.getAttribute(snowflake, "SecondsUntilEndOfTime") > 40.0 * 365 * 86400);

      Set<String> rangeAttributes = Arrays.stream(server.getMBeanInfo(range).getAttributes())
          .map(MBeanAttributeInfo::getName).collect(Collectors.toSet());
      assertTrue(rangeAttributes.contains("SecondsUntilEmpty"));
      assertFalse(rangeAttributes.contains("WorkerId"), "a range sequence shows only its own figures");

      orders.close();
      assertEquals("DOWN", server.getAttribute(range, "Status"));
      assertEquals("the sequence is closed", server.getAttribute(range, "Reason"));
    } finally {
      MonitoredSequences.unregister(entries);
      events.close();
    }
    assertFalse(server.isRegistered(entries.get(0).objectName()));
    assertFalse(server.isRegistered(entries.get(1).objectName()));
  }

  @Test
  void aNameTakenByAnotherConfigurationGetsItsSource() throws Exception {
    RangeSequence a = RangeSequence.builder("mbean_twice", new MemoryRangeStore()).build();
    RangeSequence b = RangeSequence.builder("mbean_twice", new MemoryRangeStore()).build();
    List<MonitoredSequences.Entry> first = MonitoredSequences.register("a.yaml", List.of(a));
    List<MonitoredSequences.Entry> second = MonitoredSequences.register("b.yaml", List.of(b));
    try {
      assertEquals(new ObjectName("io.seqproxy:type=Sequence,name=mbean_twice"), first.get(0).objectName());
      assertEquals(new ObjectName("io.seqproxy:type=Sequence,name=mbean_twice,source=\"b.yaml\""),
          second.get(0).objectName());
    } finally {
      MonitoredSequences.unregister(first);
      MonitoredSequences.unregister(second);
    }
  }

  @Test
  void listenersHearOfSequencesRegisteredBeforeAndAfter() {
    RangeSequence before = RangeSequence.builder("listen_before", new MemoryRangeStore()).build();
    RangeSequence after = RangeSequence.builder("listen_after", new MemoryRangeStore()).build();
    List<String> heard = new ArrayList<>();
    MonitoredSequences.Listener listener = new MonitoredSequences.Listener() {
      @Override
      public void added(MonitoredSequences.Entry entry) {
        heard.add("+" + entry.sequence().name());
      }

      @Override
      public void removed(MonitoredSequences.Entry entry) {
        heard.add("-" + entry.sequence().name());
      }
    };
    List<MonitoredSequences.Entry> first = MonitoredSequences.register("listen.yaml", List.of(before));
    MonitoredSequences.addListener(listener);
    List<MonitoredSequences.Entry> second = MonitoredSequences.register("listen.yaml", List.of(after));
    MonitoredSequences.unregister(first);
    MonitoredSequences.removeListener(listener);
    MonitoredSequences.unregister(second);
    assertEquals(List.of("+listen_before", "+listen_after", "-listen_before"), heard);
  }
}
