package io.seqproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** LAST_INSERT_ID() and next-value queries on plain and prepared statements of one connection. */
class SequenceFunctionsIT {

  @Nested
  class H2 extends Contract {
    H2() {
      super(Db.H2, "VALUES NEXT VALUE FOR counter");
    }
  }

  @Nested
  class MariaDb extends Contract {
    MariaDb() {
      super(Db.MARIADB, "SELECT NEXT VALUE FOR counter");
    }
  }

  @Nested
  class Postgres extends Contract {
    Postgres() {
      super(Db.POSTGRES, "SELECT nextval('counter')");
    }
  }

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Contract {
    final Db db;
    final String nextValue;
    final String item = TestDatabases.uniqueName("it_fn_item");
    Properties properties;

    Contract(Db db, String nextValue) {
      this.db = db;
      this.nextValue = nextValue;
    }

    @BeforeAll
    void start() throws SQLException {
      TestDatabases.require(db);
      Schema.createNamedTables(db, item);
      properties = db.credentials();
      properties.setProperty("seqproxy.config", ItConfig.write("functions.yaml", item, Map.of("item", item)));
    }

    @AfterAll
    void stop() throws SQLException {
      Schema.drop(db, item);
    }

    @Test
    void lastInsertIdIsTheFirstIdOfTheLastInsert() throws SQLException {
      try (Connection connection = DriverManager.getConnection(db.proxiedUrl(), properties);
          Statement statement = connection.createStatement()) {
        statement.executeUpdate("INSERT INTO " + item + " (name) VALUES ('a'), ('b'), ('c')");
        assertEquals(1000L, single(statement.executeQuery("SELECT LAST_INSERT_ID()")));
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + item + " (name) VALUES (?)")) {
          insert.setString(1, "d");
          insert.executeUpdate();
        }
        assertTrue(statement.execute("select last_insert_id() as id"));
        assertEquals(-1, statement.getUpdateCount());
        assertEquals(1003L, single(statement.getResultSet()));
        assertFalse(statement.getMoreResults());
        try (PreparedStatement select = connection.prepareStatement("SELECT LAST_INSERT_ID()")) {
          assertEquals(1003L, single(select.executeQuery()));
        }
      }
    }

    @Test
    void nextValueOfASeqproxySequenceIsAnsweredByTheEngine() throws SQLException {
      try (Connection connection = DriverManager.getConnection(db.proxiedUrl(), properties)) {
        try (Statement statement = connection.createStatement()) {
          assertEquals(9000L, single(statement.executeQuery(nextValue)));
        }
        try (PreparedStatement select = connection.prepareStatement(nextValue)) {
          assertEquals(9001L, single(select.executeQuery()));
          assertTrue(select.execute());
          assertEquals(9002L, single(select.getResultSet()));
        }
      }
    }

    private static long single(ResultSet result) throws SQLException {
      try (result) {
        assertTrue(result.next());
        long value = result.getLong(1);
        assertFalse(result.next());
        return value;
      }
    }
  }
}
