package io.seqproxy.jdbc.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.seqproxy.jdbc.rewrite.RewritePlan.Kind;
import io.seqproxy.jdbc.rewrite.RewritePlan.Slot;
import java.util.List;
import org.junit.jupiter.api.Test;

class FragmentsTest {

  @Test
  void nothingGeneratedIsPassThrough() {
    String sql = "INSERT INTO other (a) VALUES (?)";
    List<Token> tokens = SqlTokenizer.tokenize(sql, SqlDialect.MYSQL);
    assertSame(PlanShape.PASS_THROUGH, Fragments.assemble(tokens, new BodyEdits(sql, tokens)));
  }

  @Test
  void editsAndParametersCutTheTextAndLiteralsStayHoles() {
    String sql = "INSERT INTO t (a, b) VALUES ('x', ?)";
    List<Token> tokens = SqlTokenizer.tokenize(sql, SqlDialect.MYSQL);
    BodyEdits body = new BodyEdits(sql, tokens);
    int close = sql.lastIndexOf(')');
    Slot generated = new Slot(Kind.GENERATED, 0, "s", "id", 0, false);
    body.edits.add(new Edit(close, close, ", ", generated, ""));
    body.edits.add(new Edit(sql.indexOf(')'), sql.indexOf(')'), ", id", null, ""));
    body.generatedColumns.put("id", "id");
    body.rowCount = 1;
    PlanShape shape = Fragments.assemble(tokens, body);
    String other = "INSERT INTO t (a, b) VALUES ('other', ?)";
    RewritePlan plan = shape.instantiate(other, SqlTokenizer.tokenize(other, SqlDialect.MYSQL));
    assertEquals(List.of("INSERT INTO t (a, b, id) VALUES ('other', ", ", ", ")"), plan.fragments());
    assertEquals(List.of(new Slot(Kind.PARAMETER, 1, null, null, -1, false), generated), plan.slots());
    assertEquals(1, plan.rowCount());
    assertEquals(List.of("id"), plan.generatedColumns());
  }
}
