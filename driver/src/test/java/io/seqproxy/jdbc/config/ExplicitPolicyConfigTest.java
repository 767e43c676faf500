package io.seqproxy.jdbc.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.seqproxy.jdbc.rewrite.ColumnMapping;
import io.seqproxy.jdbc.rewrite.ColumnMapping.Explicit;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code explicit: advance | keep | reject} per mapped column, and its default per sequence type. */
class ExplicitPolicyConfigTest {
  private static final String SEQUENCES = "sequences:\n"
      + "  order_id: {store: memory}\n"
      + "  event_id: {type: snowflake, worker-id: 1, epoch: 2024-01-01T00:00:00Z}\n"
      + "tables:\n";

  private static SeqProxyConfig parse(String tables) throws ConfigException {
    return SeqProxyConfig.parse(new StringReader(SEQUENCES + tables), "seqproxy.yaml", Map.<String, String>of()::get);
  }

  private static List<String> errors(String tables) {
    return assertThrows(ConfigException.class, () -> parse(tables)).errors();
  }

  @Test
  void aSegmentColumnAdvancesByDefaultAndASnowflakeColumnKeeps() throws Exception {
    SeqProxyConfig config = parse("  orders: {id: order_id}\n  events: {id: event_id}\n");
    assertEquals(List.of(new ColumnMapping("id", "order_id", Explicit.ADVANCE, true)),
        config.tables().columnsFor(null, "orders"));
    assertEquals(List.of(new ColumnMapping("id", "event_id", Explicit.KEEP, true)),
        config.tables().columnsFor(null, "events"));
  }

  @Test
  void eachPolicyIsReadAsWritten() throws Exception {
    SeqProxyConfig config = parse("  a: {id: {sequence: order_id, explicit: advance}}\n"
        + "  b: {id: {sequence: order_id, explicit: keep}}\n"
        + "  c: {id: {sequence: order_id, explicit: reject, existing-rows: ignore}}\n"
        + "  d: {id: {sequence: event_id, explicit: reject}}\n");
    assertEquals(Explicit.ADVANCE, config.tables().columnsFor(null, "a").get(0).explicit());
    assertEquals(Explicit.KEEP, config.tables().columnsFor(null, "b").get(0).explicit());
    assertEquals(List.of(new ColumnMapping("id", "order_id", Explicit.REJECT, false)), config.tables().columnsFor(null, "c"));
    assertEquals(Explicit.REJECT, config.tables().columnsFor(null, "d").get(0).explicit());
  }

  @Test
  void advanceForASnowflakeIsRefusedSayingWhy() {
    assertEquals(List.of("seqproxy.yaml:5: tables.events.id.explicit: advance does not apply to sequence event_id,"
        + " a Snowflake: its values come from the clock, not from a counter that could move past a value;"
        + " write keep (the default for Snowflake) or reject"),
        errors("  events: {id: {sequence: event_id, explicit: advance}}\n"));
  }

  @Test
  void anUnknownPolicyIsRefusedListingTheThree() {
    assertEquals(List.of("seqproxy.yaml:5: tables.orders.id.explicit: expected advance, keep or reject, got 'move'"),
        errors("  orders: {id: {sequence: order_id, explicit: move}}\n"));
  }
}
