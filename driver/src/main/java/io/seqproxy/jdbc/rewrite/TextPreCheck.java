package io.seqproxy.jdbc.rewrite;

import java.util.Locale;
import java.util.Set;

/**
 * The test every statement of the application passes through before anything else: could
 * this SQL insert into a mapped table at all? It scans the text in place, without regular
 * expressions or lower-case copies, because it runs for every SELECT too. It may say yes
 * wrongly (the word in a string or comment); the tokenizer sorts that out later. A PostgreSQL or
 * H2 Unicode-escaped identifier ({@code U&"\006Frders"} is {@code orders}) can name a mapped
 * table without its text appearing, so an INSERT holding {@code U&"} always goes on to the
 * planner, which refuses it.
 */
public final class TextPreCheck {

  private final String[] tableNames;

  TextPreCheck(Set<String> tableNames) {
    this.tableNames =
        tableNames.stream()
            .filter(name -> !name.isEmpty())
            .map(name -> name.toLowerCase(Locale.ROOT))
            .toArray(String[]::new);
  }

  boolean mayInsertIntoMappedTable(String sql) {
    if (!hasWritingKeyword(sql)) {
      return false;
    }
    for (String name : tableNames) {
      if (containsIgnoreCase(sql, name)) {
        return true;
      }
    }
    return containsIgnoreCase(sql, UNICODE_ESCAPED_IDENTIFIER);
  }

  /** How a Unicode-escaped identifier begins, in lower case. */
  static final String UNICODE_ESCAPED_IDENTIFIER = "u&\"";

  /**
   * Whether a word of {@code sql} is INSERT, REPLACE or MERGE (MERGE can insert too, and is
   * looked at so that it is refused when it would insert without IDs). One pass, looking only
   * at the first letter of each word.
   */
  static boolean hasWritingKeyword(String sql) {
    boolean inWord = false;
    for (int i = 0, n = sql.length(); i < n; i++) {
      char c = sql.charAt(i);
      boolean part = isIdentifierPart(c);
      if (part && !inWord) {
        boolean found = switch (c) {
          case 'i', 'I' -> isWordAt(sql, i, "insert");
          case 'r', 'R' -> isWordAt(sql, i, "replace");
          case 'm', 'M' -> isWordAt(sql, i, "merge");
          default -> false;
        };
        if (found) {
          return true;
        }
      }
      inWord = part;
    }
    return false;
  }

  private static boolean isWordAt(String sql, int at, String lowerWord) {
    int after = at + lowerWord.length();
    return sql.regionMatches(true, at, lowerWord, 0, lowerWord.length())
        && (after == sql.length() || !isIdentifierPart(sql.charAt(after)));
  }

  /** Whether {@code sql} contains {@code lowerText} (lower case) in any case, without copying it. */
  static boolean containsIgnoreCase(String sql, String lowerText) {
    int last = sql.length() - lowerText.length();
    for (int i = 0; i <= last; i++) {
      if (matchesAt(sql, i, lowerText)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesAt(String sql, int at, String lower) {
    char first = sql.charAt(at);
    // The first-character test keeps the common miss to a couple of comparisons.
    return (first == lower.charAt(0) || Character.toLowerCase(first) == lower.charAt(0))
        && sql.regionMatches(true, at, lower, 0, lower.length());
  }

  private static boolean isIdentifierPart(char c) {
    if (c < 128) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
    }
    return Character.isLetterOrDigit(c);
  }
}
