package io.seqproxy.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.seqproxy.jdbc.config.SeqProxyConfig;
import io.seqproxy.sequence.monitor.MonitoredSequences;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * Data sources on one {@link SharedEngine} take their IDs from one engine, whichever database
 * each wraps, and the engine lives until the last of them is closed. On two H2 databases in
 * memory, with a range in the memory store and a Snowflake sequence of a fixed worker id: the two
 * configurations whose values two engines would each issue again.
 */
class SharedEngineTest {
  private static final String YAML = """
      sequences:
        item_id:
          type: segment
          store: memory
          start: 500
        event_id:
          type: snowflake
          worker-id: 7
      tables:
        items:
          id: item_id
        events:
          id: event_id
      """;

  private static DataSource h2(String name) throws SQLException {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(20))");
      s.execute("CREATE TABLE events (id BIGINT PRIMARY KEY, name VARCHAR(20))");
    }
    return h2;
  }

  private static long insert(DataSource dataSource, String table) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO " + table + " (name) VALUES ('x')", Statement.RETURN_GENERATED_KEYS);
      try (ResultSet keys = s.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  private static long registered(String sequence) {
    return MonitoredSequences.all().stream().filter(e -> e.sequence().name().equals(sequence)).count();
  }

  @Test
  void dataSourcesOnOneSharedEngineNeverIssueAnIdTwice() throws Exception {
    long before = registered("item_id"); // other tests' engines may stay open in this JVM
    SharedEngine shared = new SharedEngine(SeqProxyConfig.parse(YAML, "shared.yaml"));
    SeqProxyDataSource first = new SeqProxyDataSource(h2("shared_first"), shared);
    SeqProxyDataSource second = new SeqProxyDataSource(h2("shared_second"), shared);
    assertNull(shared.engine(), "opened by the first connection, not before");

    assertEquals(List.of(500L, 501L, 502L), List.of(insert(first, "items"), insert(second, "items"), insert(first, "items")));
    long event = insert(first, "events");
    long other = insert(second, "events");
    assertEquals(1, Long.compare(other, event), "one Snowflake generator: later, never equal");
    assertEquals(before + 1, registered("item_id"), "one engine's sequences, registered once");
    Engine engine = shared.engine();
    assertNotNull(engine);

    first.close();
    assertSame(engine, shared.engine(), "the second data source still uses it");
    assertEquals(503L, insert(second, "items"));
    SQLException closed = assertThrows(SQLException.class, () -> insert(first, "items"));
    assertEquals("08003", closed.getSQLState());
    first.close(); // again: leaves only once

    second.close();
    assertNull(shared.engine(), "the last to leave closes it");
    assertEquals(before, registered("item_id"));
  }
}
