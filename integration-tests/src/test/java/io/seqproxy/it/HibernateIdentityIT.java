package io.seqproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.seqproxy.sequence.snowflake.SnowflakeLayout;
import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hibernate 6 with {@code @GeneratedValue(strategy = IDENTITY)} on a plain BIGINT key: the INSERT
 * Hibernate writes leaves the ID out, seqproxy adds it, and Hibernate reads it back (through
 * getGeneratedKeys, or on PostgreSQL an {@code INSERT … RETURNING}) into the entity.
 */
class HibernateIdentityIT {

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

  @Entity
  @Table(name = "book")
  static class Book {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    String name;

    Book() {}

    Book(String name) {
      this.name = name;
    }
  }

  @Entity
  @Table(name = "page")
  static class Page {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    String name;

    Page() {}

    Page(String name) {
      this.name = name;
    }
  }

  @Entity
  @Table(name = "chapter")
  static class Chapter {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    String name;

    Chapter() {}

    Chapter(String name) {
      this.name = name;
    }
  }

  @Entity
  @Table(name = "event")
  static class Event {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    String name;

    Event() {}

    Event(String name) {
      this.name = name;
    }
  }

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Contract {
    final Db db;
    final String book = TestDatabases.uniqueName("it_hib_book");
    final String page = TestDatabases.uniqueName("it_hib_page");
    final String event = TestDatabases.uniqueName("it_hib_event");
    final String chapter = TestDatabases.uniqueName("it_hib_chapter");
    HikariDataSource pool;
    SessionFactory sessions;
    /** Reads the keys with {@code INSERT … RETURNING} instead of getGeneratedKeys. */
    SessionFactory returningSessions;

    Contract(Db db) {
      this.db = db;
    }

    @BeforeAll
    void start() throws SQLException {
      TestDatabases.require(db);
      Schema.createNamedTables(db, book, page, event, chapter);
      Map<String, String> tables = Map.of("book", book, "page", page, "event", event, "chapter", chapter);
      String config = ItConfig.write("hibernate.yaml", book, tables);
      pool = Pools.seqproxyDriver(db, config);
      sessions = HibernateSessions.build(db, pool, tables, 0, Book.class, Page.class, Event.class);
      returningSessions = HibernateSessions.build(db, pool, tables, 0,
          Map.of("hibernate.jdbc.use_get_generated_keys", "false"), Chapter.class);
    }

    @AfterAll
    void stop() throws SQLException {
      if (sessions != null) {
        sessions.close();
      }
      if (returningSessions != null) {
        returningSessions.close();
      }
      if (pool != null) {
        pool.close();
      }
      Schema.drop(db, book, page, event, chapter);
    }

    @Test
    void persistedEntityGetsTheSequencesId() throws SQLException {
      Book first = new Book("first");
      sessions.inTransaction(session -> session.persist(first));
      assertEquals(1000L, first.id);
      Book second = new Book("second");
      sessions.inTransaction(session -> session.persist(second));
      assertEquals(1001L, second.id);
      assertEquals(List.of("1000:first", "1001:second"), Schema.rows(db, book));
      assertEquals("second", sessions.fromTransaction(session -> session.find(Book.class, 1001L)).name);
    }

    @Test
    void manyEntitiesInOneTransactionGetIdsInPersistOrder() throws SQLException {
      List<Page> pages = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        pages.add(new Page("p" + i));
      }
      sessions.inTransaction(session -> pages.forEach(session::persist));
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        assertEquals(2000L + i, pages.get(i).id);
        expected.add((2000 + i) + ":p" + i);
      }
      assertEquals(expected, Schema.rows(db, page));
    }

    /**
     * Without getGeneratedKeys Hibernate reads the key back its dialect's other way: PostgreSQL
     * and MariaDB {@code INSERT … RETURNING id}; H2 {@code select id from final table (insert …)},
     * an INSERT inside a query, which seqproxy fills like a top-level one.
     */
    @Test
    void insertReturningFillsTheEntity() throws SQLException {
      List<Chapter> chapters = List.of(new Chapter("a"), new Chapter("b"));
      returningSessions.inTransaction(session -> chapters.forEach(session::persist));
      assertEquals(List.of(3000L, 3001L), List.of(chapters.get(0).id, chapters.get(1).id));
      assertEquals(List.of("3000:a", "3001:b"), Schema.rows(db, chapter));
    }

    @Test
    void snowflakeIdsReachTheEntity() throws SQLException {
      List<Event> events = List.of(new Event("a"), new Event("b"));
      sessions.inTransaction(session -> events.forEach(session::persist));
      Instant epoch = Instant.parse("2024-01-01T00:00:00Z");
      for (Event e : events) {
        assertEquals(7, SnowflakeLayout.standard().decode(e.id, epoch).workerId());
      }
      assertTrue(events.get(1).id > events.get(0).id);
      assertEquals(List.of(events.get(0).id + ":a", events.get(1).id + ":b"), Schema.rows(db, event));
    }
  }
}
