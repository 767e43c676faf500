package io.seqproxy.jdbc.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deeply nested parentheses, the shape of CI's slow fuzz inputs ({@code WITH INSERT ( /**}{@code /
 * ( ( ( ... orders}), which used to hold planning until the bound (1 s, and up to 14 s at depth
 * 1000, past it). Each verdict here is decided without the bound: an unbalanced statement before
 * the parser is reached, a balanced one by the parser's own refusal.
 */
class DeepNestingTest {

  private static final List<String> SEPARATORS = List.of("", " ", " /**/ ");

  static Stream<Arguments> depthsAndSeparators() {
    return Stream.of(50, 200, 1000)
        .flatMap(depth -> SEPARATORS.stream().map(separator -> Arguments.of(depth, separator)));
  }

  private static String opened(int depth, String separator) {
    return ("(" + separator).repeat(depth);
  }

  private static String closed(int depth, String separator) {
    return (")" + separator).repeat(depth);
  }

  private static SQLException refusal(SqlDialect dialect, Duration bound, String sql) {
    InsertRewriter rewriter = new InsertRewriter(FixedMappings.STANDARD, dialect, bound);
    return assertThrows(SQLException.class, () -> rewriter.plan(sql), sql);
  }

  private static void assertUnpaired(String which, SQLException refusal) {
    assertEquals("42000", refusal.getSQLState(), refusal.getMessage());
    assertEquals("INSERT into orders cannot be rewritten: its parentheses do not pair up (" + which
        + "); make every '(' of the statement have its ')'", refusal.getMessage());
  }

  /**
   * With a planning bound of zero, any statement that reached JSqlParser would be refused as over
   * the bound (54000); the unbalanced one is refused for its parentheses, so the parser was never
   * run.
   */
  @ParameterizedTest(name = "depth {0}, separator \"{1}\"")
  @MethodSource("depthsAndSeparators")
  void anUnclosedParenthesisIsRefusedBeforeTheParser(int depth, String separator) {
    for (SqlDialect dialect : SqlDialect.values()) {
      SQLException e = refusal(dialect, Duration.ZERO,
          "WITH INSERT " + opened(depth, separator) + "orders");
      assertUnpaired("the '(' at character 13 is never closed", e);
    }
  }

  /** On the path of a statement the reader follows, the refusal comes before the parse too. */
  @ParameterizedTest(name = "depth {0}, separator \"{1}\"")
  @MethodSource("depthsAndSeparators")
  void extraClosingParenthesesAfterAReadableInsertAreRefusedForThem(int depth, String separator) {
    SQLException e = refusal(SqlDialect.MYSQL, PlanningBound.DEFAULT,
        "INSERT INTO orders (a) VALUES (1) ON DUPLICATE KEY UPDATE a = 1" + closed(depth, separator));
    assertUnpaired("the ')' at character 64 closes nothing", e);
  }

  /**
   * Balanced nesting in a statement the reader cannot follow goes to JSqlParser whole, whose cheap
   * mode refuses a run of bare parentheses this deep; the refusal is the parser's (no SQLState),
   * not the bound's (54000). The same nesting in a WITH query is valid SQL, and planned: the
   * parser is shown the query as {@code SELECT 1} ({@link WithQueriesTest}); it used to refuse it.
   */
  @ParameterizedTest(name = "depth {0}, separator \"{1}\"")
  @MethodSource("depthsAndSeparators")
  void balancedDeepNestingIsRefusedUnreadAndPlannedInAWithQuery(int depth, String separator)
      throws SQLException {
    for (SqlDialect dialect : SqlDialect.values()) {
      SQLException unreadable = refusal(dialect, PlanningBound.DEFAULT,
          "WITH INSERT " + opened(depth, separator) + "orders" + closed(depth, separator));
      assertNull(unreadable.getSQLState(), unreadable.getMessage());
      assertTrue(unreadable.getMessage().startsWith("INSERT into orders cannot be rewritten: "),
          unreadable.getMessage());
      String readable = "WITH x AS (SELECT " + opened(depth, separator) + "1" + closed(depth, separator)
          + " AS a) INSERT INTO orders (a) VALUES (2)";
      assertEquals(readable.replace("(a) VALUES (2)", "(a, id) VALUES (2, ?)"),
          new InsertRewriter(FixedMappings.STANDARD, dialect).plan(readable).preparedSql());
    }
  }

  @Test
  void atDepthFiftyTheParserNamesTheTokenItStoppedAt() {
    SQLException e = refusal(SqlDialect.MYSQL, PlanningBound.DEFAULT,
        "WITH INSERT " + "(".repeat(50) + "orders" + ")".repeat(50));
    assertEquals("INSERT into orders cannot be rewritten: Encountered unexpected token: \"(\" \"(\""
        + " at line 1, column 61.", e.getMessage());
  }

  @Test
  void shallowNestingIsStillRewritten() throws SQLException {
    String sql = "WITH x AS (SELECT " + "(".repeat(10) + "1" + ")".repeat(10)
        + " AS a) INSERT INTO orders (a) VALUES (?)";
    RewritePlan plan = new InsertRewriter(FixedMappings.STANDARD, SqlDialect.POSTGRESQL).plan(sql);
    assertEquals("WITH x AS (SELECT " + "(".repeat(10) + "1" + ")".repeat(10)
        + " AS a) INSERT INTO orders (a, id) VALUES (?, ?)", plan.preparedSql());
  }

  /**
   * The parser without the list of expected tokens fails where JSqlParser's own does, and names
   * the same place. (The token is named a little more often: {@code <EOF>} where JSqlParser
   * sometimes names none.)
   */
  @Test
  void theBriefParserFailsWhereAndAsJsqlParserDoes() throws Exception {
    for (String text : List.of("INSERT INTO orders (a) VALUES (1) ON DUPLICATE KEY",
        "INSERT INTO orders (a) VALUES (1) RETURNING", "INSERT INTO (orders) VALUES (1)",
        "WITH INSERT ((((orders))))", "INSERT INTO orders (a VALUES (1)", "INSERT INTO orders",
        "WITH x AS (SELECT " + "(".repeat(20) + "1" + ")".repeat(20) + ") INSERT INTO t (a) VALUES (?)")) {
      ParseException stock = assertThrows(ParseException.class,
          () -> CCJSqlParserUtil.newParser(text).withAllowComplexParsing(false).Statement(), text);
      ParseException brief = assertThrows(ParseException.class,
          () -> new ParserCheck.BriefParser(text).withAllowComplexParsing(false).Statement(), text);
      String expected = ParserCheck.briefly(stock.getMessage());
      String actual = ParserCheck.briefly(brief.getMessage());
      assertTrue(actual.startsWith("Encountered unexpected token:"), actual);
      assertEquals(expected.substring(expected.indexOf(" at line ")),
          actual.substring(actual.indexOf(" at line ")), text);
    }
  }
}
