package io.seqproxy.jdbc.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.seqproxy.jdbc.fuzz.PlanningTimes;
import io.seqproxy.jdbc.rewrite.RewritePlan.ExplicitKey;
import io.seqproxy.jdbc.rewrite.RewritePlan.Kind;
import io.seqproxy.jdbc.rewrite.RewritePlan.Slot;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile SQL for the INSERT rewriter. Without {@code JAZZER_FUZZ} each fuzz test runs its
 * committed inputs ({@code src/test/resources/io/seqproxy/jdbc/rewrite/InsertRewriterFuzzTestInputs/})
 * as plain tests; with {@code JAZZER_FUZZ=1} Jazzer mutates them, guided by coverage, one fuzz test
 * per run, for example:
 *
 * <pre>JAZZER_FUZZ=1 JAZZER_MAX_DURATION=60s mvn -B -pl driver -am verify -Dtest='InsertRewriterFuzzTest#plansAnySqlText'
 *   -Dsurefire.failIfNoSpecifiedTests=false -DskipITs</pre>
 *
 * Every input is checked for what the driver promises: only {@link SQLException} escapes; SQL that
 * is not an INSERT/REPLACE into a mapped table comes back unchanged; a rewritten statement has a
 * generated or an explicit value for every generated column of every row, and its parameters are
 * the application's, each once. Planning time is measured against the 50 ms bound and reported
 * ({@link PlanningTimes}), not asserted. A crash Jazzer finds lands as a new file beside the seeds
 * and stays there as a regression input.
 */
class InsertRewriterFuzzTest {

  private static final SqlDialect[] DIALECTS = SqlDialect.values();
  /** Whether Jazzer mutates inputs in this run ({@code JAZZER_FUZZ}), rather than running the committed ones. */
  private static final boolean FUZZING = System.getenv("JAZZER_FUZZ") != null;
  private static final PlanningTimes RAW = new PlanningTimes("InsertRewriterFuzzTest.plansAnySqlText");
  private static final PlanningTimes TOKENS = new PlanningTimes("InsertRewriterFuzzTest.plansSqlBuiltFromTokens");

  static {
    // The planner loads its classes (JSqlParser's among them) on its first statement, outside the
    // planning bound; under Jazzer's coverage agent that took 700-830 ms. Loaded here, before any
    // input is timed, so that the time reported for the first input planned is that input's own.
    for (SqlDialect dialect : DIALECTS) {
      try {
        new InsertRewriter(FixedMappings.STANDARD, dialect).plan("INSERT INTO orders (a) VALUES (?)");
      } catch (SQLException e) {
        throw new ExceptionInInitializerError(e);
      }
    }
  }

  /** The column sets a row can have: one per mapped table of {@link FixedMappings#STANDARD}. */
  private static final Set<Set<String>> ROW_COLUMNS =
      Set.of(Set.of("id"), Set.of("event_id"), Set.of("cart_id"), Set.of("id", "code"));

  /** Words and marks of the SQL the rewriter sees, mapped tables and columns among them. */
  private static final String[] WORDS = {
      "INSERT", "insert", "REPLACE", "INTO", "IGNORE", "LOW_PRIORITY", "INTO orders", "INTO items", "INTO events",
      "INTO shop.carts", "orders", "items", "events", "carts", "shop.carts", "other.orders", "`orders`",
      "\"orders\"", "\"Orders\"", "`id`", "\"id\"", "id", "code", "event_id", "cart_id", "a", "b", "(", ")", "()",
      ",", ";", ".", "?", "=", "+", "-", "*", "VALUES", "VALUE", "SET", "SELECT", "FROM", "WHERE", "UNION ALL",
      "NULL", "DEFAULT", "1", "-7", "42", "1.5", "99999999999999999999", "'x'", "'it''s'", "'\\''", "''", "$$x$$",
      "$tag$;$tag$", "E'\\''", "X'ff'", "0x1f", "b'1'", "N'x'", "ON DUPLICATE KEY UPDATE", "ON CONFLICT",
      "ON CONFLICT (id) DO NOTHING", "DO UPDATE SET", "EXCLUDED.a", "VALUES(a)", "RETURNING", "RETURNING id",
      "RETURNING *", "WITH", "w AS", "AS", "FINAL TABLE", "OVERRIDING SYSTEM VALUE", "OVERRIDING USER VALUE",
      "MERGE INTO orders", "USING", "WHEN NOT MATCHED THEN", "PARTITION (p1)", "/* c */", "/*+ hint */",
      "/* orders */", "-- c\n", "# c\n", "\n", "\t", "COALESCE(", "NOW()", "(SELECT 1)", "ROW(", "TABLE orders",
      "DELAYED", "HIGH_PRIORITY", "CALL", "EXPLAIN", "EXPLAIN ANALYZE", "CREATE TABLE", "UPDATE orders SET",
      "DELETE FROM orders", "SELECT * FROM orders", "\\", "'", "\"", "`", "/*", "*/", "$", "$1", ":name",
      "{fn", "}", "[", "]", "İ", "ǅ", "\u0000", "🙂"};
  private static final String[] SEPARATORS = {" ", "", "\n", " /**/ "};

  @FuzzTest
  void plansAnySqlText(byte[] input) throws Exception {
    if (input.length == 0) {
      return;
    }
    SqlDialect dialect = DIALECTS[Byte.toUnsignedInt(input[0]) % DIALECTS.length];
    String sql = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
    check(RAW, dialect, sql);
  }

  @FuzzTest
  void plansSqlBuiltFromTokens(FuzzedDataProvider data) throws Exception {
    SqlDialect dialect = DIALECTS[data.consumeInt(0, DIALECTS.length - 1)];
    int words = data.consumeInt(1, 80);
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < words && data.remainingBytes() > 0; i++) {
      sql.append(WORDS[data.consumeInt(0, WORDS.length - 1)]);
      sql.append(SEPARATORS[data.consumeInt(0, SEPARATORS.length - 1)]);
    }
    check(TOKENS, dialect, sql.toString());
  }

  /** The fuzzer's seeds are these cases; every one of them must keep the properties too. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("everyCaseOfTheRewriterTable")
  void propertiesHoldForEveryCaseOfTheRewriterTable(RewriteCase rewriteCase) throws Exception {
    check(new PlanningTimes("cases"), rewriteCase.dialect(), rewriteCase.sql());
  }

  /** Every {@code Stream<RewriteCase>} factory of {@link InsertRewriterCasesTest}, found by type so new groups count. */
  static Stream<RewriteCase> everyCaseOfTheRewriterTable() throws ReflectiveOperationException {
    List<RewriteCase> cases = new ArrayList<>();
    for (Method method : InsertRewriterCasesTest.class.getDeclaredMethods()) {
      if (Modifier.isStatic(method.getModifiers()) && method.getParameterCount() == 0
          && method.getReturnType() == Stream.class
          && method.getGenericReturnType().getTypeName().contains(RewriteCase.class.getSimpleName())) {
        method.setAccessible(true);
        @SuppressWarnings("unchecked")
        Stream<RewriteCase> group = (Stream<RewriteCase>) method.invoke(null);
        group.forEach(cases::add);
      }
    }
    assertTrue(cases.size() > 100, () -> "only " + cases.size() + " rewriter cases found");
    return cases.stream();
  }

  @AfterAll
  static void printTimes() {
    for (PlanningTimes times : List.of(RAW, TOKENS)) {
      if (times.executions() > 0) {
        System.out.println(times.summary());
      }
    }
  }

  static void check(PlanningTimes times, SqlDialect dialect, String sql) throws Exception {
    checkShapeKey(dialect, sql);
    InsertRewriter rewriter = new InsertRewriter(FixedMappings.STANDARD, dialect);
    RewritePlan[] planned = new RewritePlan[1];
    try {
      times.time(sql, () -> planned[0] = rewriter.plan(sql));
    } catch (SQLException refused) {
      assertTrue(mayInsertIntoMappedTable(sql),
          () -> "refused SQL that writes no mapped table (" + refused + "): " + sql);
      return;
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      throw new AssertionError(dialect + ": planning threw " + e + " for: " + sql, e);
    }
    RewritePlan plan = planned[0];
    assertEquals(sql, plan.originalSql());
    if (plan.passThrough() || !mayInsertIntoMappedTable(sql)) {
      assertTrue(plan.passThrough(), () -> "rewrote SQL that writes no mapped table: " + sql);
      assertEquals(sql, plan.preparedSql(), "pass-through must be byte for byte");
      assertEquals(List.of(sql), plan.fragments());
      assertEquals(List.of(), plan.slots());
      return;
    }
    checkRewritten(dialect, sql, plan);
  }

  /**
   * The shape key's hash and whether it is the whole text, as the tokenizer keeps them while it
   * reads, are those of the key built afterwards from the tokens and of the gaps between them, and
   * the key compared without being built is the key built.
   */
  private static void checkShapeKey(SqlDialect dialect, String sql) {
    Tokens tokens = SqlTokenizer.tokenize(sql, dialect);
    boolean mysql = dialect == SqlDialect.MYSQL;
    boolean executable = false;
    int gapStart = 0;
    for (int i = 0; i < tokens.size(); i++) {
      executable |= PlanShape.executableCommentIn(sql, gapStart, tokens.start(i));
      gapStart = tokens.end(i);
    }
    executable |= PlanShape.executableCommentIn(sql, gapStart, sql.length());
    String where = dialect + ": " + sql;
    assertEquals(mysql && executable, PlanShape.ownsKey(tokens, mysql), where);
    String key = PlanShape.key(sql, tokens, mysql);
    boolean whole = PlanShape.ownsKey(tokens, mysql);
    assertEquals(PlanShape.textHash(key), PlanShape.keyHash(sql, tokens, whole), where);
    assertTrue(PlanShape.isKey(key, sql, tokens, whole), where);
    // Any other text is not the key: one character shorter, longer, or, on the committed inputs,
    // other at any place (a comparison per place: fuzzing leaves that out to keep its pace).
    assertFalse(PlanShape.isKey(key + " ", sql, tokens, whole), where);
    if (!key.isEmpty()) {
      assertFalse(PlanShape.isKey(key.substring(0, key.length() - 1), sql, tokens, whole), where);
    }
    for (int at = 0; !FUZZING && at < key.length(); at++) {
      char other = key.charAt(at) == ' ' ? 'x' : ' ';
      String changed = key.substring(0, at) + other + key.substring(at + 1);
      assertFalse(PlanShape.isKey(changed, sql, tokens, whole), () -> where + " against " + changed);
      assertNotEquals(PlanShape.textHash(key), PlanShape.textHash(changed), () -> where + " hashed as " + changed);
    }
    boolean literals = false;
    for (int i = 0; i < tokens.size(); i++) {
      literals |= tokens.isLiteral(i);
    }
    assertEquals(literals, tokens.hasLiterals(), where);
    checkTemplate(dialect, sql, tokens);
  }

  /**
   * The input read against the template of its plain twin (its tokens with single spaces between
   * them and each literal a plain one of its kind), and the twin against the input's template:
   * whatever either reads has the tokenizer's tokens.
   */
  private static void checkTemplate(SqlDialect dialect, String sql, Tokens tokens) {
    StringBuilder twin = new StringBuilder();
    for (int i = 0; i < tokens.size(); i++) {
      twin.append(i == 0 ? "" : " ").append(switch (tokens.kind(i)) {
        case STRING -> "'v'";
        case NUMBER -> "7";
        default -> sql.substring(tokens.start(i), tokens.end(i));
      });
    }
    String plain = twin.toString();
    for (String[] pair : List.of(new String[] {plain, sql}, new String[] {sql, plain})) {
      LiteralTemplate template = LiteralTemplate.of(pair[0], SqlTokenizer.tokenize(pair[0], dialect), dialect);
      InsertRewriter.Reading reading = template == null ? null : template.read(pair[1]);
      if (reading != null) {
        LiteralTemplateTest.assertTheTokenizers(dialect, pair[1], reading);
      }
    }
  }

  /** A plan that writes mapped rows: its text, its parameters, and a value for every row. */
  private static void checkRewritten(SqlDialect dialect, String sql, RewritePlan plan) {
    String where = dialect + ": " + sql + " -> " + plan.preparedSql();
    assertEquals(plan.slots().size() + 1, plan.fragments().size(), where);
    assertEquals(String.join("?", plan.fragments()), plan.preparedSql(), where);
    List<Integer> appParameters = new ArrayList<>();
    Map<Integer, Set<String>> rowColumns = new HashMap<>();
    for (Slot slot : plan.slots()) {
      if (slot.kind() != Kind.GENERATED) {
        appParameters.add(slot.appParameter());
      }
      if (slot.kind() != Kind.PARAMETER) {
        assertTrue(slot.row() >= 0 && slot.row() < plan.rowCount(), () -> "slot row out of range: " + slot + " in " + where);
        assertTrue(plan.generatedColumns().contains(slot.column()), () -> "slot column not generated: " + slot + " in " + where);
        assertTrue(rowColumns.computeIfAbsent(slot.row(), r -> new HashSet<>()).add(slot.column()),
            () -> "two values for one column of one row: " + slot + " in " + where);
      }
    }
    for (ExplicitKey key : plan.explicitKeys()) {
      assertTrue(key.row() >= 0 && key.row() < plan.rowCount(), () -> "explicit key out of range: " + key + " in " + where);
      assertTrue(rowColumns.computeIfAbsent(key.row(), r -> new HashSet<>()).add(key.column()),
          () -> "a generated and an explicit value for one column of one row: " + key + " in " + where);
    }
    assertEquals(plan.appParameterCount(), appParameters.size(), where);
    assertEquals(new TreeSet<>(appParameters).size(), appParameters.size(), () -> "an application parameter twice: " + where);
    if (!appParameters.isEmpty()) {
      assertEquals(1, (int) new TreeSet<>(appParameters).first(), where);
      assertEquals(appParameters.size(), (int) new TreeSet<>(appParameters).last(), where);
    }
    for (int row = 0; row < plan.rowCount(); row++) {
      Set<String> columns = rowColumns.getOrDefault(row, Set.of());
      if (!ROW_COLUMNS.contains(columns)) {
        fail("row " + row + " has values for " + columns + ", not for every generated column of its table: " + where);
      }
    }
  }

  /**
   * The independent oracle for "must come back unchanged": SQL in which no word INSERT, REPLACE,
   * MERGE and no mapped table name (nor a Unicode-escaped identifier) occurs, compared the way {@code equalsIgnoreCase} does, cannot
   * write a mapped table.
   */
  static boolean mayInsertIntoMappedTable(String sql) {
    boolean writes = Stream.of("insert", "replace", "merge").anyMatch(word -> containsIgnoreCase(sql, word));
    // U&"..." may name a mapped table on PostgreSQL and H2 without its text appearing.
    boolean mapped = Stream.of("orders", "events", "carts", "items", "u&\"").anyMatch(name -> containsIgnoreCase(sql, name));
    return writes && mapped;
  }

  private static boolean containsIgnoreCase(String text, String word) {
    for (int i = 0; i + word.length() <= text.length(); i++) {
      if (text.regionMatches(true, i, word, 0, word.length())) {
        return true;
      }
    }
    return false;
  }

}
