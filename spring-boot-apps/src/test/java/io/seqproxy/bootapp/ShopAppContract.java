package io.seqproxy.bootapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.sequence.snowflake.SnowflakeLayout;
import io.seqproxy.testing.TestDatabases;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The shop application on one database, with the ZooKeeper store of its {@code order_id} in a
 * curator-test server of the test's own: IDs, health, metrics and MBeans as an operator sees
 * them. One Spring context per database (closed after its class, so the next database's
 * sequences are the only ones running); the same source runs on Spring Boot 3.5 and 4.0.
 */
@SpringBootTest(classes = ShopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ShopAppContract {
  private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
  private static TestingServer zookeeper;
  private static Path config;

  @Autowired
  Orders orders;

  @Autowired
  Events events;

  @Value("${local.server.port}")
  int port;

  private final HttpClient http = HttpClient.newHttpClient();

  /**
   * Prepares the database's tables and the test's ZooKeeper, and points the application at
   * them: the database by the ordinary {@code spring.datasource.*} properties, seqproxy by
   * {@code seqproxy.config}.
   */
  static void configure(DynamicPropertyRegistry registry, TestDatabases.Db db, String bigint) throws Exception {
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS boot_orders");
      s.execute("DROP TABLE IF EXISTS boot_events");
      s.execute("CREATE TABLE boot_orders (id " + bigint + " PRIMARY KEY, item VARCHAR(100))");
      s.execute("CREATE TABLE boot_events (id " + bigint + " PRIMARY KEY, kind VARCHAR(100))");
    }
    zookeeper = new TestingServer();
    config = Files.createTempFile("seqproxy-shop", ".yaml");
    String yaml = new String(ShopAppContract.class.getResourceAsStream("/seqproxy.yaml").readAllBytes())
        .replace("${SEQPROXY_ZOOKEEPER:-127.0.0.1:2181}", zookeeper.getConnectString()
            + "\n    connection-timeout: 2s\n    session-timeout: 4s");
    Files.writeString(config, yaml);
    registry.add("spring.datasource.url", db::urlWithoutCredentials);
    registry.add("spring.datasource.username", db::user);
    registry.add("spring.datasource.password", db::password);
    registry.add("seqproxy.config", config::toString);
    // @SpringBootTest turns metrics export off unless asked; the scrape is part of what is tested.
    registry.add("management.prometheus.metrics.export.enabled", () -> "true");
  }

  @AfterAll
  static void stopZooKeeper() throws IOException {
    if (zookeeper != null) {
      zookeeper.close();
      zookeeper = null;
    }
    if (config != null) {
      Files.deleteIfExists(config);
    }
  }

  @Test
  @Order(1)
  void jpaEntitiesGetSeqProxysIds() {
    List<Long> ids = List.of(orders.save(new ShopOrder("tea")).getId(), orders.save(new ShopOrder("cake")).getId(),
        orders.save(new ShopOrder("jam")).getId());
    assertEquals(List.of(1_000_000L, 1_000_001L, 1_000_002L), ids, "order_id starts at 1000000");
    assertEquals(3, orders.count());

    Instant before = Instant.now().minusSeconds(1);
    long eventId = events.save(new Event("paid")).getId();
    SnowflakeLayout.Decoded decoded = SnowflakeLayout.standard().decode(eventId, EPOCH);
    assertEquals(5, decoded.workerId(), "worker-id 5 of the YAML");
    assertTrue(!decoded.timestamp().isBefore(before) && !decoded.timestamp().isAfter(Instant.now()),
        decoded.timestamp().toString());
  }

  @Test
  @Order(2)
  void healthAndMetricsShowEachSequence() throws Exception {
    String health = get("/actuator/health/seqproxy/order_id");
    assertTrue(health.contains("\"status\":\"UP\""), health);
    assertTrue(health.contains("\"valuesLeftCurrent\":7"), health);
    assertTrue(health.contains("\"rangeSize\":10"), health);
    String snowflake = get("/actuator/health/seqproxy/event_id");
    assertTrue(snowflake.contains("\"leaseState\":\"valid\"") && snowflake.contains("\"workerId\":5"), snowflake);

    String issued = get("/actuator/metrics/seqproxy.ids.issued?tag=sequence:order_id");
    assertEquals(3.0, measurement(issued), issued);
    assertEquals(1.0, measurement(get("/actuator/metrics/seqproxy.ids.issued?tag=sequence:event_id")));
    assertEquals(1.0, measurement(get("/actuator/metrics/seqproxy.range.reservations?tag=sequence:order_id")));

    String scrape = get("/actuator/prometheus");
    assertEquals(3.0, sample(scrape, "seqproxy_ids_issued_total", "sequence=\"order_id\""), scrape);
    assertEquals(1.0, sample(scrape, "seqproxy_ids_issued_total", "sequence=\"event_id\""));
    assertEquals(7.0, sample(scrape, "seqproxy_range_values_left", "range=\"current\",sequence=\"order_id\""));
    assertEquals(0.0, sample(scrape, "seqproxy_range_values_left", "range=\"prefetched\",sequence=\"order_id\""));
    assertEquals(10.0, sample(scrape, "seqproxy_range_size", "sequence=\"order_id\""));
    assertEquals(1.0, sample(scrape, "seqproxy_range_reservations_total", "sequence=\"order_id\""));
    assertEquals(5.0, sample(scrape, "seqproxy_snowflake_worker_id", "sequence=\"event_id\""));
    assertEquals(1.0, sample(scrape, "seqproxy_snowflake_lease_valid", "sequence=\"event_id\""));
    assertEquals(0.0, sample(scrape, "seqproxy_failures_total", "kind=\"unavailable\",sequence=\"order_id\""));
    double yearsLeft = sample(scrape, "seqproxy_snowflake_layout_time_left_seconds", "sequence=\"event_id\"")
        / (365.25 * 86400);
    assertTrue(yearsLeft > 60 && yearsLeft < 69.7, "the standard layout from 2024 lasts 69.7 years: " + yearsLeft);

    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName orderId = new ObjectName("io.seqproxy:type=Sequence,name=order_id");
    assertEquals(3L, server.getAttribute(orderId, "IdsIssued"));
    assertEquals("UP", server.getAttribute(orderId, "Status"));
    assertEquals(5L, server.getAttribute(new ObjectName("io.seqproxy:type=Sequence,name=event_id"), "WorkerId"));
  }

  @Test
  @Order(3)
  void healthIsDownWithTheReasonWhileTheStoreIsGoneAndUpWhenItReturns() throws Exception {
    zookeeper.stop();
    for (int i = 0; i < 7; i++) {
      orders.save(new ShopOrder("reserved " + i)); // 1000003 .. 1000009: reserved before the store went away
    }
    RuntimeException refused = assertThrows(RuntimeException.class, () -> orders.save(new ShopOrder("one too many")));
    assertTrue(causes(refused).contains("no reserved values are left"), causes(refused));

    String down = awaitHealth(body -> body.contains("\"status\":\"DOWN\""));
    assertTrue(down.contains("no reserved values are left"), down);
    assertTrue(down.contains("\"valuesLeftCurrent\":0"), down);
    assertEquals(503, send("/actuator/health").statusCode(), "the application as a whole is DOWN");
    assertEquals(1.0, sample(get("/actuator/prometheus"), "seqproxy_failures_total",
        "kind=\"unavailable\",sequence=\"order_id\""));

    zookeeper.restart();
    awaitHealth(body -> body.contains("\"status\":\"UP\""));
    long next = orders.save(new ShopOrder("after the outage")).getId();
    assertTrue(next >= 1_000_010L, "past everything reserved before: " + next);
    assertEquals(11, orders.count());
  }

  private String awaitHealth(Predicate<String> wanted) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    String body;
    while (!wanted.test(body = get("/actuator/health/seqproxy/order_id"))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("health never changed as expected: " + body);
      }
      Thread.sleep(200); // polling interval of a bounded wait, not an assertion
    }
    return body;
  }

  private HttpResponse<String> send(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String get(String path) throws Exception {
    HttpResponse<String> response = send(path);
    // Health answers 503 while DOWN; everything else must be 200.
    int expected = response.statusCode() == 503 && path.startsWith("/actuator/health") ? 503 : 200;
    assertEquals(expected, response.statusCode(), () -> path + " answered " + response.statusCode() + ": "
        + response.body());
    return response.body();
  }

  /** The value of {@code /actuator/metrics/…}'s single measurement. */
  private static double measurement(String body) {
    Matcher m = Pattern.compile("\"measurements\":\\[\\{\"statistic\":\"\\w+\",\"value\":([-0-9.E]+)\\}\\]")
        .matcher(body);
    assertTrue(m.find(), body);
    return Double.parseDouble(m.group(1));
  }

  /** The value of one sample in Prometheus' text format, found by name and exact labels. */
  private static double sample(String scrape, String name, String labels) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)$").matcher(scrape);
    assertTrue(m.find(), () -> name + "{" + labels + "} not in the scrape; its seqproxy lines:\n"
        + scrape.lines().filter(l -> l.startsWith("seqproxy")).collect(java.util.stream.Collectors.joining("\n")));
    return Double.parseDouble(m.group(1));
  }

  private static String causes(Throwable t) {
    StringBuilder all = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      all.append(c.getMessage()).append(" / ");
    }
    return all.toString();
  }
}
