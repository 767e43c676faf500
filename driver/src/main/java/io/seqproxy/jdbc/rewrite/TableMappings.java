package io.seqproxy.jdbc.rewrite;

import java.util.List;
import java.util.Set;

/**
 * Which columns of which tables take their values from which sequence. Built from the YAML
 * {@code tables:} section. Names compare case-insensitively; a mapping for {@code orders}
 * matches {@code orders} in any schema, one for {@code shop.orders} only that schema's table.
 */
public interface TableMappings {

  /**
   * The generated columns of the table, empty when it is not mapped.
   *
   * @param schema the schema or database qualifier as written in the SQL (unquoted), or null
   * @param table the table name as written in the SQL (unquoted)
   */
  List<ColumnMapping> columnsFor(String schema, String table);

  /**
   * The unqualified table names of every mapping, lower case (for a pattern such as
   * {@code orders_*}, the text every matching name contains): the text pre-check forwards a
   * statement without parsing when none of them occurs in it.
   */
  Set<String> tableNames();
}
