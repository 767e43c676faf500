package io.seqproxy.jdbc.rewrite;

import java.util.Locale;
import java.util.Set;

/**
 * The test every statement of the application passes through before anything else: could
 * this SQL insert into a mapped table at all? It scans the text in place, without regular
 * expressions or lower-case copies, because it runs for every SELECT too, and from past the
 * comments that lead it, because tracers put a new one before every statement. It may say yes
 * wrongly (the word in a string or comment); the tokenizer sorts that out later. A PostgreSQL or
 * H2 Unicode-escaped identifier ({@code U&"\006Frders"} is {@code orders}) can name a mapped
 * table without its text appearing, so an INSERT holding {@code U&"} always goes on to the
 * planner, which refuses it.
 */
public final class TextPreCheck {

  private final String[] tableNames;
  private final SqlDialect dialect;

  TextPreCheck(Set<String> tableNames, SqlDialect dialect) {
    this.dialect = dialect;
    this.tableNames =
        tableNames.stream()
            .filter(name -> !name.isEmpty())
            .map(name -> name.toLowerCase(Locale.ROOT))
            .toArray(String[]::new);
  }

  boolean mayInsertIntoMappedTable(String sql) {
    return mayInsertIntoMappedTable(sql, SqlTokenizer.statementStart(sql, dialect));
  }

  /** {@link #mayInsertIntoMappedTable(String)} for SQL whose statement begins at {@code from}, after its leading comments. */
  boolean mayInsertIntoMappedTable(String sql, int from) {
    if (!hasWritingKeyword(sql, from)) {
      return false;
    }
    for (String name : tableNames) {
      if (containsIgnoreCase(sql, name, from)) {
        return true;
      }
    }
    return containsIgnoreCase(sql, UNICODE_ESCAPED_IDENTIFIER, from);
  }

  /** How a Unicode-escaped identifier begins, in lower case. */
  static final String UNICODE_ESCAPED_IDENTIFIER = "u&\"";

  /** {@link #ASCII}'s flags: the character is part of an identifier; a writing keyword begins with it. */
  private static final byte IDENTIFIER_PART = 1;
  private static final byte KEYWORD_START = 2;
  /**
   * Per ASCII character, its flags: the scans below look up one byte per character (a statement
   * with a trace comment has a hundred characters before its INSERT), not a chain of ranges.
   */
  private static final byte[] ASCII = new byte[128];

  static {
    for (char c = 0; c < 128; c++) {
      boolean part = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
      ASCII[c] = (byte) (part ? IDENTIFIER_PART : 0);
    }
    for (char c : "iIrRmM".toCharArray()) {
      ASCII[c] |= KEYWORD_START;
    }
  }

  /**
   * Whether a word of {@code sql} is INSERT, REPLACE or MERGE (MERGE can insert too, and is
   * looked at so that it is refused when it would insert without IDs). One pass, looking only
   * at the first letter of each word.
   */
  static boolean hasWritingKeyword(String sql) {
    return hasWritingKeyword(sql, 0);
  }

  /** {@link #hasWritingKeyword(String)} from offset {@code from}, where no word is cut. */
  private static boolean hasWritingKeyword(String sql, int from) {
    boolean inWord = false;
    for (int i = from, n = sql.length(); i < n; i++) {
      char c = sql.charAt(i);
      int flags = c < 128 ? ASCII[c] : Character.isLetterOrDigit(c) ? IDENTIFIER_PART : 0;
      if (flags == (IDENTIFIER_PART | KEYWORD_START) && !inWord && isKeywordAt(sql, i, c)) {
        return true;
      }
      inWord = flags != 0;
    }
    return false;
  }

  private static boolean isKeywordAt(String sql, int at, char first) {
    return switch (first) {
      case 'i', 'I' -> isWordAt(sql, at, "insert");
      case 'r', 'R' -> isWordAt(sql, at, "replace");
      default -> isWordAt(sql, at, "merge");
    };
  }

  private static boolean isWordAt(String sql, int at, String lowerWord) {
    int after = at + lowerWord.length();
    return matchesIgnoreCase(sql, at, lowerWord)
        && (after == sql.length() || !isIdentifierPart(sql.charAt(after)));
  }

  /**
   * Whether {@code sql} holds {@code lowerText} (lower case) at {@code at} in any case, as
   * {@code regionMatches(true, …)} decides, character by character: an ASCII pair is compared
   * here, which is most of them, and any other pair by {@code regionMatches} itself.
   */
  static boolean matchesIgnoreCase(String sql, int at, String lowerText) {
    int length = lowerText.length();
    if (at < 0 || at > sql.length() - length) {
      return false;
    }
    for (int k = 0; k < length; k++) {
      char c = sql.charAt(at + k);
      char expected = lowerText.charAt(k);
      if (c == expected) {
        continue;
      }
      if ((c | expected) < 128) {
        if (c < 'A' || c > 'Z' || c + ('a' - 'A') != expected) {
          return false;
        }
      } else if (!sql.regionMatches(true, at + k, lowerText, k, 1)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code sql} from offset {@code from} contains {@code lowerText} (lower case) in any
   * case, without copying it.
   */
  private static boolean containsIgnoreCase(String sql, String lowerText, int from) {
    char first = lowerText.charAt(0);
    // The first-character test keeps the common miss to a comparison or two; only a character
    // past ASCII is lower-cased (as Character does: 'K', the Kelvin sign, is a 'k').
    char firstUpper = first >= 'a' && first <= 'z' ? (char) (first - ('a' - 'A')) : first;
    int length = lowerText.length();
    for (int i = from, last = sql.length() - length; i <= last; i++) {
      char c = sql.charAt(i);
      if ((c == first || c == firstUpper || (c >= 128 && Character.toLowerCase(c) == first))
          && matchesIgnoreCase(sql, i, lowerText)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isIdentifierPart(char c) {
    return c < 128 ? (ASCII[c] & IDENTIFIER_PART) != 0 : Character.isLetterOrDigit(c);
  }
}
