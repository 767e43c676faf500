package io.seqproxy.jdbc.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Strings that differ only in comments and whitespace have one shape, and the plan each gets from
 * it keeps that string's own comments and whitespace, byte for byte, exactly as planning the
 * string afresh would.
 */
class ShapeAcrossCommentsTest {

  private final InsertRewriter mysql = new InsertRewriter(FixedMappings.STANDARD, SqlDialect.MYSQL);

  static Stream<RewriteCase> cases() {
    return Stream.of(InsertRewriterCasesTest.basics(), InsertRewriterCasesTest.mysql(),
            InsertRewriterCasesTest.postgresql(), InsertRewriterCasesTest.h2(), InsertRewriterCasesTest.nested(),
            InsertRewriterCasesTest.untouched(), InsertRewriterCasesTest.otherWriters())
        .flatMap(cases -> cases);
  }

  /**
   * Every case of the rewriter's table that plans, with its whitespace and comments replaced by
   * others (trace comments, hints, line comments, newlines), eight times: the variant has the
   * case's key, and the case's shape gives it the plan it would get on its own; the texts rendered
   * from its tokens without the plan (a plain Statement's, the prepared SQL) are the plan's.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void otherCommentsAndWhitespaceShareTheShapeAndKeepTheirPlace(RewriteCase rewriteCase) throws SQLException {
    InsertRewriter rewriter = new InsertRewriter(FixedMappings.STANDARD, rewriteCase.dialect());
    InsertRewriter.Reading original = rewriter.read(rewriteCase.sql());
    if (original == null || original.shapeKey().startsWith(" ")) {
      return; // sent as written without a reading, or a key of its own (an executable comment)
    }
    InsertRewriter.Shape shape;
    try {
      shape = rewriter.shape(original);
    } catch (SQLException refused) {
      return; // refused strings are planned, and refused, one by one
    }
    assertEquals(original.plan(shape).preparedSql(), original.preparedSql(shape));
    Random random = new Random(rewriteCase.sql().hashCode());
    List<Token> tokens = SqlTokenizer.tokenize(rewriteCase.sql(), rewriteCase.dialect());
    boolean defaultValues = rewriteCase.sql().matches("(?is).*\\bDEFAULT\\s+VALUES\\b.*");
    for (int v = 0; v < 8; v++) {
      String variant = regap(rewriteCase.sql(), tokens, rewriteCase.dialect(), random, v);
      InsertRewriter.Reading reading = rewriter.read(variant);
      if (reading == null) {
        // The case was read for the words in a comment it has (INSERT, a mapped table), and the
        // variant lost them: it passes through, as its shape does.
        assertTrue(original.plan(shape).passThrough(), variant);
        continue;
      }
      assertSameKey(original, reading);
      RewritePlan shared = reading.plan(shape);
      assertEquals(rewriter.plan(variant), shared, variant);
      assertEquals(shared.preparedSql(), reading.preparedSql(shape), variant);
      for (String leading : LEADING) {
        assertLedPlanIsThePlan(rewriter, leading + variant);
      }
      if (!shared.passThrough()) {
        assertEquals(joined(shared), reading.render("", shape, (text, slot) -> text.append(slotText(shared, slot))), variant);
      }
      for (int gap = 0; gap <= tokens.size(); gap++) {
        String comment = "c" + v + "_" + gap + " ";
        // DEFAULT VALUES is replaced whole, with a comment between its words.
        if (variant.contains(comment) && !defaultValues) {
          assertEquals(1, count(shared.preparedSql(), comment), () -> comment + " of " + variant + " in " + shared.preparedSql());
        }
      }
    }
  }

  /** Comments and whitespace an application or a tracer writes before a statement. */
  private static final List<String> LEADING = List.of(
      "/*traceparent='00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'*/ ", " \n/* insert into orders */\t",
      "/* a /* b */ c */ ", "/*+ hint */", "/*!50000 x */ ", "/* c */ -- line\n", "/* never closed");

  /**
   * What the driver's verdicts rely on: a statement that rewrites, with the comments and whitespace
   * that lead {@code sql} in front, is planned as {@code sql} is: the plan's texts begin with them,
   * all else is the same.
   */
  private static void assertLedPlanIsThePlan(InsertRewriter rewriter, String sql) throws SQLException {
    int start = rewriter.statementStart(sql);
    if (start == 0) {
      return;
    }
    RewritePlan statement;
    try {
      statement = rewriter.plan(sql.substring(start));
    } catch (SQLException refused) {
      return; // the driver plans such a string on its own
    }
    if (statement.passThrough()) {
      return;
    }
    String leading = sql.substring(0, start);
    List<String> fragments = new ArrayList<>(statement.fragments());
    fragments.set(0, leading + fragments.get(0));
    assertEquals(new RewritePlan(sql, fragments, statement.slots(), leading + statement.preparedSql(),
        statement.appParameterCount(), statement.rowCount(), statement.generatedColumns(), statement.explicitKeys()),
        rewriter.plan(sql), sql);
  }

  /**
   * Both readings have one shape key: its text, and the map key read from the tokens without its
   * text, equal to the key kept in a map and hashed alike.
   */
  private static void assertSameKey(InsertRewriter.Reading one, InsertRewriter.Reading other) {
    String where = one.sql() + " / " + other.sql();
    assertEquals(one.shapeKey(), other.shapeKey(), where);
    ShapeKey kept = one.key().kept();
    assertEquals(one.shapeKey(), kept.toString(), where);
    assertEquals(kept, other.key(), where);
    assertEquals(other.key(), kept, where);
    assertEquals(other.key(), one.key(), where);
    assertEquals(PlanShape.textHash(one.shapeKey()), other.key().hashCode(), where);
    assertEquals(kept.hashCode(), other.key().hashCode(), where);
  }

  /** The readings have other shape keys, as texts and as map keys. */
  private static void assertOtherKey(InsertRewriter.Reading one, InsertRewriter.Reading other) {
    String where = one.sql() + " / " + other.sql();
    assertNotEquals(one.shapeKey(), other.shapeKey(), where);
    assertNotEquals(one.key().kept(), other.key(), where);
    assertNotEquals(other.key(), one.key().kept(), where);
    assertNotEquals(other.key(), one.key(), where);
  }

  /** What a plain Statement sends for {@code plan}, each slot written as {@link #slotText}. */
  private static String joined(RewritePlan plan) {
    StringBuilder text = new StringBuilder(plan.fragments().get(0));
    for (int slot = 0; slot < plan.slots().size(); slot++) {
      text.append(slotText(plan, slot)).append(plan.fragments().get(slot + 1));
    }
    return text.toString();
  }

  private static String slotText(RewritePlan plan, int slot) {
    return plan.slots().get(slot).kind() == RewritePlan.Kind.PARAMETER ? "?" : "<" + slot + ">";
  }

  /** {@code sql} with each stretch of whitespace or comments between its tokens replaced by another. */
  private static String regap(String sql, List<Token> tokens, SqlDialect dialect, Random random, int variant) {
    StringBuilder text = new StringBuilder();
    int gapStart = 0;
    int gap = 0;
    for (int i = 0; i <= tokens.size(); i++) {
      int gapEnd = i < tokens.size() ? tokens.get(i).start() : sql.length();
      if (gapEnd > gapStart) {
        String id = "c" + variant + "_" + gap++ + " ";
        text.append(switch (random.nextInt(dialect == SqlDialect.MYSQL ? 7 : 6)) {
          case 0 -> " ";
          case 1 -> "\n\t ";
          case 2 -> " /*" + id + "*/ ";
          case 3 -> " /*traceparent='00-" + Long.toHexString(random.nextLong()) + "-" + id + "01'*/ ";
          case 4 -> " -- " + id + "\n";
          case 5 -> " /*+ " + id + "*/\n";
          default -> " #" + id + "\n";
        });
      }
      if (i < tokens.size()) {
        text.append(sql, tokens.get(i).start(), tokens.get(i).end());
        gapStart = tokens.get(i).end();
      }
    }
    return text.toString();
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }

  @Test
  void aTraceCommentStaysWhereTheApplicationPutIt() throws SQLException {
    InsertRewriter.Reading plain = mysql.read("INSERT INTO orders (a) VALUES (?)");
    InsertRewriter.Shape shape = mysql.shape(plain);
    String traced = "/*traceparent='00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'*/"
        + " INSERT INTO orders (a) VALUES (?) /*action='checkout'*/";
    InsertRewriter.Reading reading = mysql.read(traced);
    assertSameKey(plain, reading);
    assertEquals("/*traceparent='00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'*/"
        + " INSERT INTO orders (a, id) VALUES (?, ?) /*action='checkout'*/", reading.plan(shape).preparedSql());
  }

  @Test
  void aHintAndALineCommentKeepTheirPlaceAndTheirNewline() throws SQLException {
    InsertRewriter.Shape shape = mysql.shape(mysql.read("INSERT INTO orders (a) VALUES (1)"));
    String sql = "INSERT /*+ SET_VAR(foreign_key_checks=OFF) */ INTO orders (a) -- the a\nVALUES (2)";
    assertEquals("INSERT /*+ SET_VAR(foreign_key_checks=OFF) */ INTO orders (a, id) -- the a\nVALUES (2, ?)",
        mysql.read(sql).plan(shape).preparedSql());
  }

  @Test
  void anExecutableCommentIsAKeyOfItsOwnAndStillRefused() throws SQLException {
    String plain = "INSERT INTO orders (a) VALUES (?)";
    mysql.shape(mysql.read(plain));
    for (String sql : List.of("INSERT /*!99999 IGNORE */ INTO orders (a) VALUES (?)",
        "INSERT INTO orders (a) VALUES (?) /*M!100000 , (2) */")) {
      InsertRewriter.Reading reading = mysql.read(sql);
      assertOtherKey(mysql.read(plain), reading);
      SQLException refused = assertThrows(SQLException.class, () -> mysql.shape(reading));
      assertTrue(refused.getMessage().contains("executable comment"), refused.getMessage());
    }
    // Outside MySQL such a comment is a comment.
    InsertRewriter h2 = new InsertRewriter(FixedMappings.STANDARD, SqlDialect.STANDARD);
    assertSameKey(h2.read(plain), h2.read("INSERT /*!99999 IGNORE */ INTO orders (a) VALUES (?)"));
  }

  @Test
  void whetherTokensTouchIsPartOfTheShape() {
    InsertRewriter postgres = new InsertRewriter(FixedMappings.STANDARD, SqlDialect.POSTGRESQL);
    assertOtherKey(postgres.read("INSERT INTO orders (a) VALUES (?::int)"),
        postgres.read("INSERT INTO orders (a) VALUES (?: :int)"));
    assertSameKey(postgres.read("INSERT INTO orders (a) VALUES (? /* x */ ::int)"),
        postgres.read("INSERT INTO orders (a) VALUES (?\n::int)"));
  }

  /**
   * Keys that differ in one place hash apart, so the shape cache compares a string's key with one
   * kept key, not with every key that shares its length: an INSERT prepared and the same with
   * literals (an application's ORM and its own SQL on one table), literals of other kinds in the
   * same places, and a table named with one letter in another case.
   */
  @Test
  void keysThatDifferInOnePlaceHashApart() {
    for (InsertRewriter rewriter : List.of(mysql, new InsertRewriter(FixedMappings.STANDARD, SqlDialect.STANDARD))) {
      List<InsertRewriter.Reading> readings = List.of(
          rewriter.read("INSERT INTO orders (a, b) VALUES (?, ?)"),
          rewriter.read("INSERT INTO orders (a, b) VALUES ('x', 5)"),
          rewriter.read("INSERT INTO orders (a, b) VALUES (5, 'x')"),
          rewriter.read("INSERT INTO orders (a, b) VALUES (?, 5)"),
          rewriter.read("INSERT INTO orders (a, c) VALUES (?, ?)"),
          rewriter.read("INSERT INTO Orders (a, b) VALUES (?, ?)"));
      for (int i = 0; i < readings.size(); i++) {
        for (int j = i + 1; j < readings.size(); j++) {
          InsertRewriter.Reading one = readings.get(i);
          InsertRewriter.Reading other = readings.get(j);
          assertOtherKey(one, other);
          assertNotEquals(one.key().hashCode(), other.key().hashCode(), one.sql() + " / " + other.sql());
          assertNotEquals(one.key().kept().hashCode(), other.key().hashCode(), one.sql() + " / " + other.sql());
        }
      }
    }
  }

  @Test
  void onlyTextWithSingleSpacesBetweenTokensAndNoLiteralsIsItsOwnKey() {
    assertTrue(mysql.read("INSERT INTO orders (a) VALUES (?)").isShapeKey());
    for (String sql : List.of("INSERT INTO orders (a) VALUES (1)", "INSERT INTO orders (a)  VALUES (?)",
        " INSERT INTO orders (a) VALUES (?)", "INSERT INTO orders (a) VALUES (?) ", "INSERT INTO orders\n(a) VALUES (?)",
        "INSERT /**/ INTO orders (a) VALUES (?)")) {
      assertEquals(false, mysql.read(sql).isShapeKey(), sql);
    }
  }

  /**
   * The tokenizer notes a MySQL executable comment wherever it lies between, before or after the
   * tokens, in a block or a line comment, and nowhere else (not in a string, not on another
   * dialect); the key is then the whole text, and its hash, kept while reading, is the built key's.
   */
  @Test
  void theKeyKeptWhileReadingIsTheKeyBuiltAfterwards() {
    Map<String, Boolean> executableOnMysql = new LinkedHashMap<>();
    executableOnMysql.put("/*! STRAIGHT_JOIN */ INSERT INTO orders (a) VALUES (1)", true);
    executableOnMysql.put("INSERT /*!50000 IGNORE */ INTO orders (a) VALUES (1)", true);
    executableOnMysql.put("INSERT INTO orders (a) VALUES (1) /*M!100000 RETURNING id */", true);
    executableOnMysql.put("INSERT INTO orders (a) VALUES (?) /*m! x", true);
    executableOnMysql.put("INSERT INTO orders (a) -- see /*! x */\n VALUES ('a')", true);
    executableOnMysql.put("INSERT INTO orders (a) VALUES (1) # /*!", true);
    executableOnMysql.put("INSERT INTO orders (a) VALUES ('/*! in a string */')", false);
    executableOnMysql.put("INSERT INTO orders (a) VALUES (1) /* ! */ /*+ hint */", false);
    executableOnMysql.put("INSERT INTO orders (a) VALUES (1) /*", false);
    executableOnMysql.put("INSERT INTO `/*!` (a) VALUES (1)", false);
    for (Map.Entry<String, Boolean> entry : executableOnMysql.entrySet()) {
      for (SqlDialect dialect : SqlDialect.values()) {
        String sql = entry.getKey();
        boolean mysql = dialect == SqlDialect.MYSQL;
        Tokens tokens = SqlTokenizer.tokenize(sql, dialect);
        String where = dialect + ": " + sql;
        assertEquals(mysql && entry.getValue(), PlanShape.ownsKey(tokens, mysql), where);
        String key = PlanShape.key(sql, tokens, mysql);
        assertEquals(mysql && entry.getValue() ? " " + sql : key, key, where);
        assertEquals(PlanShape.textHash(key), PlanShape.keyHash(sql, tokens, PlanShape.ownsKey(tokens, mysql)), where);
        assertTrue(PlanShape.isKey(key, sql, tokens, PlanShape.ownsKey(tokens, mysql)), where);
        assertEquals(!sql.contains("(?)"), tokens.hasLiterals(), where);
      }
    }
  }
}
