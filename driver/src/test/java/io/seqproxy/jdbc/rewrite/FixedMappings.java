package io.seqproxy.jdbc.rewrite;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Mappings for the rewriter tests, keyed like the YAML: {@code orders} or {@code shop.carts}. */
final class FixedMappings implements TableMappings {

  /** The mappings every rewriter test uses. */
  static final FixedMappings STANDARD =
      new FixedMappings()
          .map("orders", new ColumnMapping("id", "order_id", false))
          .map("events", new ColumnMapping("event_id", "event_id", true))
          .map("shop.carts", new ColumnMapping("cart_id", "cart_id", false))
          .map(
              "items",
              new ColumnMapping("id", "item_id", false),
              new ColumnMapping("code", "item_code", false));

  private final Map<String, List<ColumnMapping>> tables = new LinkedHashMap<>();

  FixedMappings map(String table, ColumnMapping... columns) {
    tables.put(table.toLowerCase(Locale.ROOT), List.of(columns));
    return this;
  }

  @Override
  public List<ColumnMapping> columnsFor(String schema, String table) {
    String name = table.toLowerCase(Locale.ROOT);
    if (schema != null) {
      List<ColumnMapping> qualified = tables.get(schema.toLowerCase(Locale.ROOT) + "." + name);
      if (qualified != null) {
        return qualified;
      }
    }
    return tables.getOrDefault(name, List.of());
  }

  @Override
  public Set<String> tableNames() {
    return tables.keySet().stream()
        .map(key -> key.substring(key.lastIndexOf('.') + 1))
        .collect(Collectors.toUnmodifiableSet());
  }
}
