package io.seqproxy.jdbc.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.jdbc.rewrite.RewritePlan.Kind;
import io.seqproxy.jdbc.rewrite.RewritePlan.Slot;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InsertRewriterTest {

  private final InsertRewriter rewriter = new InsertRewriter(FixedMappings.STANDARD);

  /** Counts lookups: a statement that fails the pre-check never reaches the mappings. */
  private static final class CountingMappings implements TableMappings {
    final AtomicInteger lookups = new AtomicInteger();

    @Override
    public List<ColumnMapping> columnsFor(String schema, String table) {
      lookups.incrementAndGet();
      return FixedMappings.STANDARD.columnsFor(schema, table);
    }

    @Override
    public Set<String> tableNames() {
      return FixedMappings.STANDARD.tableNames();
    }
  }

  @Test
  void statementsWithoutInsertOrMappedTableSkipTokenizingAndParsing() throws SQLException {
    CountingMappings mappings = new CountingMappings();
    InsertRewriter counting = new InsertRewriter(mappings);
    for (String sql :
        List.of(
            "SELECT * FROM orders WHERE id = ?",
            "UPDATE orders SET a = 1",
            "DELETE FROM orders",
            "CREATE TABLE orders (id BIGINT)",
            "INSERT INTO other (a) VALUES (((( not sql at all",
            "INSERT INTO other (a) VALUES ('unterminated",
            "INSERTED INTO orders",
            "SELECT reinsert FROM orders")) {
      RewritePlan plan = counting.plan(sql);
      assertTrue(plan.passThrough(), sql);
      assertSame(sql, plan.preparedSql(), sql);
    }
    assertEquals(0, mappings.lookups.get());
  }

  @Test
  void unparseableInsertIntoUnmappedTablePassesThrough() throws SQLException {
    String sql = "INSERT INTO other (a) VALUES (1 +) /* orders */ FROBNICATE ((";
    assertTrue(rewriter.plan(sql).passThrough());
  }

  @Test
  void unparseableStatementMentioningMappedTableOutsideAnInsertPassesThrough() throws SQLException {
    String sql = "VACUUM FULL VERBOSE orders -- insert";
    assertTrue(rewriter.plan(sql).passThrough());
  }

  /**
   * PostgreSQL and H2 read {@code U&"\006Frders"} as {@code orders}: the pre-check does not see
   * the name, so the INSERT would pass unchanged and write a row without its ID; it is refused.
   */
  @Test
  void anInsertWithAUnicodeEscapedIdentifierIsRefusedOnPostgresqlAndH2() {
    String message = "INSERT with the Unicode-escaped identifier %s cannot be rewritten: seqproxy"
        + " cannot tell whether it names a mapped table, and a row written through it would have no"
        + " generated ID; write the identifier without U& escapes";
    for (SqlDialect dialect : List.of(SqlDialect.POSTGRESQL, SqlDialect.STANDARD)) {
      InsertRewriter escaped = new InsertRewriter(FixedMappings.STANDARD, dialect);
      SQLException plain = assertThrows(SQLException.class,
          () -> escaped.plan("INSERT INTO U&\"\\006Frders\" (a) VALUES (1)"));
      assertEquals(String.format(message, "U&\"\\006Frders\""), plain.getMessage());
      assertEquals("0A000", plain.getSQLState());
      SQLException withUescape = assertThrows(SQLException.class,
          () -> escaped.plan("insert into public.u&\"!006Frders\" UESCAPE '!' (a) VALUES (1)"));
      assertEquals(String.format(message, "u&\"!006Frders\""), withUescape.getMessage());
    }
  }

  @Test
  void aUnicodeEscapedIdentifierOutsideAnInsertPassesThrough() throws SQLException {
    InsertRewriter postgres = new InsertRewriter(FixedMappings.STANDARD, SqlDialect.POSTGRESQL);
    String sql = "SELECT U&\"\\0061\" FROM t WHERE note = 'insert'";
    assertTrue(postgres.plan(sql).passThrough());
  }

  @Test
  void onMysqlUAmpersandQuotedTextIsAnExpressionAndTheInsertIsRewritten() throws SQLException {
    assertEquals("INSERT INTO orders (a, id) VALUES (U&\"x\", ?)",
        rewriter.plan("INSERT INTO orders (a) VALUES (U&\"x\")").preparedSql());
  }

  /** MySQL runs the text of {@code /*! ... *}{@code /}: the table named there is out of the tokens' sight. */
  @Test
  void anInsertWithAnExecutableCommentIsRefusedOnMysql() {
    SQLException refused = assertThrows(SQLException.class,
        () -> rewriter.plan("INSERT INTO /*!50000 orders */ (a) VALUES (1)"));
    assertEquals("INSERT with the executable comment /*!50000 orders */ cannot be rewritten: the server"
        + " runs its text, which may name a mapped table or its columns out of seqproxy's sight;"
        + " write that text outside the comment", refused.getMessage());
    SQLException mariadb = assertThrows(SQLException.class,
        () -> rewriter.plan("INSERT INTO orders (a /*M!, id */) VALUES (1)"));
    assertTrue(mariadb.getMessage().startsWith("INSERT with the executable comment /*M!, id */ cannot"),
        mariadb.getMessage());
  }

  @Test
  void anOrdinaryCommentInAnInsertOnMysqlIsDropped() throws SQLException {
    assertEquals("INSERT INTO orders /* note */ (a, id) VALUES ('/*!x*/', ?)",
        rewriter.plan("INSERT INTO orders /* note */ (a) VALUES ('/*!x*/')").preparedSql());
    assertEquals("INSERT INTO orders (a, id) VALUES (1, ?) -- /*!x*/",
        rewriter.plan("INSERT INTO orders (a) VALUES (1) -- /*!x*/").preparedSql());
  }

  @Test
  void planningTwiceGivesEqualPlans() throws SQLException {
    String sql = "INSERT INTO orders (a) VALUES (?)";
    assertEquals(rewriter.plan(sql), rewriter.plan(new String(sql.toCharArray())));
  }

  @Test
  void refusalRepeatsWithTheSameMessage() {
    String sql = "INSERT INTO orders VALUES (1)";
    SQLException first = assertThrows(SQLException.class, () -> rewriter.plan(sql));
    SQLException second = assertThrows(SQLException.class, () -> rewriter.plan(sql));
    assertEquals(first.getMessage(), second.getMessage());
  }

  @Test
  void slotsCarrySequenceRowAndAppIndex() throws SQLException {
    RewritePlan plan = rewriter.plan("INSERT INTO items (code, a) VALUES (?, ?), (NULL, ?)");
    assertEquals(
        List.of(
            new Slot(Kind.GENERATED_IF_NULL, 1, "item_code", "code", 0, false),
            new Slot(Kind.PARAMETER, 2, null, null, -1, false),
            new Slot(Kind.GENERATED, 0, "item_id", "id", 0, false),
            new Slot(Kind.GENERATED, 0, "item_code", "code", 1, false),
            new Slot(Kind.PARAMETER, 3, null, null, -1, false),
            new Slot(Kind.GENERATED, 0, "item_id", "id", 1, false)),
        plan.slots());
    assertEquals(3, plan.appParameterCount());
    assertEquals(2, plan.rowCount());
    assertEquals(List.of("id", "code"), plan.generatedColumns());
  }

  @Test
  void rejectExplicitParameterIsMarkedForTheRuntime() throws SQLException {
    Slot slot = rewriter.plan("INSERT INTO events (event_id) VALUES (?)").slots().get(0);
    assertEquals(new Slot(Kind.GENERATED_IF_NULL, 1, "event_id", "event_id", 0, true), slot);
  }

  @Test
  void dialectFollowsTheRealDriversUrl() {
    assertEquals(SqlDialect.MYSQL, SqlDialect.forUrl("jdbc:mysql://127.0.0.1:3306/test"));
    assertEquals(SqlDialect.MYSQL, SqlDialect.forUrl("jdbc:mariadb://h/test"));
    assertEquals(SqlDialect.POSTGRESQL, SqlDialect.forUrl("jdbc:postgresql://h/test"));
    assertEquals(SqlDialect.STANDARD, SqlDialect.forUrl("jdbc:h2:mem:demo"));
    // Drivers that wrap another name it before the address; the wrapped database's rules apply.
    assertEquals(SqlDialect.MYSQL, SqlDialect.forUrl("jdbc:p6spy:mysql://127.0.0.1:3306/test"));
    assertEquals(SqlDialect.MYSQL, SqlDialect.forUrl("jdbc:counting:mysql://127.0.0.1:3306/test"));
    assertEquals(SqlDialect.MYSQL, SqlDialect.forUrl("jdbc:mysql:replication://h1,h2/test"));
    assertEquals(SqlDialect.POSTGRESQL, SqlDialect.forUrl("jdbc:tc:postgresql:15:///test"));
    assertEquals(SqlDialect.POSTGRESQL, SqlDialect.forUrl("jdbc:otel:postgresql://h/test"));
    assertEquals(SqlDialect.STANDARD, SqlDialect.forUrl("jdbc:p6spy:h2:mem:mysql"));
    assertEquals(SqlDialect.STANDARD, SqlDialect.forUrl("jdbc:h2:tcp://mysql/postgresql"));
    assertEquals(SqlDialect.STANDARD, SqlDialect.forUrl("jdbc:oracle:thin:@//mysql:1521/pg"));
  }

  @Test
  void preCheckMatchesKeywordsAsWholeWordsOnly() {
    assertTrue(TextPreCheck.hasWritingKeyword("x;insert into"));
    assertTrue(TextPreCheck.hasWritingKeyword("REPLACE"));
    assertTrue(TextPreCheck.hasWritingKeyword("select 1; Merge into t"));
    assertFalse(TextPreCheck.hasWritingKeyword("reinserted"));
    assertFalse(TextPreCheck.hasWritingKeyword("insert_log"));
    assertFalse(TextPreCheck.hasWritingKeyword("inser"));
    assertFalse(TextPreCheck.hasWritingKeyword("emerge $insert replaced"));
  }

  @Test
  void preCheckSkipsTheCommentsThatLeadAStatementButNotExecutableOnes() {
    TextPreCheck mysql = new TextPreCheck(Set.of("orders"), SqlDialect.MYSQL);
    List<String> mayInsert = List.of(
        "/*traceparent='00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'*/ INSERT INTO orders (a) VALUES (?)",
        " \n/* c1 */\t/**//* c2 */INSERT INTO orders (a) VALUES (?)",
        // MySQL runs the text of an executable comment.
        "/*!50000 INSERT INTO orders (a) VALUES (1) */",
        "/* c */ /*M!100000 INSERT INTO orders (a) VALUES (1) */",
        "/* never closed INSERT INTO orders (a) VALUES (1)");
    for (String sql : mayInsert) {
      assertTrue(mysql.mayInsertIntoMappedTable(sql), sql);
    }
    for (String sql : List.of("/* INSERT INTO orders */ SELECT * FROM orders", "/* insert */ /* orders */ UPDATE orders SET a = 1")) {
      assertFalse(mysql.mayInsertIntoMappedTable(sql), sql);
    }
    // On PostgreSQL comments nest, elsewhere the first "*/" ends one.
    String nested = "/* a /* b */ INSERT INTO orders (a) VALUES (1) */ SELECT 1";
    assertFalse(new TextPreCheck(Set.of("orders"), SqlDialect.POSTGRESQL).mayInsertIntoMappedTable(nested));
    assertTrue(new TextPreCheck(Set.of("orders"), SqlDialect.STANDARD).mayInsertIntoMappedTable(nested));
  }

  @Test
  void backslashIsAnEscapeOnlyWhereTheDialectSaysSo() throws SQLException {
    String sql = "INSERT INTO orders (a) VALUES ('x\\'), (?)";
    assertEquals(
        "INSERT INTO orders (a, id) VALUES ('x\\', ?), (?, ?)",
        new InsertRewriter(FixedMappings.STANDARD, SqlDialect.POSTGRESQL).plan(sql).preparedSql());
    // To MySQL the same text is one unterminated string: the row is never closed.
    SQLException error = assertThrows(SQLException.class, () -> rewriter.plan(sql));
    assertTrue(error.getMessage().contains("INSERT into orders cannot be rewritten"), error.getMessage());
  }

  @Test
  void oneShapePlansEveryStringOfItsKey() throws SQLException {
    CountingMappings mappings = new CountingMappings();
    InsertRewriter counting = new InsertRewriter(mappings);
    InsertRewriter.Reading firstReading = counting.read("INSERT INTO orders (a, b) VALUES ('x', 1)");
    InsertRewriter.Shape shape = counting.shape(firstReading);
    RewritePlan first = firstReading.plan(shape);
    int lookupsForOnePlan = mappings.lookups.get();
    for (int i = 2; i <= 50; i++) {
      InsertRewriter.Reading reading = counting.read("INSERT INTO orders (a, b) VALUES ('x" + i + "', " + i + ")");
      assertEquals(firstReading.shapeKey(), reading.shapeKey());
      RewritePlan plan = reading.plan(shape);
      assertEquals("INSERT INTO orders (a, b, id) VALUES ('x" + i + "', " + i + ", ?)", plan.preparedSql());
      assertEquals(List.of("INSERT INTO orders (a, b, id) VALUES ('x" + i + "', " + i + ", ", ")"), plan.fragments());
      assertEquals(first.slots(), plan.slots());
    }
    assertEquals(lookupsForOnePlan, mappings.lookups.get(), "no statement after the first was planned again");
  }

  @Test
  void explicitKeysAreReadFromEachStatementsLiterals() throws SQLException {
    assertEquals(List.of(new RewritePlan.ExplicitKey(0, "id", -5L)),
        rewriter.plan("INSERT INTO orders (id, a) VALUES (-5, 'a')").explicitKeys());
    assertEquals(List.of(new RewritePlan.ExplicitKey(0, "id", -7L)),
        rewriter.plan("INSERT INTO orders (id, a) VALUES (-7, 'b')").explicitKeys());
    assertEquals(List.of(new RewritePlan.ExplicitKey(0, "id", null)),
        rewriter.plan("INSERT INTO orders (id, a) VALUES (1.5, 'c')").explicitKeys());
    assertEquals(List.of(new RewritePlan.ExplicitKey(0, "id", 8L)),
        rewriter.plan("INSERT INTO orders (id, a) VALUES (8, 'd')").explicitKeys());
  }

  @Test
  void aStringAndANumberInOnePlaceAreDifferentShapes() throws SQLException {
    assertEquals(List.of(new RewritePlan.ExplicitKey(0, "id", 3L)),
        rewriter.plan("INSERT INTO orders (id) VALUES (3)").explicitKeys());
    assertEquals(List.of(new RewritePlan.ExplicitKey(0, "id", null)),
        rewriter.plan("INSERT INTO orders (id) VALUES ('3')").explicitKeys());
  }

  @Test
  void aLiteralThatLooksLikeSqlStaysALiteral() throws SQLException {
    rewriter.plan("INSERT INTO orders (a) VALUES ('plain')");
    RewritePlan plan = rewriter.plan("INSERT INTO orders (a) VALUES ('x''), (NULL')");
    assertEquals("INSERT INTO orders (a, id) VALUES ('x''), (NULL', ?)", plan.preparedSql());
    assertEquals(1, plan.rowCount());
  }

  @Test
  void nestedInsertsOfOneShapeReadTheirOwnExplicitKeys() throws SQLException {
    InsertRewriter h2 = new InsertRewriter(FixedMappings.STANDARD, SqlDialect.STANDARD);
    RewritePlan first = h2.plan("SELECT id FROM FINAL TABLE (INSERT INTO orders (id, a) VALUES (5, 'a'), (NULL, 'b'))");
    RewritePlan second = h2.plan("SELECT id FROM FINAL TABLE (INSERT INTO orders (id, a) VALUES (6, 'c'), (NULL, 'd'))");
    assertEquals("SELECT id FROM FINAL TABLE (INSERT INTO orders (id, a) VALUES (6, 'c'), (?, 'd'))",
        second.preparedSql());
    assertEquals(List.of(new RewritePlan.ExplicitKey(0, "id", 5L)), first.explicitKeys());
    assertEquals(List.of(new RewritePlan.ExplicitKey(0, "id", 6L)), second.explicitKeys());
    assertEquals(2, second.rowCount());
  }

  /** Found by the fuzzer: a MySQL row alias cut off by a comment ended the token list mid-read. */
  @Test
  void aRowAliasWithoutANameIsRefused() {
    SQLException e = assertThrows(SQLException.class,
        () -> rewriter.plan("INSERT INTO orders (a) VALUES (1) AS #new\n"));
    assertEquals("INSERT into orders cannot be rewritten: expected a row alias after AS but found 'AS'", e.getMessage());
  }

  /** Found by CI's fuzzing: the same after a SET list, which read one token past the last. */
  @Test
  void aRowAliasWithoutANameAfterASetListIsRefused() throws SQLException {
    SQLException e = assertThrows(SQLException.class,
        () -> rewriter.plan("INSERT INTO orders SET a = 1 AS /* new */"));
    assertEquals("INSERT into orders cannot be rewritten: expected a row alias after AS but found 'AS'", e.getMessage());
    assertEquals("INSERT INTO orders SET a = 1, id = ? AS new(x, y) ON DUPLICATE KEY UPDATE a = new.x",
        rewriter.plan("INSERT INTO orders SET a = 1 AS new(x, y) ON DUPLICATE KEY UPDATE a = new.x").preparedSql());
  }
}
