package io.seqproxy.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seqproxy.jdbc.SeqProxyDataSource;
import io.seqproxy.jdbc.config.SeqProxyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rewriter's figures as Micrometer meters, for a rewriter built after the binder was bound. */
class RewriterMetersTest {
  @TempDir Path dir;

  @Test
  void aRewriterBuiltLaterIsPublishedWithItsFiguresAndRemovedWithItsEngine() throws Exception {
    Path config = Files.writeString(dir.resolve("meters.yaml"),
        "sequences:\n  order_id: {store: memory, start: 1}\ntables:\n  meter_orders: {id: order_id}\n");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (RewriterMeters meters = new RewriterMeters()) {
      meters.bindTo(registry);
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:rewriter_meters;DB_CLOSE_DELAY=-1");
      h2.setUser("sa");
      SeqProxyConfig loaded = SeqProxyConfig.load(config.toString());
      SeqProxyDataSource proxied = new SeqProxyDataSource(h2, loaded);
      try (Connection c = proxied.getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE meter_orders (id BIGINT PRIMARY KEY, name VARCHAR(20))");
        s.executeUpdate("INSERT INTO meter_orders (name) VALUES ('a')");
        s.executeUpdate("INSERT INTO meter_orders (name) VALUES ('a')");
        s.executeUpdate("INSERT INTO meter_orders (name) SELECT name FROM meter_orders");
        assertThrows(SQLFeatureNotSupportedException.class,
            () -> s.executeUpdate("INSERT INTO meter_orders (name) SELECT name FROM meter_orders RETURNING id"));
        Tags tags = Tags.of("source", loaded.source(), "dialect", "STANDARD");
        assertEquals(3.0, registry.get("seqproxy.rewriter.plannings").tags(tags).functionCounter().count());
        assertEquals(1.0, registry.get("seqproxy.rewriter.insert.selects").tags(tags).functionCounter().count());
        assertEquals(1.0, registry.get("seqproxy.rewriter.refusals").tags(tags).tag("reason", "unsupported")
            .functionCounter().count());
        assertEquals(0.0, registry.get("seqproxy.rewriter.refusals").tags(tags).tag("reason", "planning-bound")
            .functionCounter().count());
        assertEquals(1.0, registry.get("seqproxy.rewriter.shapes.cached").tags(tags).gauge().value());
      }
      proxied.close(); // closes the engine it built, and with it the rewriter
      assertNull(registry.find("seqproxy.rewriter.plannings").tag("source", loaded.source()).functionCounter());
    }
  }
}
