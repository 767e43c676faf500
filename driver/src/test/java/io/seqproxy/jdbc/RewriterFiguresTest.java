package io.seqproxy.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.jdbc.rewrite.ColumnMapping;
import io.seqproxy.jdbc.rewrite.SqlDialect;
import io.seqproxy.jdbc.rewrite.TableMappings;
import io.seqproxy.sequence.Sequence;
import io.seqproxy.sequence.range.MemoryRangeStore;
import io.seqproxy.sequence.range.RangeSequence;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The verdict on INSERT ... SELECT, refusals by planning time planned again, and the rewriter's
 * figures as JMX shows them.
 */
class RewriterFiguresTest {
  private static final TableMappings ORDERS = new TableMappings() {
    @Override
    public List<ColumnMapping> columnsFor(String schema, String table) {
      return table.equalsIgnoreCase("orders") ? List.of(new ColumnMapping("id", "order_id", false)) : List.of();
    }

    @Override
    public Set<String> tableNames() {
      return Set.of("orders");
    }
  };
  private static final String COPY = "INSERT INTO orders (a) SELECT a FROM src WHERE b = ?";
  private static final String COPY_WITH_UPDATE = "INSERT INTO orders (a) SELECT a FROM src ON DUPLICATE KEY UPDATE a = 1";

  private final Sequence orderId = RangeSequence.builder("order_id", new MemoryRangeStore()).start(1000).build();
  private final Engine engine = Engine.of(ORDERS, Map.of("order_id", orderId));

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void insertSelectIsAVerdictOfItsOwnDecidedOnce() throws SQLException {
    Verdicts verdicts = new Verdicts(engine, SqlDialect.MYSQL);
    Verdict.SelectThenInsert first = assertInstanceOf(Verdict.SelectThenInsert.class, verdicts.verdict(COPY));
    assertEquals("SELECT a FROM src WHERE b = ?", first.plan().selectSql());
    assertEquals(1, first.plan().appParameterCount());
    assertEquals("INSERT INTO orders (a, id) VALUES (?, ?)", first.plan().insertSql(1));
    assertSame(first, verdicts.verdict(COPY));
    assertEquals(1, verdicts.figures().getPlannings());
    assertEquals(1, verdicts.figures().getInsertSelectsPlanned());
  }

  @Test
  void aRefusalForPlanningTimeIsNotKeptSoTheStringIsPlannedAgain() {
    Verdicts verdicts = new Verdicts(engine, SqlDialect.MYSQL, Duration.ZERO);
    String sql = "INSERT INTO orders (a) VALUES (1)";
    for (int use = 1; use <= 2; use++) {
      SQLException e = assertThrows(SQLException.class, () -> verdicts.verdict(sql));
      assertEquals("54000", e.getSQLState());
      assertTrue(e.getMessage().startsWith("INSERT into orders was not planned"), e.getMessage());
      assertEquals(use, verdicts.figures().getPlannings());
      assertEquals(use, verdicts.figures().getRefusedPlanningBound());
    }
  }

  @Test
  void aRefusalOfTheTextIsKeptAndThrownAgainWithoutPlanning() {
    Verdicts verdicts = new Verdicts(engine, SqlDialect.MYSQL);
    for (int use = 1; use <= 2; use++) {
      assertThrows(SQLFeatureNotSupportedException.class, () -> verdicts.verdict(COPY_WITH_UPDATE));
      assertEquals(1, verdicts.figures().getPlannings());
      assertEquals(use, verdicts.figures().getRefusedUnsupported());
    }
  }

  @Test
  void theMBeanShowsTheFiguresAndGoesWithTheEngine() throws Exception {
    Verdicts verdicts = new Verdicts(engine, SqlDialect.POSTGRESQL);
    verdicts.verdict("INSERT INTO orders (a) VALUES (?)");
    verdicts.verdict("INSERT INTO orders (a) VALUES (?)");
    verdicts.verdict("SELECT 1");
    verdicts.verdict("SELECT 1"); // SQL passing through is remembered from its second use
    verdicts.verdict(COPY);
    assertThrows(SQLFeatureNotSupportedException.class, () -> verdicts.verdict(COPY_WITH_UPDATE));
    assertThrows(SQLFeatureNotSupportedException.class, () -> verdicts.verdict(COPY_WITH_UPDATE));

    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = verdicts.figures().objectName();
    assertTrue(name.toString().startsWith("io.seqproxy:type=Rewriter,source=\"engine built in code\",dialect=POSTGRESQL"),
        name.toString());
    assertEquals(3, server.getAttribute(name, "VerdictsCached"));
    assertEquals(1, server.getAttribute(name, "ShapesCached"));
    assertEquals(3L, server.getAttribute(name, "Plannings"));
    assertEquals(1L, server.getAttribute(name, "InsertSelectsPlanned"));
    assertEquals(2L, server.getAttribute(name, "RefusedUnsupported"));
    assertEquals(0L, server.getAttribute(name, "RefusedPlanningBound"));
    assertEquals(0L, server.getAttribute(name, "RefusedInvalid"));
    double total = (Double) server.getAttribute(name, "PlanningMillisTotal");
    double max = (Double) server.getAttribute(name, "PlanningMillisMax");
    assertTrue(max > 0 && max <= total, max + " of " + total);

    engine.close();
    assertFalse(server.isRegistered(name));
  }
}
