package io.seqproxy.jdbc.schema;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads one table's columns from {@link DatabaseMetaData} on a connection of the application's
 * data source, and, where JDBC does not say it, which of them are {@code GENERATED ALWAYS}
 * identities (PostgreSQL's and H2's catalogs). Names are looked up as written, then upper and
 * lower case, and matched exactly afterwards (the patterns' {@code _} matches any character).
 */
final class MetadataReader {

  private MetadataReader() {}

  /**
   * @param catalogQualifies whether a qualifier names a catalog (MySQL's databases) rather than
   *     a schema
   * @param qualifier the catalog or schema the table is in, as written; never null
   * @return null when there is no such table
   */
  static TableMetadata read(Connection real, boolean catalogQualifies, String qualifier, String table)
      throws SQLException {
    DatabaseMetaData metaData = real.getMetaData();
    if (metaData == null) {
      throw new SQLException("the real driver returned no DatabaseMetaData");
    }
    for (String q : spellings(qualifier)) {
      for (String t : spellings(table)) {
        TableMetadata found = catalogQualifies
            ? columns(metaData, q, null, t, qualifier, table)
            : columns(metaData, null, q, t, qualifier, table);
        if (found != null) {
          return withIdentityAlways(real, metaData, found);
        }
      }
    }
    return null;
  }

  private static Set<String> spellings(String name) {
    Set<String> spellings = new LinkedHashSet<>();
    spellings.add(name);
    spellings.add(name.toUpperCase(Locale.ROOT));
    spellings.add(name.toLowerCase(Locale.ROOT));
    return spellings;
  }

  private static TableMetadata columns(DatabaseMetaData metaData, String catalog, String schema,
      String table, String qualifier, String wanted) throws SQLException {
    List<ColumnInfo> columns = new ArrayList<>();
    String foundCatalog = null;
    String foundSchema = null;
    String foundName = null;
    try (ResultSet rs = metaData.getColumns(catalog, schema, table, "%")) {
      while (rs.next()) {
        String name = rs.getString("TABLE_NAME");
        String tableCatalog = rs.getString("TABLE_CAT");
        String tableSchema = rs.getString("TABLE_SCHEM");
        String tableQualifier = catalog != null ? tableCatalog : tableSchema;
        if (!wanted.equalsIgnoreCase(name) || !qualifier.equalsIgnoreCase(tableQualifier)
            || (foundName != null && !foundName.equals(name))) {
          continue;
        }
        foundCatalog = tableCatalog;
        foundSchema = tableSchema;
        foundName = name;
        columns.add(new ColumnInfo(
            rs.getString("COLUMN_NAME"),
            rs.getInt("DATA_TYPE"),
            rs.getString("TYPE_NAME"),
            rs.getInt("COLUMN_SIZE"),
            rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls,
            "YES".equalsIgnoreCase(rs.getString("IS_AUTOINCREMENT")),
            "YES".equalsIgnoreCase(rs.getString("IS_GENERATEDCOLUMN"))));
      }
    }
    return foundName == null ? null
        : new TableMetadata(foundCatalog, foundSchema, foundName, columns, List.of());
  }

  /** JDBC says AUTO_INCREMENT, not whether a value may be written: the catalogs say ALWAYS. */
  private static TableMetadata withIdentityAlways(Connection real, DatabaseMetaData metaData,
      TableMetadata table) throws SQLException {
    String product = metaData.getDatabaseProductName().toLowerCase(Locale.ROOT);
    String query;
    if (product.contains("postgresql")) {
      query = "SELECT a.attname FROM pg_catalog.pg_attribute a"
          + " JOIN pg_catalog.pg_class c ON a.attrelid = c.oid"
          + " JOIN pg_catalog.pg_namespace n ON c.relnamespace = n.oid"
          + " WHERE n.nspname = ? AND c.relname = ? AND a.attidentity = 'a'";
    } else if (product.equals("h2")) {
      query = "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS"
          + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND IDENTITY_GENERATION = 'ALWAYS'";
    } else {
      return table;
    }
    if (table.schema() == null || !table.columns().stream().anyMatch(ColumnInfo::autoIncrement)) {
      return table;
    }
    List<String> always = new ArrayList<>();
    try (PreparedStatement statement = real.prepareStatement(query)) {
      statement.setString(1, table.schema());
      statement.setString(2, table.name());
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          always.add(rs.getString(1).toLowerCase(Locale.ROOT));
        }
      }
    }
    return new TableMetadata(table.catalog(), table.schema(), table.name(), table.columns(), always);
  }
}
