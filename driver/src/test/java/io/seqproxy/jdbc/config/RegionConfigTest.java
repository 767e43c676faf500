package io.seqproxy.jdbc.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.jdbc.Engine;
import io.seqproxy.jdbc.rewrite.ColumnMapping;
import io.seqproxy.jdbc.rewrite.InsertRewriter;
import io.seqproxy.sequence.SequenceUnavailableException;
import io.seqproxy.sequence.snowflake.RegionBits;
import io.seqproxy.sequence.spi.StoreContext;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Regions (stores with a parent), Snowflake region bits and table patterns in the YAML. */
class RegionConfigTest {
  private static final String REGIONS = """
      stores:
        global:
          type: memory
        eu:
          type: memory
          parent: global
          region: eu-west
          block: 5000
          max-block: 80000
          block-lifetime: 10m
      sequences:
        order_id:
          store: eu
          range: 100
        event_id:
          type: snowflake
          store: eu
          region-bits: 2
          region-id: 3
          worker-bits: 4
          epoch: 2024-01-01T00:00:00Z
      tables:
        orders_*:
          order_id: order_id
        shop.events:
          id: event_id
      """;

  private static SeqProxyConfig parse(String yaml) throws ConfigException {
    return SeqProxyConfig.parse(new StringReader(yaml), "seqproxy.yaml", name -> null);
  }

  private static List<String> errors(String yaml) {
    return assertThrows(ConfigException.class, () -> parse(yaml)).errors();
  }

  @Test
  void aStoreWithAParentIsARegionWithItsBlockSettings() throws Exception {
    SeqProxyConfig config = parse(REGIONS);
    assertEquals(Map.of("eu", new RegionSpec("eu", "global", "eu-west", 5000, 80000, Duration.ofMinutes(10))),
        config.regions());
    assertEquals("memory", config.storeKind("eu"));
    assertEquals(Map.of(), config.stores().get("eu"), "the region keys are not the store kind's settings");
  }

  @Test
  void aRegionsProcessesFailClearlyUntilTheKeeperHasMovedABlock() throws Exception {
    try (Engine engine = Engine.open(parse(REGIONS.replace("range: 100", "range: 100\n    fetch-timeout: 50ms")),
        StoreContext.standalone())) {
      SequenceUnavailableException e = assertThrows(SequenceUnavailableException.class,
          () -> engine.sequence("order_id").next());
      assertTrue(e.getMessage().contains("region eu-west holds no unreserved values of sequence order_id"),
          e.getMessage());
    }
  }

  @Test
  void snowflakeRegionBitsSitAboveTheWorkerBits() throws Exception {
    SeqProxyConfig config = parse(REGIONS);
    SequenceSpec.Snowflake spec = (SequenceSpec.Snowflake) config.sequences().get("event_id");
    assertEquals(new RegionBits(2, 3, 4), spec.region());
    assertEquals(6, spec.layout().workerBits());
    try (Engine engine = Engine.open(config, StoreContext.standalone())) {
      var events = (io.seqproxy.sequence.snowflake.SnowflakeSequence) engine.sequence("event_id");
      int field = events.decode(events.next()).workerId();
      assertEquals(3, RegionBits.regionOf(field, 4));
      assertEquals(0, RegionBits.workerOf(field, 4));
    }
  }

  @Test
  void regionMistakesNameTheKeyAndWhatWasExpected() {
    assertEquals(List.of(
        "seqproxy.yaml:4: stores.eu.parent: expected a store defined under stores:, got 'nowhere' (defined: eu, us, g)",
        "seqproxy.yaml:7: stores.us.region: is required with parent: the name of this store's region, written"
            + " into every block it holds",
        "seqproxy.yaml:10: stores.g.block: only a region's store has it: add parent: <the global store> to this"
            + " store"), errors("""
        stores:
          eu:
            type: memory
            parent: nowhere
          us:
            type: memory
            parent: g
          g:
            type: memory
            block: 10
        """));
    assertEquals(List.of("seqproxy.yaml:7: stores.eu.max-block: expected at least block (5000), got 10",
        "seqproxy.yaml:11: stores.us.parent: store 'eu' has a parent itself; regions have two levels: a region's"
            + " store and one global store"), errors("""
        stores:
          g: {type: memory}
          eu:
            type: memory
            parent: g
            region: eu
            max-block: 10
            block: 5000
          us:
            type: memory
            parent: eu
            region: us
        """));
  }

  @Test
  void regionBitsMistakesNameTheKeyAndWhatWasExpected() {
    assertEquals(List.of("seqproxy.yaml:3: sequences.ids: the layout needs 67 bits (timestamp=41 + region=4 +"
        + " worker=10 + sequence=12) but a positive 64-bit ID has 63"), errors("""
        sequences:
          ids:
            type: snowflake
            region-bits: 4
            region-id: 1
        """));
    assertEquals(List.of("seqproxy.yaml:6: sequences.ids.region-id: expected a number from 0 to 3 (2 region bits),"
        + " got '4'"), errors("""
        sequences:
          ids:
            type: snowflake
            worker-bits: 5
            region-bits: 2
            region-id: 4
        """));
    assertEquals(List.of("seqproxy.yaml:4: sequences.ids.region-id: is required with region-bits: this region's id,"
        + " from 0 to 3"), errors("""
        sequences:
          ids:
            type: snowflake
            region-bits: 2
            worker-bits: 5
        """));
  }

  @Test
  void aTablePatternMapsEveryShardAndAnExactNameWins() throws Exception {
    SeqProxyConfig config = parse(REGIONS.replace("""
        shop.events:""", """
        orders_archive:
            order_id: event_id
          shop.events:"""));
    List<ColumnMapping> orders = List.of(new ColumnMapping("order_id", "order_id", ColumnMapping.Explicit.ADVANCE, true));
    assertEquals(orders, config.tables().columnsFor(null, "orders_0"));
    assertEquals(orders, config.tables().columnsFor("shop", "ORDERS_63"));
    assertEquals(List.of(new ColumnMapping("order_id", "event_id", false)),
        config.tables().columnsFor(null, "orders_archive"));
    assertEquals(List.of(), config.tables().columnsFor(null, "orders_"));
    assertEquals(List.of(), config.tables().columnsFor(null, "customers"));
    assertTrue(config.tables().tableNames().contains("orders_"), config.tables().tableNames().toString());
  }

  @Test
  void anInsertIntoAShardGetsItsIdFromTheSharedSequence() throws Exception {
    InsertRewriter rewriter = new InsertRewriter(parse(REGIONS).tables());
    assertEquals("INSERT INTO orders_17 (customer, order_id) VALUES (?, ?)",
        rewriter.plan("INSERT INTO orders_17 (customer) VALUES (?)").preparedSql());
    assertTrue(rewriter.plan("INSERT INTO customers (name) VALUES (?)").passThrough());
  }

  @Test
  void tablePatternMistakesAreRejected() {
    assertEquals(List.of(
        "seqproxy.yaml:5: tables.*: expected a pattern with at least two characters that are not *, such as"
            + " orders_*; got '*'",
        "seqproxy.yaml:7: tables.s*.orders: expected * only in the table name, not in the schema"), errors("""
        sequences:
          ids:
            type: segment
        tables:
          "*":
            id: ids
          s*.orders:
            id: ids
        """));
  }
}
