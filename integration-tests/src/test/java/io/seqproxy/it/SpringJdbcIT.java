package io.seqproxy.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.SimpleJdbcInsert;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * Spring JDBC over a HikariCP pool of {@code jdbc:seqproxy:} connections: {@code KeyHolder} for
 * one row and for a batch, and {@code SimpleJdbcInsert.executeAndReturnKey}.
 */
class SpringJdbcIT {

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
    final Db db;
    final String single = TestDatabases.uniqueName("it_spring_single");
    final String batch = TestDatabases.uniqueName("it_spring_batch");
    final String simple = TestDatabases.uniqueName("it_spring_simple");
    HikariDataSource pool;
    JdbcTemplate jdbc;

    Contract(Db db) {
      this.db = db;
    }

    @BeforeAll
    void start() throws SQLException {
      TestDatabases.require(db);
      Schema.createNamedTables(db, single, batch, simple);
      String config = ItConfig.write("spring.yaml", single, Map.of("single", single, "batch", batch, "simple", simple));
      pool = Pools.seqproxyDriver(db, config);
      jdbc = new JdbcTemplate(pool);
    }

    @AfterAll
    void stop() throws SQLException {
      if (pool != null) {
        pool.close();
      }
      Schema.drop(db, single, batch, simple);
    }

    @Test
    void keyHolderGetsTheId() throws SQLException {
      for (String name : List.of("a", "b")) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(connection -> {
          PreparedStatement insert = connection.prepareStatement("INSERT INTO " + single + " (name) VALUES (?)",
              new String[] {"id"});
          insert.setString(1, name);
          return insert;
        }, keys);
        assertEquals(name.equals("a") ? 1000L : 1001L, keys.getKey().longValue());
      }
      assertEquals(List.of("1000:a", "1001:b"), Schema.rows(db, single));
    }

    @Test
    void batchUpdateWithKeyHolderGetsOneIdPerRow() throws SQLException {
      List<String> names = List.of("x", "y", "z");
      KeyHolder keys = new GeneratedKeyHolder();
      int[] counts = jdbc.batchUpdate(
          connection -> connection.prepareStatement("INSERT INTO " + batch + " (name) VALUES (?)", new String[] {"id"}),
          new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement insert, int i) throws SQLException {
              insert.setString(1, names.get(i));
            }

            @Override
            public int getBatchSize() {
              return names.size();
            }
          },
          keys);
      assertEquals(3, counts.length);
      List<Long> ids = keys.getKeyList().stream().map(row -> ((Number) row.get("id")).longValue()).toList();
      assertEquals(List.of(2000L, 2001L, 2002L), ids);
      assertEquals(List.of("2000:x", "2001:y", "2002:z"), Schema.rows(db, batch));
    }

    @Test
    void simpleJdbcInsertReturnsTheKey() throws SQLException {
      SimpleJdbcInsert insert = new SimpleJdbcInsert(jdbc).withTableName(simple).usingGeneratedKeyColumns("id");
      Number first = insert.executeAndReturnKey(Map.of("name", "s1"));
      Number second = insert.executeAndReturnKey(Map.of("name", "s2"));
      assertArrayEquals(new long[] {3000L, 3001L}, new long[] {first.longValue(), second.longValue()});
      assertEquals(List.of("3000:s1", "3001:s2"), Schema.rows(db, simple));
    }
  }
}
