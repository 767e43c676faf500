package io.seqproxy.jdbc.schema;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a name the database stores must be written in SQL to resolve to it: as it is when an
 * unquoted identifier folds to exactly that spelling ({@code id} on PostgreSQL, {@code ID} on
 * H2, any case on MySQL), quoted otherwise ({@code "Id"}).
 */
record Identifiers(String quote, boolean foldsUpper, boolean foldsLower) {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

  static Identifiers of(DatabaseMetaData metaData) throws SQLException {
    String quote = metaData.getIdentifierQuoteString();
    return new Identifiers(quote == null || quote.isBlank() ? "\"" : quote.trim(),
        metaData.storesUpperCaseIdentifiers(), metaData.storesLowerCaseIdentifiers());
  }

  String sqlName(String stored) {
    boolean plain = PLAIN.matcher(stored).matches()
        && (!foldsUpper || stored.equals(stored.toUpperCase(Locale.ROOT)))
        && (!foldsLower || stored.equals(stored.toLowerCase(Locale.ROOT)));
    return plain ? stored : quote + stored.replace(quote, quote + quote) + quote;
  }
}
