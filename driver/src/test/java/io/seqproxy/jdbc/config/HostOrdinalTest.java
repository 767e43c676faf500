package io.seqproxy.jdbc.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HostOrdinalTest {

  @Test
  void aStatefulSetPodsOrdinalIsItsWorkerId() {
    assertEquals(3, HostOrdinal.ordinal("orders-3", 1023, 10));
    assertEquals(0, HostOrdinal.ordinal("order-service-0", 1023, 10));
    assertEquals(12, HostOrdinal.ordinal("orders-12.orders.shop.svc.cluster.local", 1023, 10));
    assertEquals(31, HostOrdinal.ordinal("web-31", 31, 5));
  }

  @Test
  void aHostNameWithoutAnOrdinalIsRefusedSayingWhatToChange() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HostOrdinal.ordinal("build-box", 1023, 10));
    assertEquals("worker-id: ordinal takes the number at the end of the host name, as a StatefulSet pod is named"
        + " (orders-3 -> 3), but the host name is 'build-box'; set HOSTNAME, or use worker-id: auto or a number",
        e.getMessage());
  }

  @Test
  void anOrdinalOutsideTheLayoutIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HostOrdinal.ordinal("web-32", 31, 5));
    assertEquals("worker-id: ordinal: the host name 'web-32' gives ordinal 32, outside the layout's 0..31"
        + " (5 worker bits); give the layout more worker bits or the StatefulSet fewer replicas", e.getMessage());
  }
}
