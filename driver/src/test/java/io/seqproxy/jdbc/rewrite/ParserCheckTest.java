package io.seqproxy.jdbc.rewrite;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParserCheckTest {

  private static String skeleton(String sql, SqlDialect dialect) throws Exception {
    List<Token> tokens = SqlTokenizer.tokenize(sql, dialect);
    InsertShape shape = InsertShape.read(sql, tokens, 0, tokens.size());
    return new ParserCheck(sql, tokens, dialect, PlanningBound.start(PlanningBound.DEFAULT))
        .skeleton(0, tokens.size(), shape);
  }

  private static void validate(String sql, SqlDialect dialect, Duration bound) throws Exception {
    List<Token> tokens = SqlTokenizer.tokenize(sql, dialect);
    InsertShape shape = InsertShape.read(sql, tokens, 0, tokens.size());
    new ParserCheck(sql, tokens, dialect, PlanningBound.start(bound)).validate(0, tokens.size(), shape);
  }

  @Test
  void theParserSeesTheFrameWithEachValueAsAPlaceholderAndOneRow() throws Exception {
    assertEquals("INSERT INTO orders (a, b) VALUES (?, ?) ON DUPLICATE KEY UPDATE a = ?, b = ?",
        skeleton("INSERT INTO orders (a, b) VALUES (0x41, CONVERT('2000-01-01', DATETIME)), (b'01', X'41')"
            + " AS new /* c */ ON DUPLICATE KEY UPDATE a = new.a + INTERVAL 1 DAY, b = VALUES(b)", SqlDialect.MYSQL));
    assertEquals("INSERT INTO orders SET a = ?, b = ? RETURNING ?, ?",
        skeleton("INSERT INTO orders SET a = ((((1)))), b = JSON_OBJECT('k', ?) RETURNING *, id AS x", SqlDialect.MYSQL));
    assertEquals("INSERT INTO orders (a) VALUES (?) ON CONFLICT (a) DO UPDATE SET a = ? WHERE ? RETURNING ?",
        skeleton("INSERT INTO orders (a) OVERRIDING SYSTEM VALUE VALUES ($$x$$) ON CONFLICT (a) DO UPDATE"
            + " SET a = E'\\'' || EXCLUDED.a WHERE orders.a <> ARRAY[1, 2] RETURNING id", SqlDialect.POSTGRESQL));
  }

  @Test
  void aStatementThatIsNotAnInsertIntoTheTableIsRefused() {
    SQLException e = assertThrows(SQLException.class,
        () -> validate("INSERT INTO orders (a) VALUES (1) ON DUPLICATE KEY", SqlDialect.MYSQL, PlanningBound.DEFAULT));
    assertTrue(e.getMessage().startsWith("INSERT into orders cannot be parsed: Encountered unexpected token"),
        e.getMessage());
  }

  @Test
  void deepNestingInsideValuesNeverReachesTheParser() {
    String deep = "(".repeat(200) + "1" + ")".repeat(200);
    assertDoesNotThrow(() -> validate("INSERT INTO orders (a) VALUES (" + deep + ") ON DUPLICATE KEY UPDATE a = "
        + deep + " RETURNING " + deep, SqlDialect.MYSQL, Duration.ofMinutes(1)));
  }

  @Test
  void planningPastTheBoundIsRefusedNamingTheTable() {
    SQLException e = assertThrows(SQLException.class,
        () -> validate("INSERT INTO shop.carts (a) VALUES (1)", SqlDialect.MYSQL, Duration.ZERO));
    assertEquals("INSERT into shop.carts was not planned: planning one statement is limited to 0 ms and its"
        + " structure could not be checked in that time; simplify it (deeply nested subqueries, CASE"
        + " expressions or parentheses outside its values and WITH queries) or send it as several"
        + " statements", e.getMessage());
    assertEquals("54000", e.getSQLState());
  }
}
