package io.seqproxy.jdbc.rewrite;

import io.seqproxy.jdbc.rewrite.RewritePlan.ExplicitKey;
import io.seqproxy.jdbc.rewrite.RewritePlan.Slot;
import java.util.ArrayList;
import java.util.List;

/**
 * The plan of every SQL string that differs from a planned one only in the text of its string
 * and number literals: {@code INSERT INTO orders (name) VALUES ('a')} and {@code ... VALUES ('b')}
 * have one shape. Literals never decide a plan — the rewriter splices at keywords, parameters and
 * punctuation, and no edit touches a literal — so a plain Statement that inlines its values is
 * tokenized once per execution and parsed once per shape, not once per string.
 *
 * <p>The fragments are kept as pieces: text, or the index of a literal whose text is taken from
 * the string at hand. An explicit key written as a number literal is read from that literal.
 * Immutable.
 */
final class PlanShape {
  /** Marks a literal's place in a shape key; cannot occur outside literals and comments in SQL text. */
  private static final char STRING_MARK = '\u0001';
  private static final char NUMBER_MARK = '\u0002';

  static final PlanShape PASS_THROUGH = new PlanShape(null, List.of(), 0, 0, List.of(), List.of(), new int[0], new String[0]);

  private final Object[][] fragments;
  private final List<Slot> slots;
  private final int appParameterCount;
  private final int rowCount;
  private final List<String> generatedColumns;
  private final List<ExplicitKey> explicitKeys;
  /** For each explicit key, the literal its value is read from, or -1 when it is fixed. */
  private final int[] keyLiteral;
  private final String[] keySign;

  PlanShape(Object[][] fragments, List<Slot> slots, int appParameterCount, int rowCount,
      List<String> generatedColumns, List<ExplicitKey> explicitKeys, int[] keyLiteral, String[] keySign) {
    this.fragments = fragments;
    this.slots = slots;
    this.appParameterCount = appParameterCount;
    this.rowCount = rowCount;
    this.generatedColumns = generatedColumns;
    this.explicitKeys = explicitKeys;
    this.keyLiteral = keyLiteral;
    this.keySign = keySign;
  }

  static boolean isLiteral(Token token) {
    return token.kind() == Token.Kind.STRING || token.kind() == Token.Kind.NUMBER;
  }

  /** Whether {@code tokens} hold any literal, i.e. whether the SQL has a shape other than itself. */
  static boolean hasLiterals(List<Token> tokens) {
    for (Token token : tokens) {
      if (isLiteral(token)) {
        return true;
      }
    }
    return false;
  }

  /** The text with each literal replaced by a mark of its kind: equal keys, equal shapes. */
  static String key(String sql, List<Token> tokens) {
    StringBuilder key = new StringBuilder(sql.length());
    int cursor = 0;
    for (Token token : tokens) {
      if (isLiteral(token)) {
        key.append(sql, cursor, token.start()).append(token.kind() == Token.Kind.STRING ? STRING_MARK : NUMBER_MARK);
        cursor = token.end();
      }
    }
    return key.append(sql, cursor, sql.length()).toString();
  }

  /** The plan for {@code sql}, whose tokens have this shape. */
  RewritePlan instantiate(String sql, List<Token> tokens) {
    if (fragments == null) {
      return RewritePlan.passThrough(sql);
    }
    // The literals are copied straight from the string at hand, by their tokens' offsets.
    List<Token> literals = new ArrayList<>();
    for (Token token : tokens) {
      if (isLiteral(token)) {
        literals.add(token);
      }
    }
    String[] texts = new String[fragments.length];
    StringBuilder text = new StringBuilder();
    StringBuilder prepared = new StringBuilder(sql.length() + 16);
    for (int f = 0; f < fragments.length; f++) {
      text.setLength(0);
      for (Object piece : fragments[f]) {
        if (piece instanceof Integer literal) {
          Token token = literals.get(literal);
          text.append(sql, token.start(), token.end());
        } else {
          text.append((String) piece);
        }
      }
      texts[f] = text.toString();
      if (f > 0) {
        prepared.append('?');
      }
      prepared.append(text);
    }
    List<ExplicitKey> keys = explicitKeys;
    if (keyLiteral.length > 0) {
      List<ExplicitKey> read = new ArrayList<>(explicitKeys.size());
      for (int k = 0; k < explicitKeys.size(); k++) {
        ExplicitKey key = explicitKeys.get(k);
        read.add(keyLiteral[k] < 0 ? key
            : new ExplicitKey(key.row(), key.column(), integer(keySign[k] + literals.get(keyLiteral[k]).text(sql)),
                key.advances()));
      }
      keys = List.copyOf(read);
    }
    return new RewritePlan(sql, List.of(texts), slots, prepared.toString(), appParameterCount, rowCount,
        generatedColumns, keys);
  }

  private static Long integer(String text) {
    try {
      return Long.valueOf(text);
    } catch (NumberFormatException notAnInteger) {
      return null;
    }
  }
}
