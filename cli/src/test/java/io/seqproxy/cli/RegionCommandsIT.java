package io.seqproxy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.cli.SeqproxyJar.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keeper}, {@code next}, {@code inspect} and {@code decode} on a region fed from a global store. */
class RegionCommandsIT {
  @TempDir
  Path dir;

  @Test
  void theKeeperFeedsTheRegionAndInspectShowsBlocksAndRanges() throws Exception {
    try (TestingServer server = new TestingServer(true)) {
      Files.writeString(dir.resolve("seqproxy.yaml"), """
          stores:
            global:
              type: zookeeper
              connect: %1$s
              root: /global
            eu:
              type: zookeeper
              connect: %1$s
              root: /eu
              parent: global
              region: eu-west
              block: 1000
          sequences:
            order_id:
              store: eu
              range: 100
            event_id:
              type: snowflake
              store: eu
              region-bits: 2
              region-id: 2
              worker-bits: 8
          """.formatted(server.getConnectString()));
      Result check = SeqproxyJar.runIn(dir, "check", "seqproxy.yaml");
      assertTrue(check.outLines().contains("regions"), check::toString);
      assertTrue(check.outLines().stream().anyMatch(l -> l.matches(
          "  eu\\s+region eu-west\\s+blocks from global\\s+block 1,000 up to 10,000,000,000, lifetime PT1H")),
          check::toString);

      Path keeperOut = dir.resolve("keeper.txt");
      Process keeper = SeqproxyJar.start(dir, keeperOut, "keeper", "--config", "seqproxy.yaml", "--interval", "100ms",
          "--name", "keeper-1");
      try {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!Files.readString(keeperOut).contains("order_id block") && System.currentTimeMillis() < deadline) {
          Thread.sleep(100);
        }
        List<String> keeperLines = Files.readAllLines(keeperOut);
        assertEquals("keeper keeper-1 for region eu-west (store eu, parent global): order_id", keeperLines.get(0));
        assertTrue(keeperLines.get(1).endsWith(" leads region eu-west"), keeperLines.toString());
        assertTrue(keeperLines.get(2).endsWith(" order_id block [1, 1001) size 1000 global version 0; global writes 1"),
            keeperLines.toString());

        Result next = SeqproxyJar.runIn(dir, "next", "order_id", "-n", "5", "--config", "seqproxy.yaml");
        assertEquals("1\n2\n3\n4\n5\n", next.out(), next::toString);

        Result inspect = SeqproxyJar.runIn(dir, "inspect", "--config", "seqproxy.yaml");
        assertEquals(0, inspect.exit(), inspect::toString);
        List<String> lines = inspect.outLines();
        assertTrue(lines.contains("  region             eu-west (blocks from store global)"), inspect::toString);
        // The next command handed its unused tail back: the region's next unreserved value is 6.
        assertTrue(lines.contains("  next unreserved    6"), inspect::toString);
        assertTrue(lines.contains("  unreserved values  995 in 1 block(s); next block size 1,000"), inspect::toString);
        assertTrue(lines.stream().anyMatch(l -> l.matches(
            "      \\[1, 1001\\)  1,000 values  region eu-west  by keeper-1  global version 0  at .*  current")),
            inspect::toString);
        assertTrue(lines.stream().anyMatch(l -> l.matches(
            "      \\[1, 101\\)  by \\d+@.*  committed at region version 1")), inspect::toString);
        assertTrue(lines.contains("    global store global: mark 1001; latest blocks per region:"), inspect::toString);

        Result id = SeqproxyJar.runIn(dir, "next", "event_id", "--config", "seqproxy.yaml");
        Result decoded = SeqproxyJar.runIn(dir, "decode", id.out().trim(), "--config", "seqproxy.yaml",
            "--sequence", "event_id");
        List<String> parts = decoded.outLines();
        assertEquals("region     2", parts.get(1), decoded::toString);
        // The earlier `next order_id` built the whole engine and leased worker id 0 of the region, which
        // ZooKeeper gives back with its bound still ahead: this run took id 1.
        assertEquals("worker     1", parts.get(2), decoded::toString);
        assertEquals("layout     41 timestamp bits of 1 ms, 2 region bits, 8 worker bits, 12 counter bits, epoch"
            + " 2024-01-01T00:00:00Z", parts.get(4), decoded::toString);
      } finally {
        keeper.destroy();
        keeper.waitFor();
      }
    }
  }
}
