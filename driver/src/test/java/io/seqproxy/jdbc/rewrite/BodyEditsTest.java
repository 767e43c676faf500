package io.seqproxy.jdbc.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.seqproxy.jdbc.rewrite.RewritePlan.ExplicitKey;
import io.seqproxy.jdbc.rewrite.RewritePlan.Kind;
import io.seqproxy.jdbc.rewrite.RewritePlan.Slot;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BodyEditsTest {

  private static final List<ColumnMapping> ID = List.of(new ColumnMapping("id", "order_id", false));

  private record Planned(String sql, BodyEdits body) {}

  private static Planned plan(String sql) throws Exception {
    List<Token> tokens = SqlTokenizer.tokenize(sql, SqlDialect.MYSQL);
    InsertShape shape = InsertShape.read(sql, tokens, 0, tokens.size());
    BodyEdits body = new BodyEdits(sql, tokens);
    switch (shape.body) {
      case VALUES -> body.values(shape, ID);
      case SET -> body.set(shape, ID);
      case DEFAULT_VALUES -> body.defaultValues(shape, ID);
      case SELECT -> throw new AssertionError("not a body with edits");
    }
    return new Planned(sql, body);
  }

  @Test
  void aMissingColumnIsAddedAtTheEndOfTheListAndOfEachRow() throws Exception {
    Planned p = plan("INSERT INTO orders (a) VALUES (1), (2) RETURNING *");
    Slot row0 = new Slot(Kind.GENERATED, 0, "order_id", "id", 0, false);
    Slot row1 = new Slot(Kind.GENERATED, 0, "order_id", "id", 1, false);
    int list = p.sql.indexOf(')');
    int first = p.sql.indexOf("1)") + 1;
    int second = p.sql.indexOf("2)") + 1;
    assertEquals(List.of(new Edit(list, list, ", id", null, ""), new Edit(first, first, ", ", row0, ""),
        new Edit(second, second, ", ", row1, "")), p.body.edits);
    assertEquals(2, p.body.rowCount);
  }

  @Test
  void aSetListGetsItsAssignmentAfterTheLastOne() throws Exception {
    Planned p = plan("INSERT INTO orders SET a = 1 RETURNING *");
    int at = p.sql.indexOf(" RETURNING");
    assertEquals(List.of(new Edit(at, at, ", id = ", new Slot(Kind.GENERATED, 0, "order_id", "id", 0, false), "")),
        p.body.edits);
  }

  @Test
  void nullIsReplacedAndALiteralIsAnExplicitKey() throws Exception {
    Planned p = plan("INSERT INTO orders (id) VALUES (NULL), (-4)");
    int at = p.sql.indexOf("NULL");
    assertEquals(List.of(new Edit(at, at + 4, "", new Slot(Kind.GENERATED, 0, "order_id", "id", 0, false), "")),
        p.body.edits);
    assertEquals(List.of(new ExplicitKey(1, "id", -4L)), p.body.explicitKeys);
  }

  @Test
  void rowsOfTheWrongWidthAreRefused() {
    SQLException e = assertThrows(SQLException.class, () -> plan("INSERT INTO orders (a, b) VALUES (1, 2), (3)"));
    assertEquals("INSERT into orders cannot be rewritten: row 2 has 1 values for 2 columns", e.getMessage());
  }
}
