package io.seqproxy.jdbc.rewrite;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The tokens of one SQL text, packed: three ints per token (kind, start, end) in one growing
 * array, so that reading a string costs one array rather than an object per token. The shape
 * cache's hot path ({@link PlanShape}: the key, the rendered text) reads them through
 * {@link #kind}, {@link #start} and {@link #end}; planning reads them as a list, each
 * {@link #get} a new {@link Token}. Not modified once the tokenizer is done.
 */
final class Tokens extends AbstractList<Token> implements RandomAccess {
  private static final Token.Kind[] KINDS = Token.Kind.values();
  /** Tokens the array first holds: an INSERT of a few columns has no more. */
  private static final int FIRST_CAPACITY = 16;

  private int[] packed;
  /**
   * For a string read against a template ({@link #placed}), per token: the index in {@link #moved}
   * of the shift from its place in {@link #packed} (the template's), or, complemented, of its own
   * start and end (a literal); null when {@link #packed} holds this string's places.
   */
  private int[] placeOf;
  private int[] moved;
  private int size;
  /** The length of the shape key built from these tokens ({@link PlanShape#key}), and its hash so far, kept as they are added. */
  private int keyLength;
  private int keyHash;
  private boolean hasLiterals;
  private boolean executableComment;

  Tokens() {
    packed = new int[3 * FIRST_CAPACITY];
  }

  private Tokens(int[] packed, int size) {
    this.packed = packed;
    this.size = size;
  }

  /**
   * These tokens at other places, {@code places} (kind, start, end per token, as {@link #add} packs
   * them), in a string whose tokens are of the same kinds and, but for the literals, the same text,
   * and lie apart where these do ({@link LiteralTemplate}): its shape key is these tokens' key.
   */
  Tokens at(int[] places) {
    Tokens moved = new Tokens(places, size);
    moved.keyLength = keyLength;
    moved.keyHash = keyHash;
    moved.hasLiterals = hasLiterals;
    moved.executableComment = executableComment;
    return moved;
  }

  /**
   * {@link #at} without the places written out: token {@code i} lies at {@code template}'s place
   * (packed as {@link #add} packs them) shifted by {@code moved[placeOf[i]]}, or, when {@code
   * placeOf[i]} is negative, at {@code moved[~placeOf[i]]} to {@code moved[~placeOf[i] + 1]}. A
   * string read against a template allocates its shifts and its literals' places only.
   */
  Tokens placed(int[] template, int[] placeOf, int[] moved) {
    Tokens placed = at(template);
    placed.placeOf = placeOf;
    placed.moved = moved;
    return placed;
  }

  /** The tokens packed: kind, start, end per token, for {@link #at} in another string. */
  int[] packed() {
    int[] copy = new int[3 * size];
    for (int i = 0; i < size; i++) {
      copy[3 * i] = packed[3 * i];
      copy[3 * i + 1] = start(i);
      copy[3 * i + 2] = end(i);
    }
    return copy;
  }

  /**
   * Adds token {@code [start, end)} of {@code sql}, and its part of the shape key: a space when
   * text lies between it and the token before, a mark for a literal, else its characters, as
   * {@link PlanShape#key} writes them, hashed as {@link PlanShape#textHash} hashes the key's text.
   */
  void add(Token.Kind kind, int start, int end, String sql) {
    int at = 3 * size;
    if (at == packed.length) {
      packed = Arrays.copyOf(packed, 2 * packed.length);
    }
    if (size > 0 && start > packed[at - 1]) {
      keyChar(PlanShape.GAP);
    }
    if (kind.isLiteral()) {
      keyChar(PlanShape.mark(kind));
      hasLiterals = true;
    } else {
      int hash = keyHash;
      for (int c = start; c < end; c++) {
        hash = 31 * hash + sql.charAt(c);
      }
      keyHash = hash;
      keyLength += end - start;
    }
    packed[at] = kind.ordinal();
    packed[at + 1] = start;
    packed[at + 2] = end;
    size++;
  }

  /** One character of the shape key, at {@link #keyLength}. */
  private void keyChar(char c) {
    keyHash = 31 * keyHash + c;
    keyLength++;
  }

  /** Notes that a comment between the tokens is a MySQL executable one ({@link PlanShape#ownsKey}). */
  void executableComment() {
    executableComment = true;
  }

  /** {@link PlanShape#textHash} of the key {@link PlanShape#key} builds from these tokens when it is not the whole text. */
  int keyHash() {
    return 31 * keyHash + keyLength;
  }

  /** The length of the key {@link PlanShape#key} builds from these tokens when it is not the whole text. */
  int keyLength() {
    return keyLength;
  }

  /** Whether any token is a string or number literal. */
  boolean hasLiterals() {
    return hasLiterals;
  }

  /** Whether a comment between the tokens (or before or after them) holds {@code /*!} or {@code /*M!}; MySQL only. */
  boolean hasExecutableComment() {
    return executableComment;
  }

  Token.Kind kind(int index) {
    return KINDS[packed[3 * checked(index)]];
  }

  int start(int index) {
    int at = 3 * checked(index) + 1;
    if (placeOf == null) {
      return packed[at];
    }
    int place = placeOf[index];
    return place >= 0 ? packed[at] + moved[place] : moved[~place];
  }

  int end(int index) {
    int at = 3 * checked(index) + 2;
    if (placeOf == null) {
      return packed[at];
    }
    int place = placeOf[index];
    return place >= 0 ? packed[at] + moved[place] : moved[~place + 1];
  }

  /** Whether token {@code index} is a string or number literal. */
  boolean isLiteral(int index) {
    Token.Kind kind = kind(index);
    return kind.isLiteral();
  }

  private int checked(int index) {
    return Objects.checkIndex(index, size);
  }

  @Override
  public Token get(int index) {
    return new Token(kind(index), start(index), end(index));
  }

  @Override
  public int size() {
    return size;
  }
}
