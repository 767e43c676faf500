package io.seqproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hibernate's {@code GenerationType.SEQUENCE} with {@code allocationSize = 1} naming a seqproxy
 * sequence: seqproxy answers the dialect's next-value query ({@code select next value for …} on
 * H2 and MariaDB, {@code select nextval('…')} on PostgreSQL) from its engine, and Hibernate keeps
 * batching the INSERTs. A sequence seqproxy does not configure is still the database's.
 */
class HibernateSequenceIT {
  static final int BATCH_SIZE = 10;

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
  @Table(name = "ticket")
  static class Ticket {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "ticket")
    @SequenceGenerator(name = "ticket", sequenceName = "ticket_id", allocationSize = 1)
    Long id;

    String name;

    Ticket() {}

    Ticket(String name) {
      this.name = name;
    }
  }

  /** Its sequence is a real one of the database, which seqproxy does not configure. */
  @Entity
  @Table(name = "receipt")
  static class Receipt {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "receipt")
    @SequenceGenerator(name = "receipt", sequenceName = "receipt_seq", allocationSize = 1)
    Long id;

    String name;

    Receipt() {}

    Receipt(String name) {
      this.name = name;
    }
  }

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Contract {
    final Db db;
    final String ticket = TestDatabases.uniqueName("it_hibseq_ticket");
    final String receipt = TestDatabases.uniqueName("it_hibseq_receipt");
    final String receiptSequence = TestDatabases.uniqueName("it_hibseq_receipt_seq");
    HikariDataSource pool;
    SessionFactory sessions;

    Contract(Db db) {
      this.db = db;
    }

    @BeforeAll
    void start() throws SQLException {
      TestDatabases.require(db);
      Schema.createNamedTables(db, ticket, receipt);
      try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
        statement.execute("CREATE SEQUENCE " + receiptSequence + " START WITH 77");
      }
      String config = ItConfig.write("hibernate-sequence.yaml", ticket, Map.of());
      pool = Pools.seqproxyDriver(db, config);
      sessions = HibernateSessions.build(db, pool,
          Map.of("ticket", ticket, "receipt", receipt, "receipt_seq", receiptSequence), BATCH_SIZE,
          Map.of("hibernate.generate_statistics", "true"), Ticket.class, Receipt.class);
    }

    @AfterAll
    void stop() throws SQLException {
      if (sessions != null) {
        sessions.close();
      }
      if (pool != null) {
        pool.close();
      }
      Schema.drop(db, ticket, receipt);
      try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
        statement.execute("DROP SEQUENCE IF EXISTS " + receiptSequence);
      }
    }

    @Test
    void sequenceStrategyDrawsFromSeqproxyAndKeepsBatching() throws SQLException {
      List<Ticket> tickets = new ArrayList<>();
      for (int i = 0; i < BATCH_SIZE; i++) {
        tickets.add(new Ticket("t" + i));
      }
      Statistics statistics = sessions.getStatistics();
      statistics.clear();
      sessions.inTransaction(session -> tickets.forEach(session::persist));
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < BATCH_SIZE; i++) {
        assertEquals(5000L + i, tickets.get(i).id);
        expected.add((5000 + i) + ":t" + i);
      }
      assertEquals(expected, Schema.rows(db, ticket));
      // One next-value query per entity, and the ten INSERTs prepared once, as one JDBC batch.
      assertEquals(BATCH_SIZE + 1, statistics.getPrepareStatementCount());
    }

    @Test
    void sequencesSeqproxyDoesNotConfigureStayTheDatabases() throws SQLException {
      List<Receipt> receipts = List.of(new Receipt("a"), new Receipt("b"));
      sessions.inTransaction(session -> receipts.forEach(session::persist));
      assertEquals(List.of(77L, 78L), List.of(receipts.get(0).id, receipts.get(1).id));
      assertEquals(List.of("77:a", "78:b"), Schema.rows(db, receipt));
    }
  }
}
