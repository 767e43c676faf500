package io.seqproxy.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.seqproxy.jdbc.function.FunctionCall;
import io.seqproxy.jdbc.rewrite.ColumnMapping;
import io.seqproxy.jdbc.rewrite.SqlDialect;
import io.seqproxy.jdbc.rewrite.TableMappings;
import io.seqproxy.sequence.Sequence;
import io.seqproxy.sequence.range.MemoryRangeStore;
import io.seqproxy.sequence.range.RangeSequence;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One verdict per SQL string, the shape cache beneath it, refusals decided once. */
class VerdictsTest {
  /** {@code orders.id} from {@code order_id}; counts how often the rewriter asks. */
  private static final class CountingMappings implements TableMappings {
    final AtomicInteger lookups = new AtomicInteger();

    @Override
    public List<ColumnMapping> columnsFor(String schema, String table) {
      lookups.incrementAndGet();
      return table.toLowerCase(Locale.ROOT).equals("orders")
          ? List.of(new ColumnMapping("id", "order_id", false)) : List.of();
    }

    @Override
    public Set<String> tableNames() {
      return Set.of("orders");
    }
  }

  private final CountingMappings mappings = new CountingMappings();
  private final Sequence orderId = RangeSequence.builder("order_id", new MemoryRangeStore()).start(1000).build();
  private final Engine engine = Engine.of(mappings, Map.of("order_id", orderId));
  private final Verdicts verdicts = new Verdicts(engine, SqlDialect.MYSQL);

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void aStringIsDecidedOnceAndTheSameVerdictReturned() throws SQLException {
    String sql = "INSERT INTO orders (a) VALUES (?)";
    CompiledPlan plan = assertInstanceOf(CompiledPlan.class, verdicts.verdict(sql));
    assertEquals("INSERT INTO orders (a, id) VALUES (?, ?)", plan.preparedSql());
    int lookups = mappings.lookups.get();
    assertSame(plan, verdicts.verdict(new String(sql.toCharArray())));
    assertEquals(lookups, mappings.lookups.get());
  }

  @Test
  void stringsOfOneShapeArePlannedOnceEachWithItsOwnText() throws SQLException {
    CompiledPlan first = (CompiledPlan) verdicts.verdict("INSERT INTO orders (a, b) VALUES ('x', 1)");
    int lookupsForOnePlan = mappings.lookups.get();
    for (int i = 2; i <= 50; i++) {
      CompiledPlan plan = (CompiledPlan) verdicts.verdict("INSERT INTO orders (a, b) VALUES ('x" + i + "', " + i + ")");
      assertEquals("INSERT INTO orders (a, b, id) VALUES ('x" + i + "', " + i + ", ?)", plan.preparedSql());
      assertNotSame(first, plan);
    }
    assertEquals(lookupsForOnePlan, mappings.lookups.get(), "no string after the first was planned again");
  }

  /**
   * Strings of shapes known from a string with literals (SQL built by concatenation) each send
   * their own literals, whitespace and comments, whether a kept template reads them or the
   * tokenizer does (a comment between tokens, a prefixed string), across more shapes than the
   * templates kept; none is planned again.
   */
  @Test
  void stringsOfShapesKnownWithLiteralsSendTheirOwnText() throws SQLException {
    // Each shape as the application writes it, and as it is sent: %1$s and %2$s its literals, %3$d and %4$d the IDs.
    Map<String, String> shapes = new LinkedHashMap<>();
    shapes.put("INSERT INTO orders (a, b) VALUES (%1$s, %2$s)", "INSERT INTO orders (a, b, id) VALUES (%1$s, %2$s, %3$d)");
    shapes.put("INSERT INTO orders (b, a) VALUES (%1$s, %2$s)", "INSERT INTO orders (b, a, id) VALUES (%1$s, %2$s, %3$d)");
    shapes.put("INSERT INTO orders (a) VALUES (%1$s), (%2$s)", "INSERT INTO orders (a, id) VALUES (%1$s, %3$d), (%2$s, %4$d)");
    shapes.put("INSERT INTO orders (a, c) VALUES (%1$s, %2$s)", "INSERT INTO orders (a, c, id) VALUES (%1$s, %2$s, %3$d)");
    shapes.put("INSERT INTO orders (c, a) VALUES (%1$s, %2$s)", "INSERT INTO orders (c, a, id) VALUES (%1$s, %2$s, %3$d)");
    shapes.put("INSERT INTO orders(a,b) VALUES (%1$s,%2$s)", "INSERT INTO orders(a,b, id) VALUES (%1$s,%2$s, %3$d)");
    for (String shape : shapes.keySet()) {
      verdicts.verdict(String.format(shape, "'x'", "1"));
    }
    int lookups = mappings.lookups.get();
    long plannings = verdicts.figures().getPlannings();
    for (int round = 0; round < 3; round++) {
      for (Map.Entry<String, String> shape : shapes.entrySet()) {
        for (String[] values : List.of(new String[] {"'y" + round + "'", "2"}, new String[] {"'it''s'", "3.5e1"},
            new String[] {"N'z'", "0x1F"})) {
          // As written; with other whitespace, or a tracer's comment before or after (read against a
          // template); with a comment between tokens (read by the tokenizer).
          String trace = "/*traceparent='00-" + String.format("%032x", round) + "-00f067aa0ba902b7-01'*/";
          for (String[] around : List.of(new String[] {" VALUES", " VALUES", "", ""},
              new String[] {" VALUES", "\n\tVALUES\t", "  ", " "}, new String[] {" VALUES", " VALUES", trace + "\n", ""},
              new String[] {" VALUES", " VALUES", "", " " + trace}, new String[] {" VALUES", " /* v */ VALUES", "", ""})) {
            String sql = around[2] + String.format(shape.getKey(), (Object[]) values).replace(around[0], around[1]) + around[3];
            CompiledPlan.Execution execution = ((CompiledPlan) verdicts.verdict(sql)).statementExecution();
            execution.draw(null);
            String sent = around[2] + String.format(shape.getValue(), values[0], values[1], execution.firstDrawn(),
                execution.firstDrawn() + 1).replace(around[0], around[1]) + around[3];
            assertEquals(sent, execution.render(), sql);
          }
        }
      }
    }
    assertEquals(lookups, mappings.lookups.get(), "no string after the first of its shape was planned again");
    assertEquals(plannings, verdicts.figures().getPlannings());
  }

  @Test
  void stringsWithTheirOwnTraceCommentsArePlannedOnceAndNotRememberedOneByOne() throws SQLException {
    verdicts.verdict("INSERT INTO orders (a) VALUES (?)");
    int lookupsForOnePlan = mappings.lookups.get();
    long plannings = verdicts.figures().getPlannings();
    int cached = verdicts.figures().getVerdictsCached();
    for (int i = 0; i < 100; i++) {
      String trace = "/*traceparent='00-" + String.format("%032x", i) + "-00f067aa0ba902b7-01'*/";
      CompiledPlan plan = (CompiledPlan) verdicts.verdict(trace + "\nINSERT INTO orders (a) VALUES (?)");
      assertEquals(trace + "\nINSERT INTO orders (a, id) VALUES (?, ?)", plan.preparedSql());
    }
    assertEquals(lookupsForOnePlan, mappings.lookups.get(), "no string after the first was planned again");
    assertEquals(plannings, verdicts.figures().getPlannings());
    assertEquals(cached, verdicts.figures().getVerdictsCached(), "strings used once are not remembered");
    // A string with a comment of its own that comes again is remembered from its second use.
    String hibernate = "/* insert com.example.Order */ INSERT INTO orders (a) VALUES (?)";
    CompiledPlan first = (CompiledPlan) verdicts.verdict(hibernate);
    CompiledPlan second = (CompiledPlan) verdicts.verdict(hibernate);
    assertEquals("/* insert com.example.Order */ INSERT INTO orders (a, id) VALUES (?, ?)", second.preparedSql());
    assertNotSame(first, second);
    assertSame(second, verdicts.verdict(hibernate));
    assertEquals(cached + 1, verdicts.figures().getVerdictsCached());
  }

  @Test
  void aStatementThatComesOnlyWithCommentsOfItsOwnIsReadOnceAndGetsThemInFront() throws SQLException {
    int cached = verdicts.figures().getVerdictsCached();
    for (int i = 0; i < 100; i++) {
      String trace = "/*traceparent='00-" + String.format("%032x", i) + "-00f067aa0ba902b7-01'*/ \n";
      CompiledPlan prepared = (CompiledPlan) verdicts.verdict(trace + "INSERT INTO orders (a) VALUES (?)");
      assertEquals(trace + "INSERT INTO orders (a, id) VALUES (?, ?)", prepared.preparedSql());
      assertEquals(trace + "INSERT INTO orders (a) VALUES (?)", prepared.originalSql());
      CompiledPlan.Execution literal = ((CompiledPlan) verdicts.verdict(trace + "INSERT INTO orders (a) VALUES (NOW())"))
          .statementExecution();
      literal.draw(null);
      assertEquals(trace + "INSERT INTO orders (a, id) VALUES (NOW(), " + literal.firstDrawn() + ")", literal.render());
    }
    assertEquals(cached + 4, verdicts.figures().getVerdictsCached(), "each statement and the first string with it");
    assertEquals(2, verdicts.figures().getPlannings());
  }

  @Test
  void anExecutableCommentIsRefusedThoughItsTokensHaveAKnownShape() throws SQLException {
    verdicts.verdict("INSERT INTO orders (a) VALUES (?)");
    for (String sql : List.of("INSERT INTO orders (a) VALUES (?) /*!, (1) */", "/*!50000 */ INSERT INTO orders (a) VALUES (?)",
        "/* trace */ /*M!100000 */ INSERT INTO orders (a) VALUES (?)")) {
      SQLException refused = assertThrows(SQLException.class, () -> verdicts.verdict(sql), sql);
      assertEquals("0A000", refused.getSQLState());
    }
  }

  @Test
  void sqlThatIsNoInsertIntoAMappedTablePassesThrough() throws SQLException {
    for (String sql : List.of("SELECT * FROM orders", "UPDATE orders SET a = 1", "INSERT INTO other (a) VALUES (1)",
        "SELECT NEXT VALUE FOR not_ours")) {
      assertSame(Verdict.PassThrough.AS_WRITTEN, verdicts.verdict(sql), sql);
    }
  }

  @Test
  void sqlPassingThroughIsRememberedFromItsSecondUse() throws SQLException {
    int cached = verdicts.figures().getVerdictsCached();
    for (int i = 0; i < 100; i++) {
      assertSame(Verdict.PassThrough.AS_WRITTEN, verdicts.verdict("SELECT * FROM orders WHERE id = " + i));
      assertSame(Verdict.PassThrough.AS_WRITTEN, verdicts.decidedEverywhere("UPDATE orders SET a = 1 WHERE id = " + i));
    }
    assertEquals(cached, verdicts.figures().getVerdictsCached(), "strings used once are not remembered");
    String constant = "SELECT * FROM orders WHERE id = ?";
    verdicts.verdict(constant);
    assertEquals(cached, verdicts.figures().getVerdictsCached());
    verdicts.verdict(constant);
    verdicts.verdict(constant);
    assertEquals(cached + 1, verdicts.figures().getVerdictsCached(), "remembered from its second use, once");
  }

  @Test
  void callsOfSeqproxysSequencesAreAnswered() throws SQLException {
    assertEquals(new Verdict.Answer(new FunctionCall(FunctionCall.Kind.NEXT_VALUE, "ORDER_ID", "NEXT VALUE FOR ORDER_ID"),
        orderId), verdicts.verdict("SELECT NEXT VALUE FOR ORDER_ID"));
    assertEquals(new Verdict.Answer(new FunctionCall(FunctionCall.Kind.LAST_INSERT_ID, null, "LAST_INSERT_ID()"), null),
        verdicts.verdict("SELECT LAST_INSERT_ID()"));
  }

  @Test
  void aRefusalIsDecidedOnceAndThrownAfreshEachTime() {
    String sql = "INSERT INTO orders VALUES (1)";
    SQLException first = assertThrows(SQLException.class, () -> verdicts.verdict(sql));
    int lookups = mappings.lookups.get();
    SQLException second = assertThrows(SQLException.class, () -> verdicts.verdict(sql));
    assertNotSame(first, second);
    assertEquals(first.getClass(), second.getClass());
    assertEquals(first.getMessage(), second.getMessage());
    assertEquals(first.getSQLState(), second.getSQLState());
    assertEquals(lookups, mappings.lookups.get(), "the refused string was not planned again");
  }

  @Test
  void aRefusalKeepsItsExceptionClass() {
    String sql = "INSERT INTO orders (a) SELECT a FROM other ON DUPLICATE KEY UPDATE a = 1";
    SQLFeatureNotSupportedException first = assertThrows(SQLFeatureNotSupportedException.class, () -> verdicts.verdict(sql));
    SQLFeatureNotSupportedException second = assertThrows(SQLFeatureNotSupportedException.class, () -> verdicts.verdict(sql));
    assertEquals(first.getMessage(), second.getMessage());
  }

  @Test
  void moreStringsThanTheCacheHoldsAreStillDecidedRight() throws SQLException {
    String insert = "INSERT INTO orders (a) VALUES (?)";
    CompiledPlan plan = (CompiledPlan) verdicts.verdict(insert);
    for (int i = 0; i < 10_000; i++) {
      assertSame(Verdict.PassThrough.AS_WRITTEN, verdicts.verdict("SELECT a FROM orders WHERE b = " + i));
    }
    assertEquals(plan.preparedSql(), ((CompiledPlan) verdicts.verdict(insert)).preparedSql());
  }
}
