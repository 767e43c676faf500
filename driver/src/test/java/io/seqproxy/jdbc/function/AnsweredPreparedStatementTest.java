package io.seqproxy.jdbc.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.sequence.Sequence;
import io.seqproxy.sequence.range.MemoryRangeStore;
import io.seqproxy.sequence.range.RangeSequence;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A prepared NEXT VALUE FOR that seqproxy answers: no parameters, settings go to a real statement. */
class AnsweredPreparedStatementTest {
  private final Sequence orderId = RangeSequence.builder("order_id", new MemoryRangeStore()).start(1000).build();
  private final Connection real;
  private final PreparedStatement answered;

  AnsweredPreparedStatementTest() throws SQLException {
    real = DriverManager.getConnection("jdbc:h2:mem:answered");
    answered = new SessionFunctions(new Increments(Map.of()), real, () -> SessionFunctions.NONE).prepare(FunctionCall.of("SELECT NEXT VALUE FOR order_id"), orderId, real, real);
  }

  @AfterEach
  void close() throws SQLException {
    answered.close();
    real.close();
    orderId.close();
  }

  @Test
  void everyExecutionDrawsTheNextValue() throws SQLException {
    for (long expected = 1000; expected < 1003; expected++) {
      try (ResultSet rs = answered.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(expected, rs.getLong(1));
        assertSame(answered, rs.getStatement());
      }
    }
  }

  @Test
  void everySetterRefusesItsIndex() {
    SQLException setLong = assertThrows(SQLException.class, () -> answered.setLong(1, 5));
    assertEquals("parameter index 1 is out of range; the statement has no parameters", setLong.getMessage());
    assertEquals("07009", setLong.getSQLState());
    SQLException setString = assertThrows(SQLException.class, () -> answered.setString(2, "x"));
    assertEquals("parameter index 2 is out of range; the statement has no parameters", setString.getMessage());
  }

  @Test
  void statementSettingsGoToTheRealStatement() throws SQLException {
    answered.setQueryTimeout(7);
    assertEquals(7, answered.getQueryTimeout());
    assertEquals(real, answered.getConnection());
  }

  @Test
  void anUpdateIsRefusedBecauseTheCallReturnsARow() {
    SQLException e = assertThrows(SQLException.class, answered::executeUpdate);
    assertEquals("NEXT VALUE FOR order_id returns a row; use executeQuery", e.getMessage());
  }
}
