package io.seqproxy.jdbc.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** INSERT ... SELECT into a mapped table without its generated column: a plan of two statements, or a refusal. */
class InsertSelectPlanTest {

  private static InsertSelectPlan plan(SqlDialect dialect, String sql) {
    InsertRewriter rewriter = new InsertRewriter(FixedMappings.STANDARD, dialect);
    return assertThrows(InsertSelectRequired.class, () -> rewriter.plan(sql)).plan();
  }

  private static String refusal(SqlDialect dialect, String sql) {
    InsertRewriter rewriter = new InsertRewriter(FixedMappings.STANDARD, dialect);
    SQLFeatureNotSupportedException e = assertThrows(SQLFeatureNotSupportedException.class, () -> rewriter.plan(sql));
    assertEquals(SQLFeatureNotSupportedException.class, e.getClass(), e.getMessage());
    return e.getMessage();
  }

  @Test
  void theQueryRunsAsWrittenAndItsRowsGoToABatchedInsertWithTheColumn() {
    InsertSelectPlan plan = plan(SqlDialect.MYSQL,
        "INSERT /* copy */ INTO orders (a, b) SELECT x, y FROM staging WHERE z > ? AND w < ?;");
    assertEquals(new InsertSelectPlan("orders", "SELECT x, y FROM staging WHERE z > ? AND w < ?", 2,
        "INSERT /* copy */ INTO orders (a, b, id) VALUES ", 2, List.of(new ColumnMapping("id", "order_id", false))), plan);
    assertEquals("INSERT /* copy */ INTO orders (a, b, id) VALUES (?, ?, ?), (?, ?, ?)", plan.insertSql(2));
  }

  @Test
  void aWithClauseStaysWithTheQuery() {
    InsertSelectPlan plan = plan(SqlDialect.POSTGRESQL,
        "WITH s AS (SELECT ? AS a) INSERT INTO shop.carts (a) SELECT a FROM s");
    assertEquals("WITH s AS (SELECT ? AS a) SELECT a FROM s", plan.selectSql());
    assertEquals("INSERT INTO shop.carts (a, cart_id) VALUES (?, ?)", plan.insertSql(1));
    assertEquals(List.of("cart_id"), plan.generatedColumns());
  }

  @Test
  void onlyTheMissingGeneratedColumnsAreAdded() {
    InsertSelectPlan plan = plan(SqlDialect.MYSQL, "REPLACE INTO items (id, a) TABLE staging");
    assertEquals("TABLE staging", plan.selectSql());
    assertEquals("REPLACE INTO items (id, a, code) VALUES (?, ?, ?)", plan.insertSql(1));
    assertEquals(2, plan.selectedColumns());
  }

  @Test
  void formsThatWouldChangeMeaningAreRefused() {
    assertEquals("INSERT ... SELECT into orders does not supply id, which seqproxy fills by inserting the"
        + " query's rows in batches of VALUES; ON DUPLICATE KEY UPDATE may refer to the query's columns,"
        + " which the VALUES do not carry: list id in the column list and select its value, or insert with VALUES",
        refusal(SqlDialect.MYSQL, "INSERT INTO orders (a) SELECT s.a FROM s ON DUPLICATE KEY UPDATE a = s.a"));
    assertEquals("INSERT ... SELECT into orders does not supply id, which seqproxy fills by inserting the"
        + " query's rows in batches of VALUES; with ON CONFLICT it cannot tell which rows (and IDs) the"
        + " database kept: list id in the column list and select its value, or insert with VALUES",
        refusal(SqlDialect.POSTGRESQL, "INSERT INTO orders (a) SELECT a FROM s ON CONFLICT DO NOTHING"));
    assertEquals("INSERT ... SELECT into orders does not supply id, which seqproxy fills by inserting the"
        + " query's rows in batches of VALUES; RETURNING would return each batch's rows separately: read the"
        + " IDs with getGeneratedKeys(): list id in the column list and select its value, or insert with VALUES",
        refusal(SqlDialect.POSTGRESQL, "INSERT INTO orders (a) SELECT a FROM s RETURNING id"));
    assertEquals("INSERT ... SELECT into orders does not supply id, which seqproxy fills by inserting the"
        + " query's rows in batches of VALUES; with IGNORE it cannot tell which rows (and IDs) the database"
        + " kept: list id in the column list and select its value, or insert with VALUES",
        refusal(SqlDialect.MYSQL, "INSERT IGNORE INTO orders (a) SELECT a FROM s"));
    assertEquals("INSERT ... SELECT into orders does not supply id, which seqproxy fills only in an INSERT ..."
        + " SELECT sent as a statement of its own, not with other statements in one string: list id in the"
        + " column list and select its value, or insert with VALUES",
        refusal(SqlDialect.MYSQL, "INSERT INTO orders (a) SELECT a FROM s; SELECT 1"));
    assertEquals("INSERT ... SELECT into orders does not supply id, and has no column list: list the columns"
        + " the query fills so that seqproxy can add id",
        refusal(SqlDialect.MYSQL, "INSERT INTO orders SELECT * FROM s"));
  }

  @Test
  void aJoinsOnIsPartOfTheQuery() {
    assertEquals("SELECT s.a FROM s JOIN t ON s.k = t.k",
        plan(SqlDialect.MYSQL, "INSERT INTO orders (a) SELECT s.a FROM s JOIN t ON s.k = t.k").selectSql());
  }
}
