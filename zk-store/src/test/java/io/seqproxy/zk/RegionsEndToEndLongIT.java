package io.seqproxy.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.sequence.EpochClock;
import io.seqproxy.sequence.region.BlockKeeper;
import io.seqproxy.sequence.region.GlobalLedger;
import io.seqproxy.sequence.snowflake.RegionBits;
import io.seqproxy.sequence.snowflake.SnowflakeLayout;
import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two regions on loopback, as the design has them: a global three-server ZooKeeper ensemble;
 * region a with its own three-server ensemble and MariaDB, region b with its own one-server
 * ensemble and PostgreSQL; two application JVMs per region inserting through {@code jdbc:seqproxy:}
 * (a segment table fed from the region's blocks, a Snowflake table with region bits). The keepers
 * (two for a, one for b) run in this JVM and reach the global ensemble only through
 * {@link LoopbackProxy}s, the cross-region links; the applications never do.
 *
 * <p>Timeline: links direct; links at 100 ms each way; SIGKILL the global leader (restarted);
 * SIGKILL region a's leader (restarted); the whole global ensemble stopped for longer than a
 * range lasts (ranges are sized to last about 2 s) and shorter than a block (blocks adapt
 * towards 40 s from 50,000 values); then a while with everything back. Prints and checks: duplicates across both
 * regions (0), acknowledged rows missing (0), inserts per region during the global outage
 * (more than 0), global writes per million IDs, and {@code next()}'s p99.9 per phase.
 *
 * <p>Runs about two minutes; not part of {@code mvn verify}:
 * {@code mvn -B -pl zk-store -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=RegionsEndToEndLongIT}.
 */
class RegionsEndToEndLongIT {
  private static final String SEGMENT = "regions_orders_";
  private static final String SNOWFLAKE = "regions_events_";
  private static final long CLIENT_MAX_MILLIS = 240_000;

  private record Region(String name, Db db, ZooKeeperEnsemble zk, int regionId) {}

  @Test
  void twoRegionsIssueUniqueIdsThroughLeaderKillsAndAGlobalOutage() throws Exception {
    TestDatabases.require(Db.MARIADB);
    TestDatabases.require(Db.POSTGRES);
    Path dir = Files.createTempDirectory("seqproxy-regions");
    List<Process> clients = new ArrayList<>();
    List<BlockKeeper> keepers = new ArrayList<>();
    List<ZkSequenceStore> stores = new ArrayList<>();
    List<LoopbackProxy> links = new ArrayList<>();
    try (ZooKeeperEnsemble global = ZooKeeperEnsemble.start(3);
        ZooKeeperEnsemble zkA = ZooKeeperEnsemble.start(3);
        ZooKeeperEnsemble zkB = ZooKeeperEnsemble.start(1)) {
      for (int id = 1; id <= 3; id++) {
        links.add(new LoopbackProxy(global.clientPort(id)));
      }
      String globalConnect = links.stream().map(LoopbackProxy::connectString).collect(Collectors.joining(","));
      List<Region> regions = List.of(new Region("a", Db.MARIADB, zkA, 0), new Region("b", Db.POSTGRES, zkB, 1));
      Path stop = dir.resolve("stop");
      Path phase = dir.resolve("phase");
      setPhase(phase, "starting");
      for (Region region : regions) {
        createTables(region);
        Path config = dir.resolve("seqproxy-" + region.name() + ".yaml");
        Files.writeString(config, config(region, globalConnect));
        for (int k = 0; k < (region.name().equals("a") ? 2 : 1); k++) {
          keepers.add(keeper(region, globalConnect, "keeper-" + region.name() + k, stores));
        }
        for (int c = 0; c < 2; c++) {
          clients.add(client(region, config, dir.resolve("log-" + region.name() + c), stop, phase));
        }
      }
      keepers.forEach(k -> k.start(Duration.ofMillis(200)));
      Map<String, Long> marks = new TreeMap<>();
      awaitFirstAcks(dir, regions);
      setPhase(phase, "direct");
      marks.put("every client inserting", System.currentTimeMillis());

      pause(15_000);
      marks.put("links at 100 ms each way", System.currentTimeMillis());
      links.forEach(link -> link.delay(100));
      setPhase(phase, "links-100ms");
      pause(15_000);

      int globalLeader = global.awaitLeader();
      marks.put("global leader " + globalLeader + " SIGKILLed", System.currentTimeMillis());
      global.kill(globalLeader);
      pause(8_000);
      global.restart(globalLeader);
      int regionLeader = zkA.awaitLeader();
      marks.put("region a leader " + regionLeader + " SIGKILLed", System.currentTimeMillis());
      zkA.kill(regionLeader);
      pause(8_000);
      zkA.restart(regionLeader);
      pause(4_000);

      long outageStart = System.currentTimeMillis();
      marks.put("global ensemble stopped", outageStart);
      setPhase(phase, "global-outage");
      for (int id = 1; id <= 3; id++) {
        global.kill(id);
      }
      pause(20_000);
      long outageEnd = System.currentTimeMillis();
      marks.put("global ensemble restarted", outageEnd);
      for (int id = 1; id <= 3; id++) {
        global.restart(id);
      }
      setPhase(phase, "links-100ms-after");
      pause(12_000);
      Files.writeString(stop, "stop");
      for (Process client : clients) {
        assertTrue(client.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "a client did not stop");
      }
      keepers.forEach(BlockKeeper::close);

      Report report = new Report(dir, regions);
      System.out.println("regions end to end: " + marks.entrySet().stream()
          .map(e -> Instant.ofEpochMilli(e.getValue()) + " " + e.getKey()).collect(Collectors.joining("; ")));
      long globalMark = GlobalLedger.read(stores.get(1).cells(), "order_id").orElseThrow().mark().orElse(0);
      report.print(outageStart, outageEnd, keepers, globalMark);
      System.out.println("global ledger: " + GlobalLedger.read(stores.get(1).cells(), "order_id").orElseThrow()
          .blocks().stream().map(b -> b.region() + "[" + b.start() + "," + b.end() + ")v" + b.globalVersion())
          .collect(Collectors.joining(" ")));
      assertEquals(0, report.duplicates(SEGMENT), "duplicate segment ids across the regions");
      assertEquals(0, report.duplicates(SNOWFLAKE), "duplicate snowflake ids across the regions");
      assertEquals(0, report.missing(), "acknowledged rows missing");
      assertEquals(0, report.duplicateKeyErrors(), "the databases refused a duplicate id");
      for (Region region : regions) {
        assertTrue(report.acknowledgedBetween(region, SEGMENT, outageStart + 2_000, outageEnd) > 0,
            "region " + region.name() + " kept inserting during the global outage");
        assertEquals(Set.of(region.regionId()), report.snowflakeRegions(region), "decoded region bits");
        // Each JVM leases its own worker id in the region; one whose session the leader kill ended
        // leases another, so a region may show more ids than JVMs, all within its 4 worker bits.
        Set<Integer> workers = report.snowflakeWorkers(region);
        assertTrue(workers.size() >= 2 && workers.stream().allMatch(w -> w >= 0 && w < 16), workers.toString());
        System.out.println("region " + region.name() + ": Snowflake IDs decode to region " + report.snowflakeRegions(region)
            + ", workers " + workers);
      }
    } finally {
      if (!Files.exists(dir.resolve("stop"))) {
        Files.writeString(dir.resolve("stop"), "stop");
      }
      clients.forEach(Process::destroyForcibly);
      keepers.forEach(BlockKeeper::close);
      stores.forEach(ZkSequenceStore::close);
      for (LoopbackProxy link : links) {
        link.close();
      }
    }
  }

  private static String config(Region region, String globalConnect) {
    return """
        stores:
          global:
            type: zookeeper
            connect: %s
            root: /regions-e2e
          region:
            type: zookeeper
            connect: %s
            root: /region
            session-timeout: 10s
            connection-timeout: 3s
            parent: global
            region: %s
            block: 50000
            max-block: 400000
            block-lifetime: 40s
        sequences:
          order_id:
            store: region
            range: 50
            max-range: 2000
            target-lifetime: 2s
            fetch-timeout: 5s
          event_id:
            type: snowflake
            store: region
            region-bits: 1
            region-id: %d
            worker-bits: 4
        tables:
          %s*:
            id: order_id
          %s*:
            id: event_id
        """.formatted(globalConnect, region.zk().connectString(), region.name(), region.regionId(), SEGMENT,
        SNOWFLAKE);
  }

  private static void createTables(Region region) throws Exception {
    try (Connection c = region.db().connect(); Statement s = c.createStatement()) {
      for (String prefix : List.of(SEGMENT, SNOWFLAKE)) {
        s.execute("DROP TABLE IF EXISTS " + prefix + region.name());
        s.execute("CREATE TABLE " + prefix + region.name()
            + " (id BIGINT PRIMARY KEY, writer INT NOT NULL, payload VARCHAR(64) NOT NULL)");
      }
    }
  }

  private static BlockKeeper keeper(Region region, String globalConnect, String name, List<ZkSequenceStore> stores) {
    ZkSequenceStore regional = ZkSequenceStore.open(ZkSettings.parse(new HashMap<>(Map.of(
        "connect", region.zk().connectString(), "root", "/region", "session-timeout", "10s",
        "connection-timeout", "3s"))));
    ZkSequenceStore globalStore = ZkSequenceStore.open(ZkSettings.parse(new HashMap<>(Map.of(
        "connect", globalConnect, "root", "/regions-e2e", "session-timeout", "10s", "connection-timeout", "3s"))));
    stores.add(regional);
    stores.add(globalStore);
    return new BlockKeeper(regional.cells(), globalStore.cells(), region.name(),
        List.of(new BlockKeeper.Plan("order_id", 1, Long.MAX_VALUE, 50000, 400000, Duration.ofSeconds(40))),
        EpochClock.system(), Duration.ofSeconds(3), Duration.ofSeconds(5), name);
  }

  private static Process client(Region region, Path config, Path log, Path stop, Path phase) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", ZooKeeperEnsemble.classpath(),
        RegionClient.class.getName(), region.db().name(), config.toString(), SEGMENT + region.name(),
        SNOWFLAKE + region.name(), log.toString(), stop.toString(), phase.toString(), "2",
        Long.toString(CLIENT_MAX_MILLIS), region.zk().connectString(), region.name());
    builder.redirectErrorStream(true);
    builder.redirectOutput(Path.of(log + ".out").toFile());
    return builder.start();
  }

  /** The phase the clients label their timings with; replaced atomically, never read half written. */
  private static void setPhase(Path phase, String name) throws IOException {
    Path next = phase.resolveSibling("phase.next");
    Files.writeString(next, name);
    Files.move(next, phase, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** Waits (at most two minutes: JVMs start slowly on a loaded machine) until every client has inserted a row. */
  private static void awaitFirstAcks(Path dir, List<Region> regions) throws Exception {
    long deadline = System.currentTimeMillis() + 120_000;
    for (Region region : regions) {
      for (int c = 0; c < 2; c++) {
        Path log = dir.resolve("log-" + region.name() + c);
        while (!(Files.exists(log) && Files.readString(log).contains("ACK "))) {
          assertTrue(System.currentTimeMillis() < deadline, "client " + region.name() + c + " inserted nothing in 2 min");
          Thread.sleep(200);
        }
      }
    }
  }

  private static void pause(long millis) throws InterruptedException {
    Thread.sleep(millis); // the timeline of the run, not an assertion
  }

  /** What the logs and the tables say after the run. */
  private static final class Report {
    private final Map<String, List<Long>> rows = new HashMap<>();
    private final List<String[]> acks = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> latencies = new ArrayList<>();
    private final List<Region> regions;

    Report(Path dir, List<Region> regions) throws Exception {
      this.regions = regions;
      for (Region region : regions) {
        for (String prefix : List.of(SEGMENT, SNOWFLAKE)) {
          List<Long> ids = new ArrayList<>();
          try (Connection c = region.db().connect(); Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT id FROM " + prefix + region.name())) {
            while (rs.next()) {
              ids.add(rs.getLong(1));
            }
          }
          rows.put(prefix + region.name(), ids);
        }
        for (int c = 0; c < 2; c++) {
          for (String line : Files.readAllLines(dir.resolve("log-" + region.name() + c))) {
            if (line.startsWith("ACK ")) {
              acks.add(line.split(" "));
            } else if (line.startsWith("ERR ")) {
              errors.add(line);
            } else if (line.startsWith("LAT ")) {
              latencies.add(region.name() + c + " " + line);
            }
          }
        }
      }
    }

    long duplicates(String prefix) {
      List<Long> all = rows.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
          .flatMap(e -> e.getValue().stream()).toList();
      return all.size() - new HashSet<>(all).size();
    }

    long missing() {
      Map<String, Set<Long>> present = new HashMap<>();
      rows.forEach((table, ids) -> present.put(table, new HashSet<>(ids)));
      return acks.stream().filter(a -> !present.get(a[1]).contains(Long.parseLong(a[2]))).count();
    }

    long duplicateKeyErrors() {
      return errors.stream().filter(e -> e.startsWith("ERR duplicate")).count();
    }

    long acknowledgedBetween(Region region, String prefix, long from, long to) {
      return acks.stream().filter(a -> a[1].equals(prefix + region.name()))
          .filter(a -> Long.parseLong(a[3]) >= from && Long.parseLong(a[3]) < to).count();
    }

    private SnowflakeLayout layout() {
      return RegionBits.layout(41, 1, 4, 12, 1);
    }

    Set<Integer> snowflakeRegions(Region region) {
      return rows.get(SNOWFLAKE + region.name()).stream()
          .map(id -> RegionBits.regionOf(layout().decode(id, Instant.parse("2024-01-01T00:00:00Z")).workerId(), 4))
          .collect(Collectors.toSet());
    }

    Set<Integer> snowflakeWorkers(Region region) {
      return rows.get(SNOWFLAKE + region.name()).stream()
          .map(id -> RegionBits.workerOf(layout().decode(id, Instant.parse("2024-01-01T00:00:00Z")).workerId(), 4))
          .collect(Collectors.toSet());
    }

    void print(long outageStart, long outageEnd, List<BlockKeeper> keepers, long globalMark) {
      long segmentIds = rows.entrySet().stream().filter(e -> e.getKey().startsWith(SEGMENT))
          .mapToLong(e -> e.getValue().size()).sum();
      long globalWrites = keepers.stream().mapToLong(BlockKeeper::globalWrites).sum();
      System.out.println("| region | segment rows | Snowflake rows | acknowledged | missing | segment inserts"
          + " acknowledged during the global outage | failed transiently |");
      System.out.println("|---|---:|---:|---:|---:|---:|---:|");
      for (Region region : regions) {
        long acknowledged = acks.stream().filter(a -> a[1].endsWith("_" + region.name())).count();
        long transients = errors.stream().filter(e -> e.startsWith("ERR unavailable " + SNOWFLAKE + region.name()))
            .count();
        long segmentTransients = errors.stream().filter(e -> e.startsWith("ERR unavailable " + SEGMENT + region.name()))
            .count();
        System.out.printf("| %s (%s) | %,d | %,d | %,d | %d | %,d in %.1f s | %,d segment, %,d Snowflake |%n",
            region.name(),
            region.db().name(), rows.get(SEGMENT + region.name()).size(), rows.get(SNOWFLAKE + region.name()).size(),
            acknowledged, missing(), acknowledgedBetween(region, SEGMENT, outageStart, outageEnd),
            (outageEnd - outageStart) / 1000.0, segmentTransients, transients);
      }
      System.out.printf("duplicates: segment %d, Snowflake %d; duplicate-key errors %d; other errors %d%n",
          duplicates(SEGMENT), duplicates(SNOWFLAKE), duplicateKeyErrors(),
          errors.stream().filter(e -> e.startsWith("ERR other")).count());
      errors.stream().filter(e -> e.startsWith("ERR other")).limit(5).forEach(e -> System.out.println("  " + e));
      System.out.printf("global writes: %d for %,d segment IDs inserted = %.1f per million IDs inserted;"
          + " %.2f per million values given to the regions%n", globalWrites, segmentIds,
          globalWrites * 1e6 / Math.max(1, segmentIds), globalWrites * 1e6 / Math.max(1, globalMark));
      System.out.println("next() latency per client and phase (calls, p50, p99.9, max):");
      latencies.forEach(l -> {
        String[] w = l.split(" ");
        System.out.printf("  %s %-22s %,7d calls  p50 %,8.1f µs  p99.9 %,10.1f µs  max %,10.1f µs%n", w[0], w[2],
            Long.parseLong(w[3]), Long.parseLong(w[4]) / 1e3, Long.parseLong(w[5]) / 1e3, Long.parseLong(w[6]) / 1e3);
      });
    }
  }
}
