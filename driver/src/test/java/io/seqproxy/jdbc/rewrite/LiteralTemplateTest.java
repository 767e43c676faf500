package io.seqproxy.jdbc.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A statement with literals read against the template of another of its shape finds exactly the
 * tokens the tokenizer finds, or is left to the tokenizer; and the strings an application builds
 * by concatenation (new literals, other whitespace) are read against it.
 */
class LiteralTemplateTest {
  private static final List<String> STATEMENTS = List.of(
      "INSERT INTO orders (a, b) VALUES ('name 1', 1)",
      "INSERT INTO orders(a,b) VALUES('x',-1.5e3)",
      "insert into orders (a, b, c) values ('it''s', 0x1F, 'a\\\\b'), ('', 2, 'c');",
      "INSERT INTO items (id, code, a) VALUES (1, 2, 'three')",
      "INSERT INTO orders (a) SELECT 'x' FROM dual WHERE 1=1",
      "INSERT INTO orders (a) VALUES (5--3)",
      "INSERT INTO orders (a) VALUES (5-3)",
      "WITH v AS (SELECT 1 AS n) INSERT INTO orders (a) SELECT n + 2 FROM v");
  /** Characters that end, begin or change tokens: quotes, comment openers, points, digits, word parts. */
  private static final String TOUCHY = " \t\n'\"`-/*#$.eE0129xXNb_@?(),;\\:+";

  /** The template of an INSERT of a string and a number on {@code dialect}. */
  private static LiteralTemplate nameAndAmount(SqlDialect dialect) {
    return new InsertRewriter(FixedMappings.STANDARD, dialect).read("INSERT INTO orders (a, b) VALUES ('name 1', 1)").template();
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void newLiteralsAndOtherWhitespaceAreReadAgainstTheTemplate(SqlDialect dialect) {
    LiteralTemplate template = nameAndAmount(dialect);
    for (String sql : List.of(
        "INSERT INTO orders (a, b) VALUES ('name 2', 2)",
        "INSERT INTO orders (a, b) VALUES ('', 12345678901234567890)",
        "INSERT INTO orders (a, b) VALUES ('it''s', 1.5)",
        "INSERT INTO orders (a, b) VALUES ('x', 1e-3)",
        "  INSERT\tINTO orders\n(a,   b) VALUES\r\n('y', 0x1F)  ",
        "INSERT INTO orders (a, b) VALUES ('x', 2) /*traceparent='00-4bf92f3577b34da6a3ce929d0e0e4736-01'*/",
        "INSERT INTO orders (a, b) VALUES ('x', 2) /* one */ /* two */\n",
        "INSERT INTO orders (a, b) VALUES ('x', 2)\n-- a line\n")) {
      InsertRewriter.Reading reading = template.read(sql);
      assertNotNull(reading, sql);
      assertTheTokenizers(dialect, sql, reading);
    }
  }

  /**
   * The text between the literals is compared a stretch at a time when the template has only
   * whitespace between its tokens; a string whose whitespace differs there, or a template with a
   * comment between its tokens (whose text it does not keep), is compared run by run, with the same
   * tokens as the tokenizer's.
   */
  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void stretchesAndRunsReadTheSameStrings(SqlDialect dialect) {
    InsertRewriter rewriter = new InsertRewriter(FixedMappings.STANDARD, dialect);
    LiteralTemplate plain = nameAndAmount(dialect);
    LiteralTemplate commented = rewriter.read("INSERT INTO orders /* x */ (a, b) VALUES ('name 1', 1)").template();
    for (String sql : List.of(
        "INSERT INTO orders (a, b) VALUES ('a much longer name', 1234567)",
        "INSERT INTO orders (a, b) VALUES ('', 0)",
        "INSERT INTO orders  (a, b) VALUES ('y', 2)",
        "INSERT INTO orders (a, b) VALUES ('y',  2) ",
        "INSERT INTO orders (a, b)\nVALUES ('y', 2)")) {
      assertTheTokenizers(dialect, sql, plain.read(sql));
      assertTheTokenizers(dialect, sql, commented.read(sql));
    }
    String sameComment = "INSERT INTO orders /* x */ (a, b) VALUES ('y', 2)";
    assertNull(commented.read(sameComment), "a comment between tokens is the tokenizer's to read");
    assertNull(plain.read(sameComment));
    assertTrue(plain.comparesStretches());
    assertFalse(commented.comparesStretches());
  }

  /**
   * A template whose whitespace is far longer than its tokens keeps no stretches, which would hold
   * that whitespace in memory as long as the template is kept; strings are still read, run by run.
   */
  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void aTemplatePaddedWithWhitespaceKeepsNoStretches(SqlDialect dialect) {
    String padding = " ".repeat(1 << 20);
    LiteralTemplate padded = new InsertRewriter(FixedMappings.STANDARD, dialect)
        .read("INSERT INTO orders (a, b)" + padding + "VALUES ('name 1', 1)").template();
    assertFalse(padded.comparesStretches());
    String sql = "INSERT INTO orders (a, b)" + padding + "VALUES ('another name', 2)";
    assertTheTokenizers(dialect, sql, padded.read(sql));
  }

  /** A statement led by comments (a tracer's, Hibernate's) is read from where it begins. */
  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void aStatementLedByCommentsIsReadFromWhereItBegins(SqlDialect dialect) {
    InsertRewriter rewriter = new InsertRewriter(FixedMappings.STANDARD, dialect);
    LiteralTemplate template = nameAndAmount(dialect);
    String sql = "/*traceparent='00-4bf92f3577b34da6a3ce929d0e0e4736-01'*/ /* insert Order */\nINSERT INTO orders (a, b) VALUES ('y', 3)";
    assertNull(template.read(sql));
    assertTheTokenizers(dialect, sql, template.read(sql, rewriter.statementStart(sql)));
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void whatTheComparisonCannotTellIsLeftToTheTokenizer(SqlDialect dialect) {
    LiteralTemplate template = nameAndAmount(dialect);
    for (String sql : List.of(
        "/* trace */ INSERT INTO orders (a, b) VALUES ('x', 2)",
        "INSERT INTO orders (a, b) VALUES ('x', 2) /* trace */ x",
        "INSERT INTO orders /**/ (a, b) VALUES ('x', 2)",
        "INSERT INTO orders (a, b) VALUES (N'x', 2)",
        "INSERT INTO orders (a, b) VALUES (2, 'x')",
        "INSERT INTO orders (a, b) VALUES ('x', .5)",
        "INSERT INTO orders (a, b) VALUES ('x', 2);",
        "INSERT INTO orders (a, b) VALUES ('x', 2)x",
        "INSERT INTO orders (a, c) VALUES ('x', 2)",
        "INSERT INTO ordersx (a, b) VALUES ('x', 2)",
        "INSERT INTO orders (a, b) VALUES ('x', 2",
        "INSERT INTO orders (a, b) VALUES ('x')",
        "")) {
      assertNull(template.read(sql), dialect + ": " + sql);
    }
  }

  /**
   * On MySQL two dashes begin a comment only when whitespace or the end of the text follows: where
   * the template's dashes were followed by a comment, whitespace or the end after them makes one,
   * so such a string is left to the tokenizer.
   */
  @Test
  void twoDashesBeforeWhitespaceOrTheEndAreAComment() {
    InsertRewriter mysql = new InsertRewriter(FixedMappings.STANDARD, SqlDialect.MYSQL);
    InsertRewriter.Reading between = mysql.read("INSERT INTO orders (a) VALUES (5--/**/3)");
    InsertRewriter.Reading after = mysql.read("INSERT INTO orders (a) VALUES (5)--/**/");
    String gap = "INSERT INTO orders (a) VALUES (7-- 3)";
    String end = "INSERT INTO orders (a) VALUES (7)--";
    assertNotEquals(between.shapeKey(), mysql.read(gap).shapeKey());
    assertNotEquals(after.shapeKey(), mysql.read(end).shapeKey());
    assertNull(between.template().read(gap));
    assertNull(after.template().read(end));
    assertNull(after.template().read(end + " "));
  }

  /** On MySQL an executable comment after the statement makes the whole text its key: no template reads it. */
  @Test
  void anExecutableCommentAfterTheStatementIsLeftToTheTokenizer() {
    LiteralTemplate template = nameAndAmount(SqlDialect.MYSQL);
    String sql = "INSERT INTO orders (a, b) VALUES ('x', 2) /* trace */ /*!99999 x */";
    assertNotEquals(new InsertRewriter(FixedMappings.STANDARD, SqlDialect.MYSQL).read("INSERT INTO orders (a, b) VALUES ('x', 2)")
        .shapeKey(), new InsertRewriter(FixedMappings.STANDARD, SqlDialect.MYSQL).read(sql).shapeKey());
    assertNull(template.read(sql));
    assertTheTokenizers(SqlDialect.POSTGRESQL, sql, nameAndAmount(SqlDialect.POSTGRESQL).read(sql));
  }

  /** A statement that has no literals, or whose key is its whole text, is no template. */
  @Test
  void onlyStatementsWithLiteralsAndTokenKeysAreTemplates() {
    InsertRewriter mysql = new InsertRewriter(FixedMappings.STANDARD, SqlDialect.MYSQL);
    assertNull(mysql.read("INSERT INTO orders (a) VALUES (?)").template());
    assertNull(mysql.read("INSERT /*!50000 IGNORE */ INTO orders (a) VALUES (1)").template());
    assertNotNull(mysql.read("INSERT INTO orders (a) VALUES (1)").template());
  }

  /**
   * Mutations of every statement at places where tokens begin and end, on every dialect: whatever
   * the template reads has the tokenizer's tokens, and the statements with new literals and other
   * whitespace are read.
   */
  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void whatIsReadHasTheTokenizersTokens(SqlDialect dialect) {
    InsertRewriter rewriter = new InsertRewriter(FixedMappings.STANDARD, dialect);
    Random random = new Random(20261203L + dialect.ordinal());
    int read = 0;
    int mutations = 0;
    for (String statement : STATEMENTS) {
      LiteralTemplate template = rewriter.read(statement).template();
      assertNotNull(template, statement);
      for (int m = 0; m < 3000; m++) {
        String sql = mutated(statement, random);
        InsertRewriter.Reading reading = template.read(sql);
        if (reading != null) {
          assertTheTokenizers(dialect, sql, reading);
          read++;
        }
        mutations++;
      }
    }
    // Most mutations change a token the template holds; some land in literals and whitespace (3-4 %).
    assertTrue(read > mutations / 50 && read < mutations / 2, dialect + ": " + read + " of " + mutations + " read");
  }

  /** {@code statement} with one to three characters inserted, replaced or removed. */
  private static String mutated(String statement, Random random) {
    StringBuilder sql = new StringBuilder(statement);
    for (int k = random.nextInt(3); k >= 0; k--) {
      int at = random.nextInt(sql.length() + 1);
      char c = TOUCHY.charAt(random.nextInt(TOUCHY.length()));
      switch (random.nextInt(3)) {
        case 0 -> sql.insert(at, c);
        case 1 -> {
          if (at < sql.length()) {
            sql.setCharAt(at, c);
          }
        }
        default -> {
          if (at < sql.length()) {
            sql.deleteCharAt(at);
          }
        }
      }
    }
    return sql.toString();
  }

  /** {@code reading}, found against a template, has the tokens and the key the tokenizer finds. */
  static void assertTheTokenizers(SqlDialect dialect, String sql, InsertRewriter.Reading reading) {
    String where = dialect + ": " + sql;
    assertNotNull(reading, where);
    Tokens tokenized = SqlTokenizer.tokenize(sql, dialect);
    assertEquals(new ArrayList<>(tokenized), new ArrayList<>(reading.tokens()), where);
    boolean mysql = dialect == SqlDialect.MYSQL;
    assertEquals(PlanShape.key(sql, tokenized, mysql), reading.shapeKey(), where);
    assertEquals(tokenized.keyHash(), reading.tokens().keyHash(), where);
    assertEquals(tokenized.keyLength(), reading.tokens().keyLength(), where);
    assertEquals(tokenized.hasLiterals(), reading.hasLiterals(), where);
    assertEquals(tokenized.hasExecutableComment(), reading.tokens().hasExecutableComment(), where);
  }
}
