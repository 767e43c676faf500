package io.seqproxy.jdbc.rewrite;

import io.seqproxy.jdbc.rewrite.Token.Kind;
import java.util.stream.IntStream;

/**
 * A statement with literals as a template for the next string of its shape: SQL built by
 * concatenation, which an application sends with new values each time, is read by comparing its
 * text with this one's and scanning only its literals, instead of tokenizing it whole, hashing its
 * shape key and looking the key up. The text between two literals is compared as one stretch when
 * it is this one's to the character (the same code wrote it), else a run of touching tokens at a
 * time, each gap apart.
 *
 * <p>A string is read this way only when its tokens are exactly those the tokenizer would find:
 * the same text for every token but the literals, a literal of the same kind in each literal's
 * place (a plain {@code '...'} string, or a number that begins with a digit), and nothing but
 * whitespace wherever this statement has whitespace or comments between its tokens; comments
 * before the statement and after it (a tracer's) are kept. Anything else (a comment between tokens,
 * a prefixed or dollar-quoted string, a literal glued to a word, a MySQL executable comment) is
 * left to the tokenizer: {@link #read} answers null. Its shape key is then this statement's.
 * Immutable.
 */
public final class LiteralTemplate {
  private static final int STRING = Kind.STRING.ordinal();
  private static final int NUMBER = Kind.NUMBER.ordinal();
  /** {@link #stretches} are kept when no longer than this many times the tokens' text, plus 256 characters. */
  private static final int MOST_WHITESPACE_PER_CHARACTER = 4;

  /**
   * The text of the runs of tokens other than literals, one after another: the shape's own text,
   * not the string's literals, which may be long (a document inlined) and are never compared.
   */
  private final String text;
  private final Tokens tokens;
  private final SqlDialect dialect;
  /** The tokens as {@link Tokens} packs them (kind, start, end), placed in {@link #text}; a literal's places unused. */
  private final int[] packed;
  /** Per token: whether whitespace or comments lie between it and the token before. */
  private final boolean[] gapBefore;
  /**
   * Per token other than a literal: the last token of the run it begins, tokens that touch with
   * no literal among them, compared as one stretch of text; -1 for a literal.
   */
  private final int[] runLast;
  /**
   * The text between the literals, whitespace and all, stretch after stretch: from the first
   * token to the first literal, from there to the next, ..., from the last literal to the last
   * token. A string built by the same code (new values in the same text) is compared a stretch at
   * a time, its gaps not looked at one by one. Null when a comment lies between two tokens (its
   * text is not kept), or when the whitespace is far longer than the tokens' text (a string padded
   * with megabytes of it would stay in memory with the template): such a template compares run by
   * run.
   */
  private final String stretches;
  /** The length of the run of tokens that begins this statement (none: 0), which {@link #read} compares first. */
  private final int firstRunLength;
  /** Per stretch: where it ends in {@link #stretches}; the next begins there. */
  private final int[] stretchEnd;
  /** Per stretch: where it begins in this statement's text. */
  private final int[] stretchStart;
  /** The token index of each literal, in order: stretch k ends before literal k. */
  private final int[] literal;
  /** The tokens as {@link Tokens} packs them, in this statement's text. */
  private final int[] original;
  /**
   * Per token, where a string read stretch by stretch keeps its place ({@link Tokens#placed}): its
   * stretch's shift at index k for a token of stretch k; its own start and end, complemented,
   * after the shifts for literal k.
   */
  private final int[] placeOf;

  private LiteralTemplate(String sql, Tokens tokens, SqlDialect dialect) {
    this.tokens = tokens;
    this.dialect = dialect;
    int count = tokens.size();
    this.original = tokens.packed();
    this.packed = tokens.packed();
    this.gapBefore = new boolean[count];
    this.runLast = new int[count];
    for (int i = 1; i < count; i++) {
      gapBefore[i] = tokens.start(i) > tokens.end(i - 1);
    }
    for (int i = count - 1; i >= 0; i--) {
      boolean runGoesOn = i + 1 < count && runLast[i + 1] >= 0 && !gapBefore[i + 1];
      runLast[i] = tokens.isLiteral(i) ? -1 : runGoesOn ? runLast[i + 1] : i;
    }
    StringBuilder runs = new StringBuilder();
    for (int i = 0; i < count; i = runLast[i] < 0 ? i + 1 : runLast[i] + 1) {
      if (runLast[i] >= 0) {
        int shift = runs.length() - tokens.start(i);
        runs.append(sql, tokens.start(i), tokens.end(runLast[i]));
        for (int k = 3 * i; k <= 3 * runLast[i]; k += 3) {
          packed[k + 1] += shift;
          packed[k + 2] += shift;
        }
      }
    }
    this.text = runs.toString();
    this.literal = IntStream.range(0, count).filter(tokens::isLiteral).toArray();
    int stretchCount = literal.length + 1;
    this.stretchEnd = new int[stretchCount];
    this.stretchStart = new int[stretchCount];
    boolean onlyWhitespace = true;
    int length = 0;
    for (int k = 0; k < stretchCount; k++) {
      int from = k == 0 ? tokens.start(0) : tokens.end(literal[k - 1]);
      int to = k == literal.length ? tokens.end(count - 1) : tokens.start(literal[k]);
      int first = k == 0 ? 0 : literal[k - 1] + 1;
      int last = k == literal.length ? count - 1 : literal[k] - 1;
      // The gaps of a stretch: before each of its tokens, and before the literal that ends it.
      for (int i = Math.max(first, 1); i <= Math.min(last + 1, count - 1); i++) {
        onlyWhitespace &= skipWhitespace(sql, tokens.end(i - 1)) >= tokens.start(i);
      }
      stretchStart[k] = from;
      length += to - from;
      stretchEnd[k] = length;
    }
    // Built only when kept: a first string padded with megabytes of whitespace is not copied.
    StringBuilder exact = null;
    if (onlyWhitespace && length <= MOST_WHITESPACE_PER_CHARACTER * text.length() + 256) {
      exact = new StringBuilder(length);
      for (int k = 0; k < stretchCount; k++) {
        exact.append(sql, stretchStart[k], stretchStart[k] + stretchEnd[k] - (k == 0 ? 0 : stretchEnd[k - 1]));
      }
    }
    this.stretches = exact == null ? null : exact.toString();
    // read() has compared the first run of tokens before the stretches: the first stretch goes on after it.
    this.firstRunLength = runLast[0] < 0 ? 0 : packed[3 * runLast[0] + 2] - packed[1];
    this.placeOf = new int[count];
    for (int k = 0, i = 0; i < count; i++) {
      boolean isLiteral = k < literal.length && literal[k] == i;
      placeOf[i] = isLiteral ? ~(stretchCount + 2 * k) : k;
      k += isLiteral ? 1 : 0;
    }
  }

  /** The template of {@code sql}, read as {@code tokens}; null when its key is its whole text or it has no literals. */
  static LiteralTemplate of(String sql, Tokens tokens, SqlDialect dialect) {
    boolean whole = PlanShape.ownsKey(tokens, dialect == SqlDialect.MYSQL);
    return whole || !tokens.hasLiterals() || tokens.isEmpty() ? null : new LiteralTemplate(sql, tokens, dialect);
  }

  /** Whether strings are compared with this one a stretch at a time ({@link #stretches}); for tests. */
  boolean comparesStretches() {
    return stretches != null;
  }

  /**
   * {@code sql} read as a string of this statement's shape, its tokens found in place; null when
   * it is not one, or not one this comparison can tell (then the tokenizer reads it).
   */
  InsertRewriter.Reading read(String sql) {
    return read(sql, 0);
  }

  /**
   * {@link #read(String)} for {@code sql} whose statement begins at {@code from}, after the
   * comments that lead it ({@link InsertRewriter#statementStart}: a tracer's, say).
   */
  public InsertRewriter.Reading read(String sql, int from) {
    int at = skipWhitespace(sql, from);
    // Most strings that are not of this shape differ in their first words (a SELECT, an UPDATE):
    // they are told apart before anything is allocated.
    if (runLast[0] >= 0 && !runMatches(sql, at, 0) || SqlTokenizer.startsComment(sql, at, dialect)) {
      return null;
    }
    if (stretches != null) {
      InsertRewriter.Reading reading = readStretches(sql, at);
      if (reading != null) {
        return reading;
      }
    }
    return readRuns(sql, at);
  }

  /**
   * {@code sql}, whose first token begins at {@code at}, read stretch by stretch ({@link
   * #stretches}): null when one differs, even in whitespace, or it is not of this shape.
   */
  private InsertRewriter.Reading readStretches(String sql, int at) {
    int stretchCount = stretchEnd.length;
    // Per stretch its shift from this statement's text, then per literal its start and end.
    int[] moved = new int[stretchCount + 2 * literal.length];
    for (int k = 0; k < stretchCount; k++) {
      int from = k == 0 ? 0 : stretchEnd[k - 1];
      int length = stretchEnd[k] - from;
      int compared = k == 0 ? firstRunLength : 0; // read() compared it
      if (!sql.regionMatches(at + compared, stretches, from + compared, length - compared)) {
        return null;
      }
      moved[k] = at - stretchStart[k];
      at += length;
      if (k < literal.length) {
        int end = literalEnd(sql, at, literal[k]);
        if (end < 0) {
          return null;
        }
        moved[stretchCount + 2 * k] = at;
        moved[stretchCount + 2 * k + 1] = end;
        at = end;
      }
    }
    if (endsWithDashes(sql, at) || !onlyCommentsFrom(sql, at)) {
      return null;
    }
    return new InsertRewriter.Reading(sql, tokens.placed(original, placeOf, moved), dialect);
  }

  /**
   * Where literal token {@code i} of this statement ends when it begins at {@code at} in {@code
   * sql}; -1 when no literal of its kind the tokenizer would read as one token begins there.
   */
  private int literalEnd(String sql, int at, int i) {
    boolean string = packed[3 * i] == STRING;
    if (!literalStartsAt(sql, at, string ? '\'' : '0')) {
      return -1;
    }
    return string ? SqlTokenizer.quotedEnd(sql, at, '\'', dialect.backslashEscapes) : SqlTokenizer.numberEnd(sql, at);
  }

  /** {@code sql}, whose first token begins at {@code at}, read run of tokens by run, each gap apart. */
  private InsertRewriter.Reading readRuns(String sql, int at) {
    int count = runLast.length;
    int length = sql.length();
    int[] places = new int[packed.length];
    for (int i = 0; i < count;) {
      if (gapBefore[i]) {
        if (at == length || !Character.isWhitespace(sql.charAt(at)) || endsWithDashes(sql, at)) {
          return null;
        }
        at = skipWhitespace(sql, at);
        if (SqlTokenizer.startsComment(sql, at, dialect)) {
          return null;
        }
      }
      int kind = packed[3 * i];
      if (kind == STRING || kind == NUMBER) {
        int end = literalEnd(sql, at, i);
        if (end < 0) {
          return null;
        }
        places[3 * i] = kind;
        places[3 * i + 1] = at;
        places[3 * i + 2] = end;
        at = end;
        i++;
      } else {
        // A run of tokens that touch, compared at once and placed as far from the template's as it begins.
        int last = runLast[i];
        if (i > 0 && !runMatches(sql, at, i)) {
          return null;
        }
        int shift = at - packed[3 * i + 1];
        for (int k = 3 * i; k <= 3 * last; k += 3) {
          places[k] = packed[k];
          places[k + 1] = packed[k + 1] + shift;
          places[k + 2] = packed[k + 2] + shift;
        }
        at = packed[3 * last + 2] + shift;
        i = last + 1;
      }
    }
    if (endsWithDashes(sql, at) || !onlyCommentsFrom(sql, at)) {
      return null;
    }
    return new InsertRewriter.Reading(sql, tokens.at(places), dialect);
  }

  /** Whether {@code sql} holds at {@code at} the run of tokens that begins with token {@code first}. */
  private boolean runMatches(String sql, int at, int first) {
    int start = packed[3 * first + 1];
    return sql.regionMatches(at, text, start, packed[3 * runLast[first] + 2] - start);
  }

  /**
   * Whether nothing but whitespace and comments follows {@code at} (a tracer's comment after the
   * statement, as sqlcommenter writes it); on MySQL, no executable comment, which would make the
   * whole text the key.
   */
  private boolean onlyCommentsFrom(String sql, int at) {
    for (at = skipWhitespace(sql, at); at < sql.length(); at = skipWhitespace(sql, at)) {
      if (!SqlTokenizer.startsComment(sql, at, dialect)) {
        return false;
      }
      int end = SqlTokenizer.commentEnd(sql, at, dialect);
      if (dialect == SqlDialect.MYSQL && PlanShape.executableCommentIn(sql, at, end)) {
        return false;
      }
      at = end;
    }
    return true;
  }

  /**
   * Whether a literal the tokenizer would read as one token begins at {@code at}: a quote
   * ({@code first} is {@code '}) or a digit ({@code first} is {@code 0}), after neither a
   * character of a word (which would take a digit in, or make a quote a prefixed string) nor a
   * point (which would make a digit a decimal's).
   */
  private static boolean literalStartsAt(String sql, int at, char first) {
    if (at == sql.length()) {
      return false;
    }
    char c = sql.charAt(at);
    boolean opens = first == '\'' ? c == '\'' : SqlTokenizer.isDigit(c);
    if (!opens || at == 0) {
      return opens;
    }
    char before = sql.charAt(at - 1);
    return !SqlTokenizer.isWordPart(before) && before != '.';
  }

  /**
   * Whether two dashes end the text before {@code at}: on MySQL two dashes are a comment only
   * when whitespace follows, so the whitespace this comparison accepts there would make one.
   */
  private static boolean endsWithDashes(String sql, int at) {
    return at >= 2 && sql.charAt(at - 1) == '-' && sql.charAt(at - 2) == '-';
  }

  private static int skipWhitespace(String sql, int at) {
    while (at < sql.length() && Character.isWhitespace(sql.charAt(at))) {
      at++;
    }
    return at;
  }
}
