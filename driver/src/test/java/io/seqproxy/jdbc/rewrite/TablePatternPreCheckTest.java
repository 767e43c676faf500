package io.seqproxy.jdbc.rewrite;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.jdbc.config.SeqProxyConfig;
import org.junit.jupiter.api.Test;

/** The text pre-check with a table pattern: shards are candidates, other tables are not parsed. */
class TablePatternPreCheckTest {

  @Test
  void statementsOnUnmappedTablesAreForwardedWithoutParsingAndShardsAreCandidates() throws Exception {
    TextPreCheck check = new TextPreCheck(SeqProxyConfig.parse("""
        sequences:
          order_id: {type: segment, store: memory}
        tables:
          orders_*:
            order_id: order_id
        """, "seqproxy.yaml").tables().tableNames(), SqlDialect.MYSQL);
    assertFalse(check.mayInsertIntoMappedTable("INSERT INTO customers (name) VALUES ('x')"));
    assertFalse(check.mayInsertIntoMappedTable("SELECT * FROM orders_3"));
    assertTrue(check.mayInsertIntoMappedTable("INSERT INTO ORDERS_63 (customer) VALUES (1)"));
  }
}
