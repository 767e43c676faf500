package io.seqproxy.jdbc.function;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A query that is nothing but one call of a function seqproxy can answer itself:
 * {@code SELECT LAST_INSERT_ID()}, or the next value of a sequence in the forms ORMs write —
 * {@code SELECT NEXT VALUE FOR s} (Hibernate's H2 and MariaDB dialects), {@code SELECT nextval('s')}
 * (PostgreSQL), {@code SELECT nextval(s)} (MariaDB), {@code VALUES NEXT VALUE FOR s} and
 * {@code CALL NEXT VALUE FOR s} (H2) — with an optional alias, {@code FROM DUAL} and trailing
 * semicolon, in any case and spacing. Pure: text in, call out; whether seqproxy answers it is the
 * caller's decision (the sequence may not be one of seqproxy's).
 *
 * @param kind what is called
 * @param sequence the sequence's name without schema or quotes, for {@link Kind#NEXT_VALUE}; else null
 * @param label the column label of the answer: the alias, or the call as written
 */
public record FunctionCall(Kind kind, String sequence, String label) {

  public enum Kind { LAST_INSERT_ID, NEXT_VALUE }

  /** Longer texts are never such a call; the bound keeps the check cheap for every other query. */
  private static final int MAX_LENGTH = 300;

  private static final String NAME = "(?:[a-z_][\\w$]*|\"[^\"]+\"|`[^`]+`)";
  private static final String QUALIFIED = "(" + NAME + "(?:\\s*\\.\\s*" + NAME + ")*)";
  private static final String CALL = "(last_insert_id\\s*\\(\\s*\\)"
      + "|next\\s+value\\s+for\\s+" + QUALIFIED
      + "|nextval\\s*\\(\\s*'" + QUALIFIED + "'(?:\\s*::\\s*regclass)?\\s*\\)"
      + "|nextval\\s*\\(\\s*" + QUALIFIED + "\\s*\\))";
  private static final Pattern QUERY = Pattern.compile(
      "(?:select\\s+" + CALL + "(?:\\s+(?:as\\s+)?(" + NAME + "))?(?:\\s+from\\s+dual)?"
          + "|(?:values|call)\\s*(?:\\(\\s*" + CALL + "\\s*\\)|\\s" + CALL + "))\\s*;?",
      Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  /** The call {@code sql} is, or null when it is any other statement. */
  public static FunctionCall of(String sql) {
    if (sql == null || sql.length() > MAX_LENGTH || !mayBeCall(sql)) {
      return null;
    }
    Matcher m = QUERY.matcher(sql.strip());
    if (!m.matches()) {
      return null;
    }
    // Groups: SELECT's call 1 (names 2-4), alias 5; VALUES/CALL parenthesized 6 (7-9), bare 10 (11-13).
    int call = m.group(1) != null ? 1 : m.group(6) != null ? 6 : 10;
    String text = m.group(call);
    String alias = call == 1 ? m.group(5) : null;
    String label = alias != null ? unquote(alias) : text;
    if (text.regionMatches(true, 0, "last_insert_id", 0, 14)) {
      return new FunctionCall(Kind.LAST_INSERT_ID, null, label);
    }
    String name = m.group(call + 1) != null ? m.group(call + 1)
        : m.group(call + 2) != null ? m.group(call + 2) : m.group(call + 3);
    return new FunctionCall(Kind.NEXT_VALUE, lastSegment(name), label);
  }

  /**
   * A check without a regex or a copy, which looks at two words: the first ({@code SELECT},
   * {@code VALUES}, {@code CALL}) and the one after it, past an opening parenthesis, where every
   * call {@link #of} reads starts ({@code NEXT}, {@code NEXTVAL}, {@code LAST_INSERT_ID}). False
   * means {@link #of} returns null. It runs for every SELECT that is not remembered, so it never
   * reads the rest of the text.
   */
  public static boolean mayBeCall(String sql) {
    int at = skipWhitespace(sql, 0);
    int first;
    if (sql.regionMatches(true, at, "select", 0, 6) || sql.regionMatches(true, at, "values", 0, 6)) {
      first = 6;
    } else if (sql.regionMatches(true, at, "call", 0, 4)) {
      first = 4;
    } else {
      return false;
    }
    at = skipWhitespace(sql, at + first);
    if (at < sql.length() && sql.charAt(at) == '(') {
      at = skipWhitespace(sql, at + 1);
    }
    return sql.regionMatches(true, at, "next", 0, 4) || sql.regionMatches(true, at, "last_insert_id", 0, 14);
  }

  private static int skipWhitespace(String sql, int from) {
    int at = from;
    while (at < sql.length() && Character.isWhitespace(sql.charAt(at))) {
      at++;
    }
    return at;
  }

  private static String lastSegment(String qualified) {
    String last = qualified;
    // A dot inside quotes belongs to the name; split only on dots outside them.
    char quote = 0;
    int from = 0;
    for (int i = 0; i < qualified.length(); i++) {
      char c = qualified.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '"' || c == '`') {
        quote = c;
      } else if (c == '.') {
        from = i + 1;
      }
    }
    last = qualified.substring(from).strip();
    return unquote(last);
  }

  private static String unquote(String name) {
    if (name.length() > 1 && (name.charAt(0) == '"' || name.charAt(0) == '`')) {
      return name.substring(1, name.length() - 1);
    }
    return name;
  }
}
