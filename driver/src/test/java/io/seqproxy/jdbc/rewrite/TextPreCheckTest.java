package io.seqproxy.jdbc.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The pre-check's own case-insensitive comparison decides as {@code String.regionMatches(true, …)}. */
class TextPreCheckTest {

  /**
   * Every character up to U+04FF (the long s, the dotted and dotless i among them, whose case maps
   * leave ASCII or enter it) and the Kelvin sign and the capital sharp s, against every lower-case
   * character of those: the same answer as the JDK's, inside longer text.
   */
  @Test
  void comparesEveryPairOfCharactersAsRegionMatchesIgnoringCase() {
    StringBuilder chars = new StringBuilder();
    for (char c = 0; c < 0x500; c++) {
      chars.append(c);
    }
    chars.append("\u212A\u1E9E"); // the Kelvin sign and the capital sharp s; the rest are below U+0500
    String all = chars.toString();
    int compared = 0;
    for (int e = 0; e < all.length(); e++) {
      String expected = String.valueOf(all.charAt(e)).toLowerCase(Locale.ROOT);
      if (expected.length() != 1) {
        continue; // İ lower-cases to two characters: no table name of the pre-check holds it alone
      }
      for (int c = 0; c < all.length(); c++) {
        String text = "x" + all.charAt(c) + "y";
        boolean jdk = text.regionMatches(true, 1, expected, 0, 1);
        assertEquals(jdk, TextPreCheck.matchesIgnoreCase(text, 1, expected),
            () -> String.format("U+%04X against U+%04X", (int) text.charAt(1), (int) expected.charAt(0)));
        compared++;
      }
    }
    assertEquals(1281 * 1282, compared, "1,282 characters against each of them but the dotted capital I");
  }

  @Test
  void comparesWordsInAnyCaseAndNotPastTheText() {
    assertTrue(TextPreCheck.matchesIgnoreCase("INSERT INTO ORDERS", 12, "orders"));
    assertTrue(TextPreCheck.matchesIgnoreCase("insert into OrDeRs", 12, "orders"));
    assertFalse(TextPreCheck.matchesIgnoreCase("insert into order", 12, "orders"));
    assertFalse(TextPreCheck.matchesIgnoreCase("orders", -1, "orders"));
    assertTrue(TextPreCheck.matchesIgnoreCase("\u212Aey", 0, "key"), "the Kelvin sign is a k, as for the JDK");
  }
}
