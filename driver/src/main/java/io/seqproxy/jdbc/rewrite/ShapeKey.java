package io.seqproxy.jdbc.rewrite;

/**
 * A {@linkplain InsertRewriter.Reading#shapeKey() shape key} as the key of a map. A key looked up
 * is read from its string's tokens, hashed and compared without its text being built; only a key
 * that is kept ({@link #kept()}) holds its text. Equal keys have equal texts. Immutable.
 */
public final class ShapeKey {
  /** The key's text; null while it is read from {@link #sql}'s tokens. */
  private final String text;
  private final String sql;
  private final Tokens tokens;
  /** Whether the key is the whole text (a MySQL executable comment), decided once per string. */
  private final boolean whole;
  private final int hash;

  private ShapeKey(String text, String sql, Tokens tokens, boolean whole, int hash) {
    this.text = text;
    this.sql = sql;
    this.tokens = tokens;
    this.whole = whole;
    this.hash = hash;
  }

  /** The key of {@code sql}, read from its tokens when asked, not built. */
  static ShapeKey of(String sql, Tokens tokens, boolean mysql) {
    boolean whole = PlanShape.ownsKey(tokens, mysql);
    return new ShapeKey(null, sql, tokens, whole, PlanShape.keyHash(sql, tokens, whole));
  }

  /** This key holding its own text, to be kept in a map: the string it was read from is not. */
  public ShapeKey kept() {
    return text != null ? this : new ShapeKey(toString(), null, null, false, hash);
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof ShapeKey that) || hash != that.hash) {
      return false;
    }
    if (text != null && that.text != null) {
      return text.equals(that.text);
    }
    return text != null ? that.is(text) : is(that.toString());
  }

  private boolean is(String key) {
    return PlanShape.isKey(key, sql, tokens, whole);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** The key's text, {@link InsertRewriter.Reading#shapeKey()}. */
  @Override
  public String toString() {
    return text != null ? text : PlanShape.keyText(sql, tokens, whole);
  }
}
