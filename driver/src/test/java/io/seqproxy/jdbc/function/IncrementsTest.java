package io.seqproxy.jdbc.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.seqproxy.sequence.Sequence;
import io.seqproxy.sequence.range.MemoryRangeStore;
import io.seqproxy.sequence.range.RangeSequence;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where a sequence's increment comes from: the YAML, else H2's own sequence of that name, else 1. */
class IncrementsTest {
  private final Connection real;
  private final Sequence orderSeq = RangeSequence.builder("order_seq", new MemoryRangeStore()).build();

  IncrementsTest() throws SQLException {
    real = DriverManager.getConnection("jdbc:h2:mem:increments");
  }

  @AfterEach
  void close() throws SQLException {
    orderSeq.close();
    real.close();
  }

  private void execute(String sql) throws SQLException {
    try (Statement statement = real.createStatement()) {
      statement.execute(sql);
    }
  }

  @Test
  void withoutTheYamlOrADatabaseSequenceItIsOne() throws SQLException {
    assertEquals(1, new Increments(Map.of()).of(orderSeq, real));
  }

  @Test
  void theDatabasesSequenceOfTheSameNameIsReadOnce() throws SQLException {
    // H2 stores the unquoted name in upper case; the YAML names it in lower case.
    execute("CREATE SEQUENCE order_seq INCREMENT BY 50");
    Increments increments = new Increments(Map.of());
    assertEquals(50, increments.of(orderSeq, real));
    execute("ALTER SEQUENCE order_seq INCREMENT BY 20");
    assertEquals(50, increments.of(orderSeq, real));
    assertEquals(20, new Increments(Map.of()).of(orderSeq, real));
  }

  @Test
  void theYamlWinsOverTheDatabase() throws SQLException {
    execute("CREATE SEQUENCE order_seq INCREMENT BY 50");
    assertEquals(10, new Increments(Map.of("order_seq", 10)).of(orderSeq, real));
  }

  @Test
  void aSequenceOfAnotherSchemaIsNotRead() throws SQLException {
    execute("CREATE SCHEMA other");
    execute("CREATE SEQUENCE other.order_seq INCREMENT BY 50");
    assertEquals(1, new Increments(Map.of()).of(orderSeq, real));
  }

  @Test
  void aDescendingDatabaseSequenceIsRefusedSayingWhatToSet() {
    SQLException e = assertThrows(SQLException.class, () -> {
      execute("CREATE SEQUENCE order_seq INCREMENT BY -1");
      new Increments(Map.of()).of(orderSeq, real);
    });
    assertEquals("the database's sequence order_seq has increment -1, and seqproxy takes one from 1 to"
        + " 1073741823; set increment: on sequence order_seq in the YAML", e.getMessage());
  }
}
