package io.seqproxy.jdbc.rewrite;

import io.seqproxy.jdbc.rewrite.RewritePlan.Kind;
import io.seqproxy.jdbc.rewrite.RewritePlan.Slot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Cuts the application's text into the fragments of a {@link PlanShape}: the text between the
 * slots (each application {@code ?} and each generated value), with every literal kept as its
 * literal number so that one shape serves every string that differs only in its literals.
 */
final class Fragments {

  private final String sql;
  private final List<Token> tokens;
  private final BodyEdits body;

  private Fragments(String sql, List<Token> tokens, BodyEdits body) {
    this.sql = sql;
    this.tokens = tokens;
    this.body = body;
  }

  /** The shape of the edited text; {@link PlanShape#PASS_THROUGH} when nothing is generated. */
  static PlanShape assemble(String sql, List<Token> tokens, BodyEdits body) {
    if (body.generatedColumns.isEmpty()) {
      return PlanShape.PASS_THROUGH;
    }
    return new Fragments(sql, tokens, body).assemble();
  }

  private PlanShape assemble() {
    List<Edit> edits = new ArrayList<>(body.edits);
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).kind() == Token.Kind.PARAMETER) {
        Slot slot = body.generatedIfNull.get(i);
        if (slot == null) {
          slot = new Slot(Kind.PARAMETER, body.appIndex[i], null, null, -1, false);
        }
        edits.add(new Edit(tokens.get(i).start(), tokens.get(i).end(), "", slot, ""));
      }
    }
    // Stable: edits at one offset keep the order they were planned in.
    edits.sort(Comparator.comparingInt(Edit::start));
    List<Object[]> fragments = new ArrayList<>();
    List<Slot> slots = new ArrayList<>();
    List<Object> pieces = new ArrayList<>();
    int cursor = 0;
    int nextToken = 0;
    for (Edit edit : edits) {
      nextToken = copy(cursor, edit.start(), nextToken, pieces);
      pieces.add(edit.before());
      if (edit.slot() != null) {
        fragments.add(join(pieces));
        slots.add(edit.slot());
        pieces.clear();
      }
      pieces.add(edit.after());
      cursor = edit.end();
    }
    copy(cursor, sql.length(), nextToken, pieces);
    fragments.add(join(pieces));
    return new PlanShape(
        fragments.toArray(new Object[0][]),
        List.copyOf(slots),
        body.appParameterCount,
        body.rowCount,
        List.copyOf(body.generatedColumns.values()),
        List.copyOf(body.explicitKeys),
        body.explicitKeyLiterals.stream().mapToInt(Integer::intValue).toArray(),
        body.explicitKeySigns.toArray(new String[0]));
  }

  /**
   * Adds the text {@code from..to} to {@code pieces}, with each literal in it as its literal
   * number; returns the first token at or after {@code to}. No edit ever cuts into a literal.
   */
  private int copy(int from, int to, int firstToken, List<Object> pieces) {
    int at = from;
    int t = firstToken;
    while (t < tokens.size() && tokens.get(t).start() < to) {
      Token token = tokens.get(t);
      if (body.literalIndex[t] >= 0 && token.start() >= from) {
        pieces.add(sql.substring(at, token.start()));
        pieces.add(body.literalIndex[t]);
        at = token.end();
      }
      t++;
    }
    pieces.add(sql.substring(at, to));
    return t;
  }

  /** The pieces with adjacent texts merged and empty ones dropped. */
  private static Object[] join(List<Object> pieces) {
    List<Object> joined = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (Object piece : pieces) {
      if (piece instanceof String s) {
        text.append(s);
      } else {
        if (text.length() > 0) {
          joined.add(text.toString());
          text.setLength(0);
        }
        joined.add(piece);
      }
    }
    if (text.length() > 0) {
      joined.add(text.toString());
    }
    return joined.toArray();
  }
}
