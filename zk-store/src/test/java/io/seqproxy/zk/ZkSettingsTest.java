package io.seqproxy.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZkSettingsTest {

  private static Map<String, Object> with(Object... keyValues) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("connect", "127.0.0.1:2181");
    for (int i = 0; i < keyValues.length; i += 2) {
      settings.put((String) keyValues[i], keyValues[i + 1]);
    }
    return settings;
  }

  private static String error(Map<String, Object> settings) {
    return assertThrows(IllegalArgumentException.class, () -> ZkSettings.parse(settings))
        .getMessage();
  }

  @Test
  void defaultsApplyWhenOnlyConnectIsGiven() {
    ZkSettings s = ZkSettings.parse(with());
    assertEquals("127.0.0.1:2181", s.connect());
    assertEquals("/seqproxy", s.root());
    assertEquals(Duration.ofSeconds(30), s.sessionTimeout());
    assertEquals(Duration.ofSeconds(10), s.connectionTimeout());
    assertEquals(Duration.ofMillis(100), s.retryBaseSleep());
    assertEquals(3, s.retryMaxRetries());
    assertNull(s.auth());
    assertEquals(Duration.ofSeconds(10), s.workerLease());
  }

  @Test
  void durationsAcceptUnitsIsoAndBareMillis() {
    assertEquals(Duration.ofMillis(500), ZkSettings.parseDuration("k", "500ms"));
    assertEquals(Duration.ofSeconds(30), ZkSettings.parseDuration("k", "30s"));
    assertEquals(Duration.ofMinutes(2), ZkSettings.parseDuration("k", "2m"));
    assertEquals(Duration.ofHours(1), ZkSettings.parseDuration("k", "1h"));
    assertEquals(Duration.ofSeconds(30), ZkSettings.parseDuration("k", "PT30S"));
    assertEquals(Duration.ofMillis(1500), ZkSettings.parseDuration("k", 1500));
    assertEquals(Duration.ofMillis(250), ZkSettings.parseDuration("k", "250"));
  }

  @Test
  void badDurationsNameTheKeyAndTheExpectedForm() {
    String message = error(with("session-timeout", "soon"));
    assertTrue(message.contains("stores.zookeeper.session-timeout"), message);
    assertTrue(message.contains("30s"), message);
    assertTrue(error(with("connection-timeout", -5)).contains("connection-timeout"));
    assertTrue(error(with("worker-lease", "PT-1S")).contains("worker-lease"));
    assertTrue(error(with("worker-lease", "0s")).contains("longer than zero"));
  }

  @Test
  void retryIsTextOrAMap() {
    ZkSettings text = ZkSettings.parse(with("retry", "250ms/5"));
    assertEquals(Duration.ofMillis(250), text.retryBaseSleep());
    assertEquals(5, text.retryMaxRetries());
    ZkSettings map = ZkSettings.parse(with("retry", Map.of("base-sleep", "1s", "max-retries", 7)));
    assertEquals(Duration.ofSeconds(1), map.retryBaseSleep());
    assertEquals(7, map.retryMaxRetries());
    assertTrue(error(with("retry", "often")).contains("stores.zookeeper.retry"));
    assertTrue(error(with("retry", Map.of("tries", 3))).contains("retry.tries"));
    assertTrue(error(with("retry", "100ms/99")).contains("0 to 29"));
  }

  @Test
  void connectIsRequiredAndUnknownKeysAreRejected() {
    Map<String, Object> none = with();
    none.remove("connect");
    assertTrue(error(none).contains("stores.zookeeper.connect is required"));
    String unknown = error(with("hosts", "x"));
    assertTrue(unknown.contains("stores.zookeeper.hosts"), unknown);
    assertTrue(unknown.contains("session-timeout"), unknown);
  }

  @Test
  void rootMustBeAnAbsolutePathOfItsOwn() {
    assertTrue(error(with("root", "seqproxy")).contains("stores.zookeeper.root"));
    assertTrue(error(with("root", "/seqproxy/")).contains("stores.zookeeper.root"));
    assertTrue(error(with("root", "/")).contains("stores.zookeeper.root"));
    assertEquals("/a/b", ZkSettings.parse(with("root", "/a/b")).root());
  }

  @Test
  void thePasswordIsNeverShown() {
    ZkSettings s = ZkSettings.parse(with("auth", "seqproxy:t0ps3cret"));
    assertEquals("seqproxy", s.authUser());
    assertFalse(s.toString().contains("t0ps3cret"), s.toString());
    String message = error(with("auth", "t0ps3cret"));
    assertTrue(message.contains("stores.zookeeper.auth"), message);
    assertFalse(message.contains("t0ps3cret"), message);
  }
}
