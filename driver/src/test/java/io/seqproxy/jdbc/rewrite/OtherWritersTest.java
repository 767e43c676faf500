package io.seqproxy.jdbc.rewrite;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OtherWritersTest {

  private static OtherWriters writers(String sql, List<Token> tokens) {
    return new OtherWriters(sql, tokens, FixedMappings.STANDARD, new Statements(sql, tokens));
  }

  private static void refuse(String sql) throws SQLFeatureNotSupportedException {
    List<Token> tokens = SqlTokenizer.tokenize(sql, SqlDialect.POSTGRESQL);
    writers(sql, tokens).refuse(0, tokens.size());
  }

  @Test
  void mergeWithoutTheGeneratedColumnIsRefused() {
    SQLFeatureNotSupportedException e = assertThrows(SQLFeatureNotSupportedException.class,
        () -> refuse("MERGE INTO orders o USING s ON o.id = s.id WHEN NOT MATCHED THEN INSERT (a) VALUES (s.a)"));
    assertEquals("MERGE into orders can insert rows without id, which seqproxy does not fill in a MERGE:"
        + " list id in the MERGE's insert columns and supply the value, or use INSERT (with ON CONFLICT"
        + " or ON DUPLICATE KEY UPDATE)", e.getMessage());
  }

  @Test
  void mergeThatSuppliesTheColumnAndMergeIntoOtherTablesPass() {
    assertDoesNotThrow(() -> refuse(
        "MERGE INTO orders o USING s ON o.id = s.id WHEN NOT MATCHED THEN INSERT (id, a) VALUES (s.id, s.a)"));
    assertDoesNotThrow(() -> refuse("MERGE INTO other USING s ON true WHEN NOT MATCHED THEN INSERT (a) VALUES (1)"));
  }

  @Test
  void explainAnalyzeOfAnInsertIntoAMappedTableIsRefused() {
    SQLFeatureNotSupportedException e = assertThrows(SQLFeatureNotSupportedException.class,
        () -> refuse("EXPLAIN ANALYZE INSERT INTO orders (a) VALUES (1)"));
    assertEquals("EXPLAIN ANALYZE runs the INSERT into orders, which seqproxy does not fill inside EXPLAIN:"
        + " explain it without ANALYZE, or run the INSERT as a statement of its own", e.getMessage());
    assertDoesNotThrow(() -> refuse("EXPLAIN INSERT INTO orders (a) VALUES (1)"));
  }

  @Test
  void anInsertNestedWithOtherTextIsRefusedUnlessPlanned() {
    String sql = "SELECT (INSERT INTO orders (a) VALUES (1), 2)";
    List<Token> tokens = SqlTokenizer.tokenize(sql, SqlDialect.STANDARD);
    OtherWriters writers = writers(sql, tokens);
    SQLFeatureNotSupportedException e = assertThrows(SQLFeatureNotSupportedException.class,
        () -> writers.refuseUnplannedInserts(0, tokens.size(), Set.of()));
    assertEquals("INSERT into orders inside another statement cannot be rewritten: seqproxy fills a nested"
        + " INSERT only when it is all that its parentheses hold, as in FINAL TABLE (INSERT ...) or"
        + " WITH x AS (INSERT ...); run it as a statement of its own", e.getMessage());
    assertDoesNotThrow(() -> writers.refuseUnplannedInserts(0, tokens.size(), Set.of(2)));
  }
}
