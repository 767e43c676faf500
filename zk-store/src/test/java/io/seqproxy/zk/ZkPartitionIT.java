package io.seqproxy.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.sequence.snowflake.SnowflakeLayout;
import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import io.seqproxy.zk.AckFiles.Ack;
import io.seqproxy.zk.AckFiles.Counts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/**
 * A network partition of one client: client A reaches ZooKeeper only through a {@link
 * LoopbackProxy}, which stops forwarding (a silent partition) for longer than the session timeout.
 * The Snowflake sequence has one worker id (0 worker bits), so client B, started once A's session
 * has expired and its lease node is gone, must take A's id. A must have stopped issuing before B
 * issues: checked on the timestamps inside the IDs (A's last is before B's first) and in the ack
 * files (A's last statement that got an ID began before B's first). Both clients also insert into a
 * segment table; their ranges stay disjoint. Errors other than "unavailable" fail the test.
 */
class ZkPartitionIT {

  private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
  private static final SnowflakeLayout ONE_WORKER = SnowflakeLayout.of(51, 0, 12, 1);
  private static final long CLIENT_MAX_MILLIS = 120_000;

  @Test
  void thePartitionedClientStopsIssuingBeforeAnotherTakesItsWorkerId() throws Exception {
    TestDatabases.require(Db.MARIADB);
    String segmentTable = TestDatabases.uniqueName("partition_segment");
    String snowflakeTable = TestDatabases.uniqueName("partition_snowflake");
    List<String> tables = List.of(segmentTable, snowflakeTable);
    Path dir = Files.createTempDirectory("seqproxy-partition");
    String root = "/" + TestDatabases.uniqueName("seqproxy_partition");
    TestingServer server = TestStores.sharedServer();
    AckFiles run = new AckFiles(dir, 2);
    Path stop = dir.resolve("stop");
    List<Process> clients = new ArrayList<>();
    try (LoopbackProxy proxy = new LoopbackProxy(server.getPort()); Connection db = Db.MARIADB.connect();
        CuratorFramework observer = CuratorFrameworkFactory.newClient(server.getConnectString(), new RetryOneTime(100))) {
      observer.start();
      try {
        AckFiles.createTables(db, tables);
        Path viaProxy = writeConfig(dir.resolve("a.yaml"), proxy.connectString(), root, segmentTable, snowflakeTable);
        Path direct = writeConfig(dir.resolve("b.yaml"), server.getConnectString(), root, segmentTable, snowflakeTable);
        clients.add(run.start(0, List.of(), List.of(), Map.of(), viaProxy, tables, stop, 2, CLIENT_MAX_MILLIS, Db.MARIADB));
        run.await("client A to insert into both tables", 60_000,
            r -> tables.stream().allMatch(t -> acks(r, 0, t, 0) >= 20));

        proxy.blackhole();
        long partitioned = System.currentTimeMillis();
        String lease = root + "/workers/partition_flake/leases/0";
        run.await("A's session to expire and its lease node to go", 30_000, r -> !exists(observer, lease));
        long expired = System.currentTimeMillis();

        clients.add(run.start(1, List.of(), List.of(), Map.of(), direct, tables, stop, 2, CLIENT_MAX_MILLIS, Db.MARIADB));
        run.await("client B to insert into both tables with A's worker id", 60_000,
            r -> tables.stream().allMatch(t -> acks(r, 1, t, 0) >= 20));
        proxy.heal();
        Thread.sleep(3_000);
        Files.writeString(stop, "stop");
        for (int c = 0; c < clients.size(); c++) {
          assertTrue(clients.get(c).waitFor(60, TimeUnit.SECONDS), "client " + c + " stops");
          assertEquals(0, clients.get(c).exitValue(), "client " + c + ": " + run.output(c));
        }

        List<Ack> acks = run.acks();
        List<Ack> aFlakes = acks.stream().filter(a -> a.client() == 0 && a.table().equals(snowflakeTable)).toList();
        List<Ack> bFlakes = acks.stream().filter(a -> a.client() == 1 && a.table().equals(snowflakeTable)).toList();
        Instant aLastId = aFlakes.stream().map(a -> timestamp(a.id())).max(Comparator.naturalOrder()).orElseThrow();
        Instant bFirstId = bFlakes.stream().map(a -> timestamp(a.id())).min(Comparator.naturalOrder()).orElseThrow();
        long aLastStarted = aFlakes.stream().mapToLong(Ack::startedMillis).max().orElseThrow();
        long bFirstStarted = bFlakes.stream().mapToLong(Ack::startedMillis).min().orElseThrow();
        Set<Long> aSegments = ids(acks, 0, segmentTable);
        Set<Long> shared = ids(acks, 1, segmentTable);
        shared.retainAll(aSegments);

        List<String> report = new ArrayList<>();
        for (String table : tables) {
          Counts counts = run.count(db, table);
          report.add(counts.toString());
          assertEquals(counts.rows(), counts.distinctIds(), table + ": ids in the table are distinct");
          assertEquals(0, counts.duplicates(), table + ": no id acknowledged twice");
          assertEquals(0, counts.lost(), table + ": every acknowledged id is in the table");
        }
        Map<String, Long> errors = run.errorsByKind();
        report.add("A acknowledged after the partition began: " + run.acksAfter(0, segmentTable, partitioned)
            + " segment, " + run.acksAfter(0, snowflakeTable, partitioned) + " snowflake; A's session expired "
            + (expired - partitioned) + " ms after the partition began");
        report.add("worker id 0: A's last ID at " + aLastId + " (statement began " + Instant.ofEpochMilli(aLastStarted)
            + "), B's first ID at " + bFirstId + " (statement began " + Instant.ofEpochMilli(bFirstStarted) + "), "
            + (bFirstId.toEpochMilli() - aLastId.toEpochMilli()) + " ms apart");
        report.add("segment ids acknowledged by both A and B: " + shared.size());
        report.add("errors by kind: " + errors + "; samples " + run.errorSamples());
        System.out.println("Partition of client A from ZooKeeper:\n  " + String.join("\n  ", report));

        assertTrue(aLastId.isBefore(bFirstId), "A's last ID " + aLastId + " is before B's first " + bFirstId);
        assertTrue(aLastStarted < bFirstStarted, "A's last snowflake statement began before B's first");
        assertEquals(0, run.acksAfter(0, snowflakeTable, expired), "A issued no snowflake ID after its session expired");
        assertEquals(Set.of(), shared, "A's and B's segment ids are disjoint");
        assertEquals(Set.of(0), bFlakes.stream().map(a -> ONE_WORKER.decode(a.id(), EPOCH).workerId())
            .collect(Collectors.toSet()), "B took worker id 0");
        assertEquals(0L, errors.get("duplicate"), "duplicate-key errors");
        assertEquals(0L, errors.get("other"), "errors other than unavailable: " + run.errorSamples());
      } finally {
        AckFiles.cleanUp(clients, db, tables);
      }
    } finally {
      AckFiles.deleteRecursively(dir);
    }
  }

  private static Path writeConfig(Path file, String connect, String root, String segmentTable, String snowflakeTable)
      throws IOException {
    // Sessions of 4 s (the in-JVM server's 200 ms tick allows at most 20 ticks); leases of 1 s, and a
    // clock tolerance that lets the next holder wait out the bound its predecessor persisted.
    return Files.writeString(file, "stores:\n"
        + "  zookeeper:\n"
        + "    connect: " + connect + "\n"
        + "    root: " + root + "\n"
        + "    session-timeout: 4s\n"
        + "    connection-timeout: 2s\n"
        + "    retry: 50ms/3\n"
        + "    worker-lease: 1s\n"
        + "sequences:\n"
        + "  partition_segment:\n"
        + "    type: segment\n"
        + "    store: zookeeper\n"
        + "    range: 50\n"
        + "    max-range: 200\n"
        + "    fetch-timeout: 1s\n"
        + "  partition_flake:\n"
        + "    type: snowflake\n"
        + "    store: zookeeper\n"
        + "    worker-id: auto\n"
        + "    epoch: 2024-01-01T00:00:00Z\n"
        + "    timestamp-bits: 51\n"
        + "    worker-bits: 0\n"
        + "    sequence-bits: 12\n"
        + "    clock-tolerance: 5s\n"
        + "tables:\n"
        + "  " + segmentTable + ":\n"
        + "    id: partition_segment\n"
        + "  " + snowflakeTable + ":\n"
        + "    id: partition_flake\n");
  }

  private static Instant timestamp(long id) {
    return ONE_WORKER.decode(id, EPOCH).timestamp();
  }

  private static Set<Long> ids(List<Ack> acks, int client, String table) {
    return acks.stream().filter(a -> a.client() == client && a.table().equals(table)).map(Ack::id)
        .collect(Collectors.toCollection(HashSet::new));
  }

  private static long acks(AckFiles run, int client, String table, long after) {
    try {
      return run.acksAfter(client, table, after);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean exists(CuratorFramework client, String path) {
    try {
      return client.checkExists().forPath(path) != null;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
