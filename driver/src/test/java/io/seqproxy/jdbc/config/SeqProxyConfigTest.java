package io.seqproxy.jdbc.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.jdbc.rewrite.ColumnMapping;
import io.seqproxy.sequence.spi.StoreContext;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeqProxyConfigTest {
  private static final String GOOD = """
      stores:
        jdbc:
          url: jdbc:h2:mem:store
          password: ${DB_PASSWORD}
      sequences:
        order_id:
          type: segment
          store: memory
          start: 1000
          range: 10
          max-range: 100
        event_id:
          type: snowflake
          epoch: 2024-01-01T00:00:00Z
          worker-id: 7
      tables:
        orders:
          id: order_id
        shop.events:
          event_id: {sequence: event_id, explicit: reject}
      """;

  private static SeqProxyConfig parse(String yaml, Map<String, String> env) throws ConfigException {
    return SeqProxyConfig.parse(new StringReader(yaml), "seqproxy.yaml", env::get);
  }

  private static List<String> errors(String yaml) {
    return assertThrows(ConfigException.class, () -> parse(yaml, Map.of())).errors();
  }

  @Test
  void validFileIsRead() throws Exception {
    SeqProxyConfig config = parse(GOOD, Map.of("DB_PASSWORD", "secret"));
    assertEquals(List.of(new ColumnMapping("id", "order_id", ColumnMapping.Explicit.ADVANCE, true)), config.tables().columnsFor(null, "ORDERS"));
    assertEquals(List.of(new ColumnMapping("id", "order_id", ColumnMapping.Explicit.ADVANCE, true)), config.tables().columnsFor("any", "orders"));
    assertEquals(List.of(new ColumnMapping("event_id", "event_id", true)), config.tables().columnsFor("SHOP", "Events"));
    assertEquals(List.of(), config.tables().columnsFor("crm", "events"));
    assertEquals("secret", config.stores().get("jdbc").get("password"));
    assertTrue(!config.toString().contains("secret"), config.toString());
  }

  @Test
  void sequencesOfAConfigIssueFromTheirStart() throws Exception {
    try (ConfiguredSequences built =
        ConfiguredSequences.open(parse(GOOD, Map.of("DB_PASSWORD", "x")), StoreContext.standalone())) {
      assertEquals(1000, built.sequences().get("order_id").next());
      assertEquals(1001, built.sequences().get("order_id").next());
      assertTrue(built.sequences().get("event_id").next() > 0);
    }
  }

  @Test
  void environmentIsSubstitutedWithDefaults() throws Exception {
    EnvSubstitution env = new EnvSubstitution(Map.of("A", "1", "EMPTY", "")::get);
    assertEquals("x1y", env.substitute("x${A}y"));
    assertEquals("d", env.substitute("${UNSET:-d}"));
    assertEquals("d", env.substitute("${EMPTY:-d}"));
    assertEquals("1", env.substitute("${A:-d}"));
    assertEquals("${A}", env.substitute("$${A}"));
    assertEquals("a$b", env.substitute("a$b"));
  }

  @Test
  void unsetVariableIsAnError() {
    assertEquals(List.of("seqproxy.yaml:4: stores.jdbc.password: environment variable DB_PASSWORD is not set"
        + " (write ${DB_PASSWORD:-default} to give a default)"), errors(GOOD));
  }

  @Test
  void malformedYamlNamesTheLine() {
    assertEquals(List.of("seqproxy.yaml:3: malformed YAML: mapping values are not allowed here"),
        errors("sequences:\n  a:\n    type: segment: x\n"));
  }

  @Test
  void insertSelectRowLimitIsReadAndDefaultsToOneHundredThousand() throws ConfigException {
    assertEquals(250, parse("insert-select:\n  row-limit: 250\n", Map.of()).insertSelectRowLimit());
    assertEquals(100_000, parse("sequences: {}\n", Map.of()).insertSelectRowLimit());
  }

  @Test
  void anInsertSelectRowLimitOutOfRangeNamesTheKey() {
    assertEquals(List.of("seqproxy.yaml:2: insert-select.row-limit: expected a whole number from 1 to 2147483647, got '0'"),
        errors("insert-select:\n  row-limit: 0\n"));
  }

  @Test
  void emptyFileIsRejected() {
    assertEquals(List.of("seqproxy.yaml: expected a mapping with the keys stores, sequences, tables, insert-select, the file is empty"),
        errors(""));
  }

  @Test
  void unknownKeysAreRejected() {
    assertEquals(List.of(
        "seqproxy.yaml:1: sequence: unknown key; expected one of stores, sequences, tables, insert-select",
        "seqproxy.yaml:4: sequences.a.rnage: unknown key; expected one of type, store, start, range, max-range, max, target-lifetime, fetch-timeout, increment",
        "seqproxy.yaml:6: tables.t.id.explicitt: unknown key; expected one of sequence, explicit, existing-rows"),
        errors("sequence: {}\nsequences:\n  a:\n    rnage: 5\ntables:\n  t: {id: {sequence: a, explicitt: keep}}\n"));
  }

  @Test
  void undefinedSequenceIsRejected() {
    assertEquals(List.of("seqproxy.yaml:6: tables.orders.id: sequence 'order_idd' is not defined under sequences: (defined: order_id)"),
        errors("sequences:\n  order_id:\n    store: memory\ntables:\n  orders:\n    id: order_idd\n"));
  }

  @Test
  void unknownStoreIsRejected() {
    assertEquals(List.of(
        "seqproxy.yaml:2: stores.zookeeper: unknown store 'zookeeper'; available: jdbc, memory (zookeeper needs seqproxy-zk-store on the classpath)",
        "seqproxy.yaml:6: sequences.a.store: unknown store 'memroy'; available: jdbc, memory"),
        errors("stores:\n  zookeeper:\n    connect: x\nsequences:\n  a:\n    store: memroy\n"));
  }

  @Test
  void unknownStoreSettingIsRejected() {
    assertEquals(List.of("seqproxy.yaml:3: stores.jdbc.urll: unknown key; expected one of block, block-lifetime, lease-duration, max-block, max-wait, parent, password, region, table-prefix, type, url, username"),
        errors("stores:\n  jdbc:\n    urll: x\n"));
  }

  @Test
  void layoutOver63BitsIsRejected() {
    assertEquals(List.of("seqproxy.yaml:3: sequences.e: the layout needs 64 bits (timestamp=42 + worker=10 + sequence=12) but a positive 64-bit ID has 63"),
        errors("sequences:\n  e:\n    type: snowflake\n    timestamp-bits: 42\n"));
  }

  @Test
  void fixedWorkerIdOutsideTheLayoutIsRejected() {
    assertEquals(List.of("seqproxy.yaml:5: sequences.e.worker-id: expected auto, ordinal or a number from 0 to 31 (5 worker bits), got '32'"),
        errors("sequences:\n  e:\n    type: snowflake\n    layout: javascript\n    worker-id: 32\n"));
  }

  @Test
  void ordinalWorkerIdComesFromTheStatefulSetPodsHostName() throws Exception {
    SeqProxyConfig config = parse("sequences:\n  e:\n    type: snowflake\n    worker-id: ordinal\n",
        Map.of("HOSTNAME", "orders-3"));
    assertEquals(3, ((SequenceSpec.Snowflake) config.sequences().get("e")).workerId());
  }

  @Test
  void ordinalWorkerIdOutsideTheLayoutIsRejected() {
    List<String> errors = assertThrows(ConfigException.class, () -> parse(
        "sequences:\n  e:\n    type: snowflake\n    layout: javascript\n    worker-id: ordinal\n",
        Map.of("HOSTNAME", "orders-40"))).errors();
    assertEquals(List.of("seqproxy.yaml:5: sequences.e.worker-id: worker-id: ordinal: the host name 'orders-40'"
        + " gives ordinal 40, outside the layout's 0..31 (5 worker bits); give the layout more worker bits or the"
        + " StatefulSet fewer replicas"), errors);
  }

  @Test
  void badEpochIsRejected() {
    assertEquals(List.of(
        "seqproxy.yaml:4: sequences.e.epoch: expected a UTC instant such as 2024-01-01T00:00:00Z, got '2024-13-01'",
        "seqproxy.yaml:7: sequences.f.epoch: expected an instant between 1970-01-01T00:00:00Z and now, got '2999-01-01T00:00:00Z'"),
        errors("sequences:\n  e:\n    type: snowflake\n    epoch: 2024-13-01\n  f:\n    type: snowflake\n    epoch: 2999-01-01T00:00:00Z\n"));
  }

  @Test
  void nonPositiveRangeIsRejected() {
    assertEquals(List.of(
        "seqproxy.yaml:3: sequences.a.range: expected a whole number of at least 1, got '-5'",
        "seqproxy.yaml:5: sequences.b.range: expected a whole number of at least 1, got '0'"),
        errors("sequences:\n  a:\n    range: -5\n  b:\n    range: 0\n"));
  }

  @Test
  void maxRangeBelowRangeIsRejected() {
    assertEquals(List.of("seqproxy.yaml:4: sequences.order_id.max-range: expected at least range (1000), got 10"),
        errors("sequences:\n  order_id:\n    range: 1000\n    max-range: 10\n"));
  }

  @Test
  void incrementIsReadPerSequence() throws ConfigException {
    SeqProxyConfig config = parse("sequences:\n  a:\n    increment: 50\n  b: {}\n"
        + "  c:\n    type: snowflake\n    worker-id: 1\n    increment: 2048\n", Map.of());
    assertEquals(Map.of("a", 50, "c", 2048), config.increments());
  }

  @Test
  void anIncrementWhoseBlockDoesNotFitIsRejected() {
    assertEquals(List.of(
        "seqproxy.yaml:4: sequences.a.increment: expected at most 50: each answer reserves 2 x increment - 1 = 101"
            + " consecutive values, which must fit in one range (range: 100); raise range, or lower increment",
        "seqproxy.yaml:6: sequences.b.increment: expected at most 500: each answer reserves 2 x increment - 1 = 1001"
            + " consecutive values, which must fit in one range (range: 1000, the default); raise range, or lower"
            + " increment",
        "seqproxy.yaml:11: sequences.c.increment: expected at most 2048: each answer reserves 2 x increment - 1 ="
            + " 4097 consecutive values, which must be counters of one tick (4096 here); use a segment sequence,"
            + " or allocationSize = 1 without increment",
        "seqproxy.yaml:13: sequences.d.increment: expected a whole number from 1 to 1073741823, got '0'"),
        errors("sequences:\n  a:\n    range: 100\n    increment: 51\n  b:\n    increment: 501\n"
            + "  c:\n    type: snowflake\n    worker-id: 1\n    spread: 0\n    increment: 2049\n"
            + "  d:\n    increment: 0\n"));
  }

  @Test
  void badTypeAndExplicitAreRejected() {
    assertEquals(List.of(
        "seqproxy.yaml:3: sequences.a.type: expected segment or snowflake, got 'segmnt'",
        "seqproxy.yaml:6: tables.t.id.explicit: expected advance, keep or reject, got 'deny'"),
        errors("sequences:\n  a:\n    type: segmnt\n  b: {store: memory}\ntables:\n  t: {id: {sequence: b, explicit: deny}}\n"));
  }

  @Test
  void duplicateKeyIsRejected() {
    assertEquals(List.of("seqproxy.yaml:4: sequences.a.range: duplicate key"),
        errors("sequences:\n  a:\n    range: 5\n    range: 6\n"));
  }

  @Test
  void allErrorsComeTogetherInOneException() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> parse("sequences:\n  a:\n    range: -1\n    max: x\ntables:\n  t: {id: nope}\n", Map.of()));
    assertEquals(3, e.errors().size());
    assertTrue(e.getMessage().startsWith("seqproxy configuration seqproxy.yaml has 3 errors:\n  seqproxy.yaml:3: "), e.getMessage());
  }

  @Test
  void valuesFromTheEnvironmentAreShownAsWrittenInProblems() {
    ConfigException e = assertThrows(ConfigException.class, () -> parse("""
        sequences:
          order_id:
            range: ${SECRET}
            target-lifetime: ${SECRET}
            store: ${SECRET}
          event_id:
            type: snowflake
            epoch: ${SECRET}
            worker-id: ${SECRET}
        tables:
          orders:
            id: ${SECRET}
        """, Map.of("SECRET", "hunter2-pw")));
    assertEquals(List.of(
        "seqproxy.yaml:5: sequences.order_id.store: unknown store '${SECRET}' (its value from the environment is not "
            + "shown); available: jdbc, memory",
        "seqproxy.yaml:3: sequences.order_id.range: expected a whole number of at least 1, got '${SECRET}' (its "
            + "value from the environment is not shown)",
        "seqproxy.yaml:4: sequences.order_id.target-lifetime: expected a duration such as 500ms, 30s, 5m, 1h or "
            + "PT30S, got '${SECRET}' (its value from the environment is not shown)",
        "seqproxy.yaml:9: sequences.event_id.worker-id: expected auto, ordinal or a number from 0 to 1023 (10 worker bits), "
            + "got '${SECRET}' (its value from the environment is not shown)",
        "seqproxy.yaml:8: sequences.event_id.epoch: expected a UTC instant such as 2024-01-01T00:00:00Z, got "
            + "'${SECRET}' (its value from the environment is not shown)",
        "seqproxy.yaml:12: tables.orders.id: sequence '${SECRET}' (its value from the environment is not shown) is "
            + "not defined under sequences: (defined: order_id, event_id)"), e.errors());
    assertTrue(!e.getMessage().contains("hunter2"), e.getMessage());
  }
}
