package io.seqproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.seqproxy.jdbc.SeqProxyDataSource;
import io.seqproxy.sequence.snowflake.SnowflakeLayout;
import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** HikariCP in front of seqproxy, both ways: the driver class with a URL, and a wrapped pool. */
class PoolIT {

  @Nested
  class H2 extends Contract {
    H2() {
      super(Db.H2);
    }
  }

  @Nested
  class MariaDb extends Contract {
    MariaDb() {
      super(Db.MARIADB);
    }
  }

  @Nested
  class Postgres extends Contract {
    Postgres() {
      super(Db.POSTGRES);
    }
  }

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Contract {
    static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

    final Db db;
    final String driverTable = TestDatabases.uniqueName("it_pool_driver");
    final String wrappedTable = TestDatabases.uniqueName("it_pool_wrapped");
    final String eventTable = TestDatabases.uniqueName("it_pool_event");
    HikariDataSource driverPool;
    HikariDataSource realPool;
    SeqProxyDataSource wrapped;

    Contract(Db db) {
      this.db = db;
    }

    @BeforeAll
    void start() throws SQLException {
      TestDatabases.require(db);
      Schema.createNamedTables(db, driverTable, wrappedTable, eventTable);
      String config = ItConfig.write("pools.yaml", driverTable,
          Map.of("driver", driverTable, "wrapped", wrappedTable, "event", eventTable));
      driverPool = Pools.seqproxyDriver(db, config);
      realPool = Pools.realDriver(db);
      wrapped = new SeqProxyDataSource(realPool, config);
    }

    @AfterAll
    void stop() throws SQLException {
      if (driverPool != null) {
        driverPool.close();
      }
      if (realPool != null) {
        realPool.close();
      }
      Schema.drop(db, driverTable, wrappedTable, eventTable);
    }

    @Test
    void poolUsingTheDriverClassFillsIds() throws SQLException {
      assertEquals(List.of(1000L, 1001L, 1002L), insert(driverPool, driverTable, "a", "b", "c"));
      assertEquals(List.of(1003L), insert(driverPool, driverTable, "d"));
      assertEquals(List.of("1000:a", "1001:b", "1002:c", "1003:d"), Schema.rows(db, driverTable));
    }

    @Test
    void dataSourceWrappingThePoolFillsIds() throws SQLException {
      assertEquals(List.of(5000L, 5001L), insert(wrapped, wrappedTable, "a", "b"));
      assertEquals(List.of(5002L), insert(wrapped, wrappedTable, "c"));
      assertEquals(List.of("5000:a", "5001:b", "5002:c"), Schema.rows(db, wrappedTable));
    }

    @Test
    void snowflakeIdsCarryTheConfiguredWorker() throws SQLException {
      Instant before = Instant.now().minusMillis(1);
      List<Long> ids = insert(driverPool, eventTable, "a", "b", "c");
      Instant after = Instant.now().plusMillis(1);
      List<String> expectedRows = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        SnowflakeLayout.Decoded decoded = SnowflakeLayout.standard().decode(ids.get(i), EPOCH);
        assertEquals(7, decoded.workerId(), "worker of " + ids.get(i));
        assertTrue(!decoded.timestamp().isBefore(before.minus(Duration.ofMillis(1)))
            && !decoded.timestamp().isAfter(after), decoded.timestamp() + " not within the insert");
        if (i > 0) {
          assertTrue(ids.get(i) > ids.get(i - 1), "ascending in row order: " + ids);
        }
        expectedRows.add(ids.get(i) + ":" + "abc".charAt(i));
      }
      assertEquals(expectedRows, Schema.rows(db, eventTable));
    }

    /** One multi-row INSERT through the pool, returning the generated keys. */
    private static List<Long> insert(DataSource dataSource, String table, String... names) throws SQLException {
      StringBuilder sql = new StringBuilder("INSERT INTO " + table + " (name) VALUES ");
      for (int i = 0; i < names.length; i++) {
        sql.append(i == 0 ? "(?)" : ", (?)");
      }
      List<Long> ids = new ArrayList<>();
      try (Connection connection = dataSource.getConnection();
          PreparedStatement insert = connection.prepareStatement(sql.toString(), Statement.RETURN_GENERATED_KEYS)) {
        for (int i = 0; i < names.length; i++) {
          insert.setString(i + 1, names[i]);
        }
        assertEquals(names.length, insert.executeUpdate());
        try (ResultSet keys = insert.getGeneratedKeys()) {
          while (keys.next()) {
            ids.add(keys.getLong(1));
          }
        }
      }
      return ids;
    }
  }
}
