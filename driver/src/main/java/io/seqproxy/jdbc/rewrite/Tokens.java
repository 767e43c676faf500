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

  private int[] packed = new int[3 * FIRST_CAPACITY];
  private int size;

  void add(Token.Kind kind, int start, int end) {
    int at = 3 * size;
    if (at == packed.length) {
      packed = Arrays.copyOf(packed, 2 * packed.length);
    }
    packed[at] = kind.ordinal();
    packed[at + 1] = start;
    packed[at + 2] = end;
    size++;
  }

  Token.Kind kind(int index) {
    return KINDS[packed[3 * checked(index)]];
  }

  int start(int index) {
    return packed[3 * checked(index) + 1];
  }

  int end(int index) {
    return packed[3 * checked(index) + 2];
  }

  /** Whether token {@code index} is a string or number literal. */
  boolean isLiteral(int index) {
    Token.Kind kind = kind(index);
    return kind == Token.Kind.STRING || kind == Token.Kind.NUMBER;
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
