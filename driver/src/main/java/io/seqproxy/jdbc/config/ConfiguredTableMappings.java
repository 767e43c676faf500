package io.seqproxy.jdbc.config;

import io.seqproxy.jdbc.rewrite.ColumnMapping;
import io.seqproxy.jdbc.rewrite.TableMappings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code tables:} section. {@code orders} matches orders in any schema, {@code shop.orders}
 * only that schema's. An INSERT that names no schema also matches a schema-qualified mapping of
 * its table: the proxy cannot know the connection's current schema, and generating an ID for a
 * table that did not need one is harmless where a row without its ID is not.
 *
 * <p>A table name with {@code *} is a pattern: each {@code *} stands for one or more characters,
 * so {@code orders_*} maps {@code orders_0 … orders_63}, the physical tables of a sharded schema
 * that share one sequence. An exact name wins over a pattern; among patterns, the first in the
 * file. The text pre-check looks for a pattern's longest literal part.
 */
final class ConfiguredTableMappings implements TableMappings {
  private final Map<String, List<ColumnMapping>> byQualifiedName;
  private final Map<String, List<ColumnMapping>> byTableName;
  private final List<TablePattern> patterns;
  private final Set<String> tableNames;
  /** Every mapping as keyed in the file (lower case), in file order: for tools. */
  private final Map<String, List<ColumnMapping>> inFileOrder;

  /** A mapping whose table name has {@code *}; {@code schema} null when it names none. */
  private record TablePattern(String schema, Pattern table, List<ColumnMapping> columns) {
    boolean matches(String schema, String table) {
      return (this.schema == null || schema == null || this.schema.equals(schema)) && this.table.matcher(table).matches();
    }
  }

  /**
   * @param mappings keyed by {@code table} or {@code schema.table}, lower case, in file order;
   *     a table part with {@code *} is a pattern
   */
  ConfiguredTableMappings(Map<String, List<ColumnMapping>> mappings) {
    this.inFileOrder = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(mappings));
    Map<String, List<ColumnMapping>> exact = new HashMap<>();
    List<TablePattern> globs = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    mappings.forEach((key, columns) -> {
      String table = key.substring(key.indexOf('.') + 1);
      if (table.indexOf('*') < 0) {
        exact.put(key, columns);
        return;
      }
      String schema = key.indexOf('.') < 0 ? null : key.substring(0, key.indexOf('.'));
      globs.add(new TablePattern(schema, compile(table), columns));
      names.add(longestLiteral(table));
    });
    this.byQualifiedName = Map.copyOf(exact);
    Map<String, List<ColumnMapping>> byTable = new HashMap<>();
    // Unqualified mappings first so that they win over qualified ones for unqualified SQL.
    exact.forEach((key, columns) -> {
      if (key.indexOf('.') < 0) {
        byTable.put(key, columns);
      }
    });
    exact.forEach((key, columns) -> byTable.putIfAbsent(key.substring(key.indexOf('.') + 1), columns));
    this.byTableName = Map.copyOf(byTable);
    this.patterns = List.copyOf(globs);
    names.addAll(byTable.keySet());
    this.tableNames = Set.copyOf(names);
  }

  /** {@code orders_*} as a regular expression: literal text, each {@code *} one or more characters. */
  static Pattern compile(String glob) {
    StringBuilder regex = new StringBuilder();
    for (String part : glob.split("\\*", -1)) {
      if (regex.length() > 0) {
        regex.append(".+");
      }
      if (!part.isEmpty()) {
        regex.append(Pattern.quote(part));
      }
    }
    return Pattern.compile(regex.toString());
  }

  /** The longest run of a pattern without {@code *}: what any matching name must contain. */
  static String longestLiteral(String glob) {
    String longest = "";
    for (String part : glob.split("\\*")) {
      if (part.length() > longest.length()) {
        longest = part;
      }
    }
    return longest;
  }

  @Override
  public List<ColumnMapping> columnsFor(String schema, String table) {
    if (table == null) {
      return List.of();
    }
    String name = table.toLowerCase(Locale.ROOT);
    String lowerSchema = schema == null ? null : schema.toLowerCase(Locale.ROOT);
    List<ColumnMapping> exact = lowerSchema == null ? byTableName.get(name)
        : byQualifiedName.getOrDefault(lowerSchema + "." + name, byQualifiedName.get(name));
    if (exact != null) {
      return exact;
    }
    for (TablePattern pattern : patterns) {
      if (pattern.matches(lowerSchema, name)) {
        return pattern.columns();
      }
    }
    return List.of();
  }

  /** Every mapping keyed by its table name as in the file (lower case), in file order. */
  Map<String, List<ColumnMapping>> inFileOrder() {
    return inFileOrder;
  }

  @Override
  public Set<String> tableNames() {
    return tableNames;
  }

  @Override
  public String toString() {
    return byQualifiedName + (patterns.isEmpty() ? "" : " and patterns " + patterns.stream()
        .map(p -> (p.schema() == null ? "" : p.schema() + ".") + p.table().pattern()).toList());
  }
}
