package io.seqproxy.jdbc.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.api.Test;

class PlanningBoundTest {

  /**
   * JSqlParser's complex mode is exponential in the nesting of parentheses: this text would hold
   * the thread for minutes. The watchdog's flag stops it on the calling thread; the test checks
   * the refusal, not how long it took.
   */
  @Test
  void aParseOverTheBoundIsStoppedAndRefused() {
    String text = "INSERT INTO orders (a) VALUES (" + "(".repeat(14) + "1" + ")".repeat(14) + ")";
    CCJSqlParser parser = CCJSqlParserUtil.newParser(text).withAllowComplexParsing(true);
    PlanningBound bound = PlanningBound.start(Duration.ofMillis(50));
    SQLException e = assertThrows(SQLException.class, () -> bound.parse(parser, "orders"));
    assertTrue(e.getMessage().startsWith("INSERT into orders was not planned: planning one statement is"
        + " limited to 50 ms"), e.getMessage());
    assertTrue(parser.interrupted);
  }

  @Test
  void aParseWithinTheBoundLeavesNoAlarmBehind() throws Exception {
    PlanningBound bound = PlanningBound.start(Duration.ofSeconds(30));
    CCJSqlParser parser = CCJSqlParserUtil.newParser("INSERT INTO orders (a) VALUES (?)");
    assertEquals("INSERT INTO orders (a) VALUES (?)", bound.parse(parser, "orders").toString());
    assertFalse(parser.interrupted);
    assertEquals(0, PlanningBound.pendingAlarms());
  }
}
