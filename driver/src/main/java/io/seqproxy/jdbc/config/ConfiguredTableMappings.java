package io.seqproxy.jdbc.config;

import io.seqproxy.jdbc.rewrite.ColumnMapping;
import io.seqproxy.jdbc.rewrite.TableMappings;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code tables:} section. {@code orders} matches orders in any schema, {@code shop.orders}
 * only that schema's. An INSERT that names no schema also matches a schema-qualified mapping of
 * its table: the proxy cannot know the connection's current schema, and generating an ID for a
 * table that did not need one is harmless where a row without its ID is not.
 */
final class ConfiguredTableMappings implements TableMappings {
  private final Map<String, List<ColumnMapping>> byQualifiedName;
  private final Map<String, List<ColumnMapping>> byTableName;
  private final Set<String> tableNames;

  /**
   * @param mappings keyed by {@code table} or {@code schema.table}, lower case, in file order
   */
  ConfiguredTableMappings(Map<String, List<ColumnMapping>> mappings) {
    this.byQualifiedName = Map.copyOf(mappings);
    Map<String, List<ColumnMapping>> byTable = new HashMap<>();
    // Unqualified mappings first so that they win over qualified ones for unqualified SQL.
    mappings.forEach((key, columns) -> {
      if (key.indexOf('.') < 0) {
        byTable.put(key, columns);
      }
    });
    mappings.forEach((key, columns) -> byTable.putIfAbsent(key.substring(key.indexOf('.') + 1), columns));
    this.byTableName = Map.copyOf(byTable);
    this.tableNames = Set.copyOf(byTable.keySet());
  }

  @Override
  public List<ColumnMapping> columnsFor(String schema, String table) {
    if (table == null) {
      return List.of();
    }
    String name = table.toLowerCase(Locale.ROOT);
    if (schema == null) {
      return byTableName.getOrDefault(name, List.of());
    }
    List<ColumnMapping> qualified = byQualifiedName.get(schema.toLowerCase(Locale.ROOT) + "." + name);
    return qualified != null ? qualified : byQualifiedName.getOrDefault(name, List.of());
  }

  @Override
  public Set<String> tableNames() {
    return tableNames;
  }

  @Override
  public String toString() {
    return byQualifiedName.toString();
  }
}
