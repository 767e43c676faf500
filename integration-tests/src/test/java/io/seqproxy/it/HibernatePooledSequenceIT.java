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
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Hibernate's {@code GenerationType.SEQUENCE} with {@code allocationSize = 50}, under both
 * optimizers that derive IDs from one answer ({@code pooled}, {@code pooled-lo}): each answer is
 * the middle of 99 values reserved for it, so neither optimizer ever derives an ID twice. The
 * increment comes from the YAML on H2 and from the database's own sequence on MariaDB and
 * PostgreSQL. Across JVMs: {@link HibernatePooledAcrossJvmsIT}.
 */
class HibernatePooledSequenceIT {
  static final int ALLOCATION = 50;
  static final int BATCH_SIZE = 10;

  enum IncrementFrom { YAML, DATABASE }

  @Nested
  class H2Pooled extends Contract {
    H2Pooled() {
      super(Db.H2, "pooled", IncrementFrom.YAML);
    }
  }

  @Nested
  class H2PooledLo extends Contract {
    H2PooledLo() {
      super(Db.H2, "pooled-lo", IncrementFrom.YAML);
    }
  }

  @Nested
  class MariaDbPooled extends Contract {
    MariaDbPooled() {
      super(Db.MARIADB, "pooled", IncrementFrom.DATABASE);
    }
  }

  @Nested
  class MariaDbPooledLo extends Contract {
    MariaDbPooledLo() {
      super(Db.MARIADB, "pooled-lo", IncrementFrom.DATABASE);
    }
  }

  @Nested
  class PostgresPooled extends Contract {
    PostgresPooled() {
      super(Db.POSTGRES, "pooled", IncrementFrom.DATABASE);
    }
  }

  @Nested
  class PostgresPooledLo extends Contract {
    PostgresPooledLo() {
      super(Db.POSTGRES, "pooled-lo", IncrementFrom.DATABASE);
    }
  }

  @Entity
  @Table(name = "parcel")
  static class Parcel {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "parcel")
    @SequenceGenerator(name = "parcel", sequenceName = "parcel_id", allocationSize = ALLOCATION)
    Long id;

    String name;

    Parcel() {}

    Parcel(String name) {
      this.name = name;
    }
  }

  /** Each run has a table and a sequence of its own, so every ID below is exact. */
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  abstract static class Contract {
    final Db db;
    final String optimizer;
    final IncrementFrom from;
    final String parcel = TestDatabases.uniqueName("it_pooled_parcel");
    final String sequence = TestDatabases.uniqueName("it_pooled_parcel_id");
    HikariDataSource pool;
    SessionFactory sessions;
    /** A second application instance on the same engine, with its own optimizer state. */
    SessionFactory other;

    Contract(Db db, String optimizer, IncrementFrom from) {
      this.db = db;
      this.optimizer = optimizer;
      this.from = from;
    }

    @BeforeAll
    void start() throws SQLException {
      TestDatabases.require(db);
      Schema.createNamedTables(db, parcel);
      if (from == IncrementFrom.DATABASE) {
        // What an application's schema already has; Hibernate checks allocationSize against it.
        execute("CREATE SEQUENCE " + sequence + " INCREMENT BY " + ALLOCATION);
      }
      String config = ItConfig.write("hibernate-pooled.yaml", sequence, Map.of("sequence", sequence,
          "increment", from == IncrementFrom.YAML ? "    increment: " + ALLOCATION : ""));
      pool = Pools.seqproxyDriver(db, config);
      Map<String, String> names = Map.of("parcel", parcel, "parcel_id", sequence);
      Map<String, String> settings = Map.of("hibernate.id.optimizer.pooled.preferred", optimizer);
      sessions = HibernateSessions.build(db, pool, names, BATCH_SIZE, settings, Parcel.class);
      other = HibernateSessions.build(db, pool, names, BATCH_SIZE, settings, Parcel.class);
    }

    @AfterAll
    void stop() throws SQLException {
      for (AutoCloseable closeable : new AutoCloseable[] {sessions, other, pool}) {
        if (closeable != null) {
          try {
            closeable.close();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
      }
      Schema.drop(db, parcel);
      if (from == IncrementFrom.DATABASE) {
        execute("DROP SEQUENCE IF EXISTS " + sequence);
      }
    }

    private void execute(String sql) throws SQLException {
      try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
        statement.execute(sql);
      }
    }

    @Test
    @Order(1)
    void theOptimizersIdsComeFromBlocksReservedForEachAnswer() throws SQLException {
      List<Parcel> parcels = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        parcels.add(new Parcel("p" + i));
      }
      sessions.inTransaction(session -> parcels.forEach(session::persist));
      // Answers 50 (values 1..99 reserved) and 149 (100..198): pooled takes each answer as the top
      // of its block, pooled-lo as the bottom.
      long[] expected = optimizer.equals("pooled")
          ? LongStream.concat(LongStream.rangeClosed(1, 50), LongStream.rangeClosed(100, 109)).toArray()
          : LongStream.concat(LongStream.rangeClosed(50, 99), LongStream.rangeClosed(149, 158)).toArray();
      assertEquals(LongStream.of(expected).boxed().toList(), parcels.stream().map(p -> p.id).toList());
      List<String> rows = Schema.rows(db, parcel);
      assertEquals(60, rows.size());
      assertEquals(expected[0] + ":p0", rows.get(0));
    }

    @Test
    @Order(2)
    void twoInstancesTakingTurnsNeverShareAnId() throws SQLException {
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < 240; i++) {
        Parcel p = new Parcel("turn" + i);
        (i % 2 == 0 ? sessions : other).inTransaction(session -> session.persist(p));
        ids.add(p.id);
      }
      assertEquals(240, new TreeSet<>(ids).size(), () -> "duplicate IDs among " + ids);
      long turns = Schema.rows(db, parcel).stream().filter(row -> row.contains(":turn")).count();
      assertEquals(240, turns);
    }
  }
}
