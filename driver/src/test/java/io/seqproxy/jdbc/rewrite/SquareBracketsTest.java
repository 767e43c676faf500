package io.seqproxy.jdbc.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Square brackets nested in square brackets, the shape of CI's slow fuzz input ({@code WITH v AS
 * (SEL[[[[[[[[[[[[[[[[[[[[ECT 1) INSERT INTO orders (a) VALUES (?)}), which held planning until
 * the bound on every dialect: JSqlParser's look-aheads grow exponentially with such nesting, in
 * both its modes. Brackets that do not pair up are refused before the parser is reached; what a
 * pair holds is shown to it as {@code 1}, so depth costs it nothing. (A WITH query, where the
 * fuzzer found them, is now shown as {@code SELECT 1} as a whole: {@link WithQueriesTest}.)
 */
class SquareBracketsTest {

  private static SQLException refusal(SqlDialect dialect, Duration bound, String sql) {
    InsertRewriter rewriter = new InsertRewriter(FixedMappings.STANDARD, dialect, bound);
    return assertThrows(SQLException.class, () -> rewriter.plan(sql), sql);
  }

  private static String skeleton(String sql, SqlDialect dialect) throws Exception {
    List<Token> tokens = SqlTokenizer.tokenize(sql, dialect);
    int verb = 0;
    while (!tokens.get(verb).isWord(sql, "INSERT")) {
      verb++;
    }
    InsertShape shape = InsertShape.read(sql, tokens, verb, tokens.size());
    return new ParserCheck(sql, tokens, dialect, PlanningBound.start(PlanningBound.DEFAULT))
        .skeleton(0, tokens.size(), shape);
  }

  /**
   * Refused for its brackets (42000), decided before the parser is asked; it used to take the
   * whole bound and be refused for it (54000).
   */
  @Test
  void theFuzzInputIsRefusedForItsBracketsBeforeTheParser() {
    for (SqlDialect dialect : SqlDialect.values()) {
      SQLException e = refusal(dialect, PlanningBound.DEFAULT,
          "WITH v AS (SEL" + "[".repeat(20) + "ECT 1) INSERT INTO orders (a) VALUES (?)");
      assertEquals("42000", e.getSQLState(), e.getMessage());
      assertEquals("INSERT into orders cannot be rewritten: its parentheses and square brackets do"
          + " not pair up (the ')' at character 40 closes the '[' at character 34); close every '('"
          + " with ')' and every '[' with ']', the inner ones first", e.getMessage());
    }
  }

  /**
   * On the path of a statement the reader cannot follow, a planning bound of zero would refuse
   * any text that reached JSqlParser as over the bound (54000): this one never reaches it.
   */
  @ParameterizedTest(name = "depth {0}")
  @ValueSource(ints = {1, 20, 1000})
  void anUnclosedBracketIsRefusedBeforeTheParser(int depth) {
    for (SqlDialect dialect : SqlDialect.values()) {
      SQLException e = refusal(dialect, Duration.ZERO, "WITH INSERT " + "[".repeat(depth) + "orders");
      assertEquals("42000", e.getSQLState(), e.getMessage());
      assertEquals("INSERT into orders cannot be rewritten: its square brackets do not pair up (the"
          + " '[' at character 13 is never closed); make every '[' of the statement have its ']'",
          e.getMessage());
    }
  }

  @Test
  void aBracketThatClosesNothingIsRefusedBeforeTheParser() {
    for (SqlDialect dialect : SqlDialect.values()) {
      SQLException e = refusal(dialect, Duration.ZERO, "WITH INSERT ]orders");
      assertEquals("INSERT into orders cannot be rewritten: its square brackets do not pair up (the"
          + " ']' at character 13 closes nothing); make every '[' of the statement have its ']'",
          e.getMessage());
    }
  }

  @Test
  void aParenthesisThatClosesABracketIsRefusedBeforeTheParser() {
    SQLException e = refusal(SqlDialect.POSTGRESQL, PlanningBound.DEFAULT,
        "WITH v AS (SELECT x[(1])) INSERT INTO orders (a) VALUES (?)");
    assertEquals("INSERT into orders cannot be rewritten: its parentheses and square brackets do not"
        + " pair up (the ']' at character 23 closes the '(' at character 21); close every '(' with"
        + " ')' and every '[' with ']', the inner ones first", e.getMessage());
  }

  /**
   * Brackets nested in a statement the reader cannot follow (shown to the parser whole) are the
   * parser's to refuse (no SQLState), at its first bracket, at any depth. (This one the parser
   * refused as fast before; in a WITH query, where the fuzzer found them, such brackets took the
   * whole bound: {@link #theFuzzInputIsRefusedForItsBracketsBeforeTheParser}.)
   */
  @ParameterizedTest(name = "depth {0}")
  @ValueSource(ints = {20, 1000})
  void balancedBracketsAroundGarbageAreRefusedByTheParserWithinTheBound(int depth) {
    for (SqlDialect dialect : SqlDialect.values()) {
      SQLException e = refusal(dialect, PlanningBound.DEFAULT,
          "WITH INSERT " + "[".repeat(depth) + "]".repeat(depth) + "orders");
      assertNull(e.getSQLState(), e.getMessage());
      assertEquals("INSERT into orders cannot be rewritten: Encountered unexpected token: \"[\" \"[\""
          + " at line 1, column 13.", e.getMessage());
    }
  }

  /** However deep the brackets nest, the parser is shown one pair (here in an ON CONFLICT target). */
  @ParameterizedTest(name = "depth {0}")
  @ValueSource(ints = {20, 1000})
  void deeplyNestedArraysAndSubscriptsAreShownAsOnePair(int depth) throws Exception {
    String target = "((x" + "[(ARRAY".repeat(depth) + "[1]" + ")]".repeat(depth) + "))";
    assertEquals("INSERT INTO orders (a) VALUES (?) ON CONFLICT ((x[1])) DO NOTHING",
        skeleton("INSERT INTO orders (a) VALUES (?) ON CONFLICT " + target + " DO NOTHING",
            SqlDialect.POSTGRESQL));
  }

  @Test
  void theParserSeesWhatBracketsHoldAsOne() throws Exception {
    assertEquals("INSERT INTO orders (a) VALUES (?) ON CONFLICT ((x[1]), (ARRAY[1][1][1]),"
            + " ('{}'::int[]), (y[]), ((z)[1])) DO NOTHING",
        skeleton("INSERT INTO orders (a) VALUES (1) ON CONFLICT ((x[1:2]), (ARRAY[[1, 2], [3, (4)]][1][ 2 ]),"
            + " ('{}'::int[]), (y[ ]), ((z)[f(1, ARRAY[?])])) DO NOTHING", SqlDialect.POSTGRESQL));
  }
}
