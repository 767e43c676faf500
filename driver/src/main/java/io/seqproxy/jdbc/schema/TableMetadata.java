package io.seqproxy.jdbc.schema;

import java.util.List;

/**
 * A table as the database describes it, read once.
 *
 * @param catalog the catalog it was found in (MySQL's database), as stored; null when none
 * @param schema its schema, as stored; null when the database has none (MySQL)
 * @param name its name, as stored
 * @param columns every column, in the table's order
 * @param identityAlways the columns that are {@code GENERATED ALWAYS AS IDENTITY}, lower case
 */
public record TableMetadata(String catalog, String schema, String name, List<ColumnInfo> columns,
    List<String> identityAlways) {

  public TableMetadata {
    columns = List.copyOf(columns);
    identityAlways = List.copyOf(identityAlways);
  }

  /** The column of that name, in any case; null when the table has none. */
  public ColumnInfo column(String name) {
    for (ColumnInfo column : columns) {
      if (column.name().equalsIgnoreCase(name)) {
        return column;
      }
    }
    return null;
  }

  /** The table's qualified name as stored, for messages. */
  public String qualifiedName() {
    String qualifier = schema != null ? schema : catalog;
    return qualifier == null ? name : qualifier + "." + name;
  }
}
