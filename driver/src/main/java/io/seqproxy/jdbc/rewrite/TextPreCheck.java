package io.seqproxy.jdbc.rewrite;

import java.util.Locale;
import java.util.Set;

/**
 * The test every statement of the application passes through before anything else: could
 * this SQL insert into a mapped table at all? It scans the text in place, without regular
 * expressions or lower-case copies, because it runs for every SELECT too. It may say yes
 * wrongly (the word in a string or comment); the tokenizer sorts that out later.
 */
final class TextPreCheck {

  private final String[] tableNames;

  TextPreCheck(Set<String> tableNames) {
    this.tableNames =
        tableNames.stream()
            .filter(name -> !name.isEmpty())
            .map(name -> name.toLowerCase(Locale.ROOT))
            .toArray(String[]::new);
  }

  boolean mayInsertIntoMappedTable(String sql) {
    // MERGE can insert too: it is looked at so that it is refused when it would insert without IDs.
    if (!containsKeyword(sql, "insert") && !containsKeyword(sql, "replace") && !containsKeyword(sql, "merge")) {
      return false;
    }
    for (String name : tableNames) {
      if (containsIgnoreCase(sql, name)) {
        return true;
      }
    }
    return false;
  }

  /** The word, case-insensitively, not inside a longer identifier. */
  static boolean containsKeyword(String sql, String lowerWord) {
    int last = sql.length() - lowerWord.length();
    for (int i = 0; i <= last; i++) {
      if (matchesAt(sql, i, lowerWord)
          && (i == 0 || !isIdentifierPart(sql.charAt(i - 1)))
          && (i == last || !isIdentifierPart(sql.charAt(i + lowerWord.length())))) {
        return true;
      }
    }
    return false;
  }

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
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }
}
