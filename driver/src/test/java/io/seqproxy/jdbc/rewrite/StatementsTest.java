package io.seqproxy.jdbc.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementsTest {

  private static List<Token> tokens(String sql) {
    return SqlTokenizer.tokenize(sql, SqlDialect.MYSQL);
  }

  /** The token texts of each statement of {@code sql}. */
  private static List<String> split(String sql) {
    List<Token> tokens = tokens(sql);
    Statements statements = new Statements(sql, tokens);
    List<String> parts = new ArrayList<>();
    for (int start = 0; start < tokens.size(); ) {
      int end = statements.end(start);
      parts.add(end == start ? "" : sql.substring(tokens.get(start).start(), tokens.get(end - 1).end()));
      start = end + 1;
    }
    return parts;
  }

  @Test
  void semicolonsOutsideParenthesesEndStatements() {
    assertEquals(List.of("INSERT INTO t (a) VALUES (';')", "SELECT (1, (2))", "", "SELECT 2"),
        split("INSERT INTO t (a) VALUES (';'); SELECT (1, (2)); ; SELECT 2"));
  }

  @Test
  void aRoutineBodyRunsToTheEndOfTheText() {
    assertEquals(List.of("CREATE PROCEDURE p() BEGIN INSERT INTO t VALUES (1); END"),
        split("CREATE PROCEDURE p() BEGIN INSERT INTO t VALUES (1); END"));
  }

  @Test
  void theVerbFollowsAWithClause() {
    String sql = "WITH s AS (SELECT 1) INSERT INTO t (a) SELECT * FROM s";
    List<Token> tokens = tokens(sql);
    Statements statements = new Statements(sql, tokens);
    int verb = statements.mainVerb(0, tokens.size());
    assertEquals("INSERT", tokens.get(verb).text(sql));
    String select = "WITH s AS (INSERT INTO t (a) VALUES (1)) SELECT * FROM s";
    assertEquals(-1, new Statements(select, tokens(select)).mainVerb(0, tokens(select).size()));
  }

  @Test
  void aNestedInsertNeedsInto() {
    String sql = "(INSERT INTO t (a) VALUES (1)) (INSERT(s, 1, 2, 'x'))";
    List<Token> tokens = tokens(sql);
    Statements statements = new Statements(sql, tokens);
    int firstClose = statements.matchingClose(0, tokens.size());
    assertTrue(statements.opensStatement(0, tokens.size()));
    assertTrue(statements.isNestedInsert(1, firstClose));
    int second = firstClose + 1;
    assertFalse(statements.isNestedInsert(second + 1, statements.matchingClose(second, tokens.size())));
  }
}
