package io.seqproxy.jdbc.rewrite;

import io.seqproxy.jdbc.rewrite.RewritePlan.ExplicitKey;
import io.seqproxy.jdbc.rewrite.RewritePlan.Slot;
import java.util.List;

/**
 * The plan of every SQL string that has the same tokens as a planned one, apart from the text of
 * its string and number literals, its comments and its whitespace: {@code INSERT INTO orders
 * (name) VALUES ('a')} and {@code /*traceparent='00-…'*}{@code / INSERT INTO orders (name)
 * VALUES ('b')} have one shape. None of these decides a plan — the rewriter splices at keywords,
 * parameters and punctuation, never inside a literal or a comment, and JSqlParser is shown the
 * tokens only — so a statement carrying a new trace comment or inlined values each time is
 * tokenized per string but parsed once per shape. Where tokens touch or not is part of the shape
 * ({@code a::int} is not {@code a: :int}), and so is an executable MySQL comment, whose text the
 * server runs (the key then holds the whole text).
 *
 * <p>The fragments are kept as pieces: the text the rewriter inserts, or a span of the string at
 * hand between two token boundaries, so that its literals, comments (optimizer hints among them)
 * and whitespace are its own, byte for byte. An explicit key written as a number literal is read
 * from that literal. Immutable.
 */
final class PlanShape {
  /** Marks a literal's place in a shape key; a token other than a literal never is one of these. */
  private static final char STRING_MARK = '\u0001';
  private static final char NUMBER_MARK = '\u0002';
  /** Begins the key that holds the whole text: no key built from tokens begins with a space. */
  private static final char WHOLE_TEXT = ' ';
  /** Stands in a key for the whitespace and comments between two tokens. */
  static final char GAP = WHOLE_TEXT;
  /** Writes every slot as a parameter marker: the text a PreparedStatement is prepared with. */
  private static final InsertRewriter.SlotText PARAMETER_MARKS = (text, slot) -> text.append('?');

  /** Boundary codes (see {@link #offset}) of the text's start and end. */
  static final int TEXT_START = -1;
  static final int TEXT_END = Integer.MAX_VALUE;

  static final PlanShape PASS_THROUGH = new PlanShape(null, List.of(), 0, 0, List.of(), List.of(), new int[0], new String[0]);

  /**
   * Per fragment, its pieces in order: a {@link String} to insert, or a pair of boundary codes
   * (an {@code int[2]}) whose text is copied from the string at hand.
   */
  private final Object[][] fragments;
  private final List<Slot> slots;
  private final int appParameterCount;
  private final int rowCount;
  private final List<String> generatedColumns;
  private final List<ExplicitKey> explicitKeys;
  /** For each explicit key, the token (a number literal) its value is read from, or -1 when it is fixed. */
  private final int[] keyToken;
  private final String[] keySign;
  /** The characters of the text pieces the rewriter inserts, all fragments together. */
  private final int insertedLength;

  PlanShape(Object[][] fragments, List<Slot> slots, int appParameterCount, int rowCount,
      List<String> generatedColumns, List<ExplicitKey> explicitKeys, int[] keyToken, String[] keySign) {
    this.fragments = fragments;
    this.slots = slots;
    this.appParameterCount = appParameterCount;
    this.rowCount = rowCount;
    this.generatedColumns = generatedColumns;
    this.explicitKeys = explicitKeys;
    this.keyToken = keyToken;
    this.keySign = keySign;
    int inserted = 0;
    for (Object[] fragment : fragments == null ? new Object[0][] : fragments) {
      for (Object piece : fragment) {
        inserted += piece instanceof String text ? text.length() : 0;
      }
    }
    this.insertedLength = inserted;
  }

  /** The mark of a literal of {@code kind} (a string or a number) in a key. */
  static char mark(Token.Kind kind) {
    return kind == Token.Kind.STRING ? STRING_MARK : NUMBER_MARK;
  }

  /**
   * The boundary code of {@code offset}, which is a token's start or end: {@code 2i} for the start
   * of token {@code i}, {@code 2i + 1} for its end. (Every edit sits at a token's edge.)
   */
  static int boundary(int offset, List<Token> tokens) {
    int low = 0;
    int high = tokens.size() - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      Token token = tokens.get(middle);
      if (token.end() < offset) {
        low = middle + 1;
      } else if (token.start() > offset) {
        high = middle - 1;
      } else if (token.start() == offset) {
        return 2 * middle;
      } else if (token.end() == offset) {
        return 2 * middle + 1;
      } else {
        break;
      }
    }
    throw new IllegalStateException("an edit at offset " + offset + " is not at a token's edge");
  }

  private static int offset(int boundary, String sql, Tokens tokens) {
    if (boundary == TEXT_START) {
      return 0;
    }
    if (boundary == TEXT_END) {
      return sql.length();
    }
    return (boundary & 1) == 0 ? tokens.start(boundary >> 1) : tokens.end(boundary >> 1);
  }

  /**
   * The identity of the shape of {@code sql}: its tokens' texts, each literal as a mark of its
   * kind, with one space where the text has whitespace or comments between two tokens and
   * nothing where they touch. On MySQL a text with an executable comment ({@code /*!},
   * {@code /*M!}) between its tokens is its own key: its planning refuses it when it writes.
   *
   * @param mysql whether executable comments are run (the MySQL dialect)
   */
  static String key(String sql, Tokens tokens, boolean mysql) {
    return keyText(sql, tokens, ownsKey(tokens, mysql));
  }

  /** {@link #key}'s string, {@code whole} being {@link #ownsKey}'s answer for it. */
  static String keyText(String sql, Tokens tokens, boolean whole) {
    if (whole) {
      return WHOLE_TEXT + sql;
    }
    StringBuilder key = new StringBuilder(tokens.keyLength());
    int gapStart = 0;
    for (int i = 0, n = tokens.size(); i < n; i++) {
      int start = tokens.start(i);
      if (start > gapStart && i > 0) {
        key.append(GAP);
      }
      Token.Kind kind = tokens.kind(i);
      if (kind.isLiteral()) {
        key.append(mark(kind));
      } else {
        key.append(sql, start, tokens.end(i));
      }
      gapStart = tokens.end(i);
    }
    return key.toString();
  }

  /**
   * The hash code of a key's text: {@link String#hashCode} of it, then the length. Every character
   * counts: keys that differ in one place only (a statement prepared and the same with literals,
   * two tables whose names differ in one letter) hash apart, so a lookup compares one key, not
   * every key that shares a sample of its characters.
   */
  static int textHash(String key) {
    return 31 * key.hashCode() + key.length();
  }

  /**
   * {@link #textHash} of {@link #key}'s string ({@code whole}: see {@link #keyText}), kept by
   * the tokens as they were read, unless it is the whole text.
   */
  static int keyHash(String sql, Tokens tokens, boolean whole) {
    return whole ? textHash(keyText(sql, tokens, true)) : tokens.keyHash();
  }

  /**
   * Whether {@code key} is {@link #key}'s string ({@code whole}: see {@link #keyText}), compared
   * without building it: stretch by stretch, where a stretch is text of {@code sql} that is the
   * key's own too (tokens other than literals, apart by nothing or by one space), and one key
   * character for each literal and each other gap.
   */
  static boolean isKey(String key, String sql, Tokens tokens, boolean whole) {
    if (whole) {
      return key.length() == sql.length() + 1 && key.charAt(0) == WHOLE_TEXT
          && key.regionMatches(1, sql, 0, sql.length());
    }
    int at = 0;
    int stretch = -1;
    int previousEnd = 0;
    for (int i = 0, n = tokens.size(); i < n; i++) {
      int start = tokens.start(i);
      boolean gap = i > 0 && start > previousEnd;
      Token.Kind kind = tokens.kind(i);
      boolean literal = kind.isLiteral();
      if (stretch >= 0 && !literal && (!gap || (start == previousEnd + 1 && sql.charAt(previousEnd) == GAP))) {
        previousEnd = tokens.end(i);
        continue;
      }
      if (stretch >= 0) {
        at = afterStretch(key, at, sql, stretch, previousEnd);
        stretch = -1;
      }
      if (at < 0) {
        return false;
      }
      if (gap && !isAt(key, at++, GAP)) {
        return false;
      }
      if (literal && !isAt(key, at++, mark(kind))) {
        return false;
      }
      if (!literal) {
        stretch = start;
      }
      previousEnd = tokens.end(i);
    }
    return (stretch >= 0 ? afterStretch(key, at, sql, stretch, previousEnd) : at) == key.length();
  }

  /** Where {@code key} goes on after {@code sql[from, to)} found at {@code at}; -1 when it is not there. */
  private static int afterStretch(String key, int at, String sql, int from, int to) {
    return key.regionMatches(at, sql, from, to - from) ? at + to - from : -1;
  }

  private static boolean isAt(String key, int at, char c) {
    return at < key.length() && key.charAt(at) == c;
  }

  /**
   * Whether the key of {@code sql} is its whole text: on MySQL, an executable comment between its
   * tokens, which the tokenizer noted ({@code tokens} must be read in the MySQL dialect).
   */
  static boolean ownsKey(Tokens tokens, boolean mysql) {
    return mysql && tokens.hasExecutableComment();
  }

  /** Whether {@code sql} is its own key: no literals, no space but single ones between tokens. */
  static boolean isOwnKey(String sql, Tokens tokens) {
    int expected = 0;
    for (int i = 0, n = tokens.size(); i < n; i++) {
      int start = tokens.start(i);
      if (tokens.isLiteral(i)
          || (start != expected && (i == 0 || start != expected + 1 || sql.charAt(expected) != ' '))) {
        return false;
      }
      expected = tokens.end(i);
    }
    return expected == sql.length();
  }

  /** Whether the text {@code from..to}, which holds no token, has {@code /*!} or {@code /*M!} in it. */
  static boolean executableCommentIn(String sql, int from, int to) {
    for (int at = from; at + 2 < to; at++) {
      if (sql.charAt(at) == '/' && sql.charAt(at + 1) == '*') {
        char next = sql.charAt(at + 2);
        if (next == '!' || ((next == 'M' || next == 'm') && at + 3 < to && sql.charAt(at + 3) == '!')) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether a plan of this shape reads explicit keys from the literals of its string. */
  boolean readsKeys() {
    return keyToken.length > 0;
  }

  /**
   * The text a plain Statement sends for {@code sql}, whose tokens have this shape, after
   * {@code leading}: what {@link #instantiate} would give as fragments, joined with each slot's
   * text as {@code slots} writes it, built once without the plan.
   */
  String render(String leading, String sql, Tokens tokens, InsertRewriter.SlotText slots) {
    // A slot is a decimal long: 20 characters at most.
    return join(leading, sql, tokens, slots, 20);
  }

  /**
   * The SQL a PreparedStatement is prepared with for {@code sql}, whose tokens have this shape:
   * {@link #instantiate}'s {@link RewritePlan#preparedSql()}, built without the plan.
   */
  String prepared(String sql, Tokens tokens) {
    return fragments == null ? sql : join("", sql, tokens, PARAMETER_MARKS, 1);
  }

  /**
   * {@code leading}, then the fragments of {@code sql} joined with the slots' texts, each at most
   * {@code slotLength} long.
   */
  private String join(String leading, String sql, Tokens tokens, InsertRewriter.SlotText slots, int slotLength) {
    StringBuilder text = new StringBuilder(
        leading.length() + sql.length() + insertedLength + slotLength * (fragments.length - 1)).append(leading);
    for (int f = 0; f < fragments.length; f++) {
      if (f > 0) {
        slots.append(text, f - 1);
      }
      appendFragment(text, f, sql, tokens);
    }
    return text.toString();
  }

  private void appendFragment(StringBuilder text, int f, String sql, Tokens tokens) {
    for (Object piece : fragments[f]) {
      if (piece instanceof int[] span) {
        text.append(sql, offset(span[0], sql, tokens), offset(span[1], sql, tokens));
      } else {
        text.append((String) piece);
      }
    }
  }

  /** The plan for {@code sql}, whose tokens have this shape. */
  RewritePlan instantiate(String sql, Tokens tokens) {
    if (fragments == null) {
      return RewritePlan.passThrough(sql);
    }
    String[] texts = new String[fragments.length];
    StringBuilder prepared = new StringBuilder(sql.length() + 16);
    for (int f = 0; f < fragments.length; f++) {
      int from = prepared.length();
      if (f > 0) {
        prepared.append('?');
        from++;
      }
      appendFragment(prepared, f, sql, tokens);
      texts[f] = prepared.substring(from);
    }
    List<ExplicitKey> keys = explicitKeys;
    if (keyToken.length > 0) {
      ExplicitKey[] read = new ExplicitKey[explicitKeys.size()];
      for (int k = 0; k < read.length; k++) {
        ExplicitKey key = explicitKeys.get(k);
        read[k] = keyToken[k] < 0 ? key
            : new ExplicitKey(key.row(), key.column(), integer(keySign[k] + tokens.get(keyToken[k]).text(sql)),
                key.advances());
      }
      keys = List.of(read);
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
