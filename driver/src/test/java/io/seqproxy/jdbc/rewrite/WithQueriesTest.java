package io.seqproxy.jdbc.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The queries of a WITH clause before an INSERT are its input, as its values are: JSqlParser is
 * shown each as {@code (SELECT 1)}. Its time grows exponentially with the nesting of subqueries,
 * CASE and parentheses in them: valid queries nested ten deep used to be refused at the planning
 * bound (54000).
 */
class WithQueriesTest {

  private static String skeleton(String sql, SqlDialect dialect) throws Exception {
    List<Token> tokens = SqlTokenizer.tokenize(sql, dialect);
    int verb = new Statements(sql, tokens).mainVerb(0, tokens.size());
    InsertShape shape = InsertShape.read(sql, tokens, verb, tokens.size());
    return new ParserCheck(sql, tokens, dialect, PlanningBound.start(PlanningBound.DEFAULT))
        .skeleton(0, tokens.size(), shape);
  }

  private static String planned(SqlDialect dialect, String sql) throws SQLException {
    return new InsertRewriter(FixedMappings.STANDARD, dialect).plan(sql).preparedSql();
  }

  @Test
  void theParserSeesEachQueryAsSelectOne() throws Exception {
    assertEquals("WITH a AS (SELECT 1), b (n) AS MATERIALIZED (SELECT 1), c AS NOT MATERIALIZED"
            + " (SELECT 1) INSERT INTO orders (a) VALUES (?)",
        skeleton("WITH a AS (SELECT x FROM t WHERE y IN (SELECT z[1] FROM u)), b (n) AS MATERIALIZED"
            + " (VALUES (1), (2)), c AS NOT MATERIALIZED (SELECT CASE WHEN (1) THEN 2 END)"
            + " INSERT INTO orders (a) VALUES (1)", SqlDialect.POSTGRESQL));
  }

  @ParameterizedTest(name = "depth {0}")
  @ValueSource(ints = {10, 50})
  void deeplyNestedSubqueriesInAWithQueryArePlanned(int depth) throws SQLException {
    String with = "WITH v AS (SELECT x" + "((SELECT ".repeat(depth) + "1" + "))".repeat(depth) + " AS m)";
    for (SqlDialect dialect : SqlDialect.values()) {
      assertEquals(with + " INSERT INTO orders (a, id) VALUES (?, ?)",
          planned(dialect, with + " INSERT INTO orders (a) VALUES (?)"));
    }
  }

  @Test
  void nestedCaseInAWithQueryIsPlanned() throws SQLException {
    String with = "WITH v AS (SELECT " + "CASE WHEN (".repeat(8) + "1" + ") THEN 1 END".repeat(8)
        + " AS m)";
    assertEquals(with + " INSERT INTO orders (a, id) VALUES (?, ?)",
        planned(SqlDialect.POSTGRESQL, with + " INSERT INTO orders (a) VALUES (?)"));
  }

  /** What a query says is the database's to check, as a value's is: seqproxy fills the row. */
  @Test
  void aMistakeInsideAWithQueryIsLeftToTheDatabase() throws SQLException {
    assertEquals("WITH v AS (SELEC 1) INSERT INTO orders (a, id) VALUES (?, ?)",
        planned(SqlDialect.POSTGRESQL, "WITH v AS (SELEC 1) INSERT INTO orders (a) VALUES (?)"));
  }

  @Test
  void parenthesesInsideAWithQueryStillPairUp() {
    SQLException e = assertThrows(SQLException.class, () -> planned(SqlDialect.POSTGRESQL,
        "WITH v AS (SELECT x[(1])) INSERT INTO orders (a) VALUES (?)"));
    assertEquals("42000", e.getSQLState(), e.getMessage());
    assertEquals("INSERT into orders cannot be rewritten: its parentheses and square brackets do not"
        + " pair up (the ']' at character 23 closes the '(' at character 21); close every '(' with"
        + " ')' and every '[' with ']', the inner ones first", e.getMessage());
  }

  /** An INSERT inside a WITH query is planned, and checked, as a statement of its own. */
  @Test
  void anInsertInsideAWithQueryIsStillPlannedAndCheckedOnItsOwn() throws SQLException {
    assertEquals("WITH v AS (INSERT INTO orders (a, id) VALUES (1, ?) RETURNING id)"
            + " INSERT INTO orders (a, id) VALUES (2, ?)",
        planned(SqlDialect.POSTGRESQL, "WITH v AS (INSERT INTO orders (a) VALUES (1) RETURNING id)"
            + " INSERT INTO orders (a) VALUES (2)"));
    SQLException e = assertThrows(SQLException.class, () -> planned(SqlDialect.POSTGRESQL,
        "WITH v AS (INSERT INTO orders (a) VALUES (1) ON CONFLICT (a) DO NOTHING NOTHING)"
            + " INSERT INTO orders (a) VALUES (2)"));
    assertEquals("INSERT into orders cannot be parsed: Encountered unexpected token: \"NOTHING\""
        + " \"NOTHING\" at line 1, column 62.", e.getMessage());
  }
}
