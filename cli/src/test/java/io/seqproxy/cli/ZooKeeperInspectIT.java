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

/** {@code inspect} on a configuration whose sequences live in a ZooKeeper server. */
class ZooKeeperInspectIT {
  @TempDir
  Path dir;

  @Test
  void inspectListsMarksAndWorkerIdsKeptInZooKeeper() throws Exception {
    try (TestingServer server = new TestingServer(true)) {
      Files.writeString(dir.resolve("seqproxy.yaml"), """
          stores:
            zookeeper:
              connect: %s
              root: /inspect-test
          sequences:
            order_id:
              type: segment
              store: zookeeper
              range: 100
            event_id:
              type: snowflake
              store: zookeeper
          tables:
            orders:
              id: order_id
          """.formatted(server.getConnectString()));
      Result next = SeqproxyJar.runIn(dir, "next", "order_id", "-n", "5", "--config", "seqproxy.yaml");
      assertEquals("1\n2\n3\n4\n5\n", next.out(), next::toString);
      Result snowflake = SeqproxyJar.runIn(dir, "next", "event_id", "--config", "seqproxy.yaml");
      assertEquals(0, snowflake.exit(), snowflake::toString);

      Result result = SeqproxyJar.runIn(dir, "inspect", "--config", "seqproxy.yaml");
      assertEquals(0, result.exit(), result::toString);
      List<String> lines = result.outLines();
      assertEquals("sequence order_id", lines.get(0));
      assertTrue(lines.contains("  high-water mark  6"), result::toString);
      // Both runs built the whole engine and so leased a worker id of event_id: the first run's id 0
      // keeps the bound it persisted (ZooKeeper leases are given back with their bound), so the
      // second run took id 1. Both were released on exit.
      int leases = lines.indexOf("  worker leases  2 known, 0 live");
      assertTrue(leases > 0, result::toString);
      for (int id = 0; id < 2; id++) {
        assertTrue(lines.get(leases + 1 + id).matches(
            "    worker " + id + "  owner   free  last timestamp \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z"),
            lines.get(leases + 1 + id));
      }
      assertEquals(leases + 3, lines.size(), result::toString);
    }
  }
}
