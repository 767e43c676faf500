package io.seqproxy.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.zaxxer.hikari.HikariDataSource;
import io.seqproxy.jdbc.SeqProxyDataSource;
import io.seqproxy.sequence.monitor.MonitoredSequences;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

/** Both ways into seqproxy from a Spring Boot application, on an embedded H2. */
class StarterTest {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}

  private static ConfigurableApplicationContext run(String... properties) {
    return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).properties(properties).run();
  }

  private static long insertAndReadId(ConfigurableApplicationContext context) {
    JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
    jdbc.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(20))");
    jdbc.update("INSERT INTO items (name) VALUES ('tea')");
    return jdbc.queryForObject("SELECT id FROM items", Long.class);
  }

  @Test
  void theOrdinaryUrlsDataSourceIsWrappedWhenSeqproxyConfigIsSet() {
    try (ConfigurableApplicationContext context = run("spring.datasource.url=jdbc:h2:mem:wrapped",
        "seqproxy.config=classpath:starter-test.yaml")) {
      DataSource dataSource = context.getBean(DataSource.class);
      assertInstanceOf(SeqProxyDataSource.class, dataSource);
      assertEquals(500L, insertAndReadId(context));
      assertEquals(1, ((SeqProxyDataSource) dataSource).health().size());
      assertEquals("UP", ((SeqProxyDataSource) dataSource).health().get("item_id").status());
    }
  }

  @Test
  void aSeqproxyUrlGetsTheDriverClassInsteadOfTheWrappedDatabases() {
    try (ConfigurableApplicationContext context = run("spring.datasource.url=jdbc:seqproxy:h2:mem:byurl",
        "seqproxy.config=classpath:starter-test.yaml")) {
      assertEquals(SeqProxyEnvironment.DRIVER, context.getEnvironment().getProperty("spring.datasource.driver-class-name"));
      HikariDataSource pool = assertInstanceOf(HikariDataSource.class, context.getBean(DataSource.class),
          "a pool on a jdbc:seqproxy: URL is not wrapped again");
      assertEquals("classpath:starter-test.yaml", pool.getDataSourceProperties().getProperty("seqproxy.config"));
      assertEquals(500L, insertAndReadId(context));
    }
  }

  /** An application with two databases of its own: both pools are beans. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class TwoDatabases {
    @Bean
    @Primary
    DataSource orders() {
      return pool("jdbc:h2:mem:starter_orders");
    }

    @Bean
    DataSource archive() {
      return pool("jdbc:h2:mem:starter_archive");
    }

    private static HikariDataSource pool(String url) {
      HikariDataSource pool = new HikariDataSource();
      pool.setJdbcUrl(url);
      pool.setMaximumPoolSize(2);
      return pool;
    }
  }

  @Test
  void everyWrappedDataSourceOfTheContextTakesItsIdsFromOneEngine() {
    // The driver's engines of other tests stay open (they are the JVM's, for its whole life).
    long before = registered("item_id");
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TwoDatabases.class)
        .web(WebApplicationType.NONE).properties("seqproxy.config=classpath:starter-test.yaml").run()) {
      JdbcTemplate orders = new JdbcTemplate(assertInstanceOf(SeqProxyDataSource.class, context.getBean("orders")));
      JdbcTemplate archive = new JdbcTemplate(assertInstanceOf(SeqProxyDataSource.class, context.getBean("archive")));
      for (JdbcTemplate jdbc : List.of(orders, archive)) {
        jdbc.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(20))");
      }
      orders.update("INSERT INTO items (name) VALUES ('tea')");
      archive.update("INSERT INTO items (name) VALUES ('cup')");
      orders.update("INSERT INTO items (name) VALUES ('pot')");
      assertEquals(List.of(500L, 502L), orders.queryForList("SELECT id FROM items ORDER BY id", Long.class));
      assertEquals(List.of(501L), archive.queryForList("SELECT id FROM items", Long.class));
      assertEquals(before + 1, registered("item_id"), "one engine's sequence, registered once");
    }
    assertEquals(before, registered("item_id"), "closed with the context");
  }

  private static long registered(String sequence) {
    return MonitoredSequences.all().stream().filter(e -> e.sequence().name().equals(sequence)).count();
  }

  @Test
  void withoutTheConfigurationPropertyNothingIsWrapped() {
    try (ConfigurableApplicationContext context = run("spring.datasource.url=jdbc:h2:mem:plain")) {
      assertInstanceOf(HikariDataSource.class, context.getBean(DataSource.class));
    }
  }
}
