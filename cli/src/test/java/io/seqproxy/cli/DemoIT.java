package io.seqproxy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.cli.SeqproxyJar.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoIT {

  @Test
  void embeddedDemoReportsEveryRowWithItsOwnId() {
    Result result = SeqproxyJar.run("demo", "--rows", "20000", "--threads", "3");
    assertEquals(0, result.exit(), result::toString);
    // Not a terminal: no progress bar, and the logger is quiet.
    assertEquals("", result.err());
    List<String> lines = result.outLines();
    assertEquals(14, lines.size(), result::toString);
    assertEquals(List.of(
        "seqproxy demo: embedded H2 database jdbc:h2:mem:seqproxy_demo, reached through jdbc:seqproxy:h2:mem:seqproxy_demo",
        "  orders.id  <- order_id  segment: ranges reserved in the jdbc store (table seqproxy_range)",
        "  events.id  <- event_id  snowflake: worker id leased from the jdbc store (table seqproxy_worker)",
        "  3 threads, each on its own connection: prepared single-row INSERTs, batches of 50, multi-row VALUES of 10",
        ""), lines.subList(0, 5));
    assertMatches("rows {10}40,000 inserted in [\\d,]+ ms: [\\d,]+ rows per second", lines.get(5));
    assertEquals("  orders      20,000 rows, 20,000 generated keys read back, 0 duplicates", lines.get(6));
    assertEquals("  events      20,000 rows, 20,000 generated keys read back, 0 duplicates", lines.get(7));
    // A new sequence starts at 1 and one process leaves no gaps until it exits.
    assertEquals("order_id      segment: IDs 1 to 20,000", lines.get(8));
    assertMatches("  ranges      \\d+ reserved, high-water mark now [\\d,]+", lines.get(9));
    assertMatches("  range size  1,000 -> [\\d,]+( -> [\\d,]+( \\(x\\d+\\))?)* \\(adapting to the rate of use, within "
        + "1,000 and 1,000,000\\)", lines.get(10));
    assertMatches("event_id      snowflake: IDs \\d+ to \\d+", lines.get(11));
    assertMatches("  worker      0 \\(leased\\), timestamps \\S+Z to \\S+Z", lines.get(12));
    assertEquals("every row has its own ID, and every generated key read back is the ID stored", lines.get(13));
  }

  @Test
  void zookeeperDemoKeepsRangesAndLeasesInAnEmbeddedServer() {
    Result result = SeqproxyJar.run("demo", "--zookeeper", "--rows", "5000", "--threads", "2");
    assertEquals(0, result.exit(), result::toString);
    assertEquals("", result.err());
    List<String> lines = result.outLines();
    assertEquals(14, lines.size(), result::toString);
    assertMatches("  orders\\.id  <- order_id  segment: ranges reserved in the zookeeper store \\(embedded ZooKeeper "
        + "server at 127\\.0\\.0\\.1:\\d+\\)", lines.get(1));
    assertMatches("  events\\.id  <- event_id  snowflake: worker id leased from the zookeeper store \\(embedded "
        + "ZooKeeper server at 127\\.0\\.0\\.1:\\d+\\)", lines.get(2));
    assertEquals("  orders      5,000 rows, 5,000 generated keys read back, 0 duplicates", lines.get(6));
    assertEquals("  events      5,000 rows, 5,000 generated keys read back, 0 duplicates", lines.get(7));
    assertEquals("order_id      segment: IDs 1 to 5,000", lines.get(8));
    assertEquals("every row has its own ID, and every generated key read back is the ID stored", lines.get(13));
  }

  @Test
  void rowCountBelowOneIsAUsageError() {
    Result result = SeqproxyJar.run("demo", "--rows", "0");
    assertEquals(2, result.exit(), result::toString);
    assertEquals("seqproxy demo: --rows must be at least 1 and --threads from 1 to 64\n", result.err());
  }

  private static void assertMatches(String regex, String line) {
    assertTrue(line.matches(regex), () -> "'" + line + "' does not match " + regex);
  }
}
