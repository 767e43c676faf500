package io.seqproxy.jdbc.rewrite;

import io.seqproxy.jdbc.rewrite.RewritePlan.Kind;
import io.seqproxy.jdbc.rewrite.RewritePlan.Slot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Cuts the application's text into the fragments of a {@link PlanShape}: the text between the
 * slots (each application {@code ?} and each generated value), kept as the inserted texts and the
 * spans between token boundaries, so that one shape serves every string that differs only in its
 * literals, comments and whitespace.
 */
final class Fragments {

  private final List<Token> tokens;
  private final BodyEdits body;

  private Fragments(List<Token> tokens, BodyEdits body) {
    this.tokens = tokens;
    this.body = body;
  }

  /** The shape of the edited text; {@link PlanShape#PASS_THROUGH} when nothing is generated. */
  static PlanShape assemble(List<Token> tokens, BodyEdits body) {
    if (body.generatedColumns.isEmpty()) {
      return PlanShape.PASS_THROUGH;
    }
    return new Fragments(tokens, body).assemble();
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
    int cursor = PlanShape.TEXT_START;
    for (Edit edit : edits) {
      span(cursor, PlanShape.boundary(edit.start(), tokens), pieces);
      pieces.add(edit.before());
      if (edit.slot() != null) {
        fragments.add(join(pieces));
        slots.add(edit.slot());
        pieces.clear();
      }
      pieces.add(edit.after());
      cursor = PlanShape.boundary(edit.end(), tokens);
    }
    span(cursor, PlanShape.TEXT_END, pieces);
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

  /** The text between two boundaries, unless they are one (then it is empty in every string). */
  private static void span(int from, int to, List<Object> pieces) {
    if (from != to) {
      pieces.add(new int[] {from, to});
    }
  }

  /**
   * The pieces with adjacent texts merged and empty ones dropped. Spans stay, even those empty in
   * this string: another string of the shape may have comments or whitespace there.
   */
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
