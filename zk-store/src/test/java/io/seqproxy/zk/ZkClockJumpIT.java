package io.seqproxy.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import io.seqproxy.zk.AckFiles.Ack;
import io.seqproxy.zk.AckFiles.Counts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real clock moved under a worker JVM: the {@link InsertClient} runs under Debian's libfaketime
 * ({@code LD_PRELOAD}), whose offset it reads from a file at most a second old ({@code
 * FAKETIME_TIMESTAMP_FILE}, {@code FAKETIME_CACHE_DURATION=1}: {@code FAKETIME_NO_CACHE=1} reads the
 * file on every call, 0.2 ms each, too slow for a JVM; the monotonic clock is left alone so the JVM's
 * own timed waits keep working). The Snowflake sequence has one worker id, leased in ZooKeeper
 * with the last timestamp persisted, and a clock tolerance of 5 s.
 *
 * <p>The clock jumps back 2 s: inserts go on after a wait, without an error. It jumps back 2 min:
 * inserts are refused with the clock's message. The JVM is restarted with the clock still 2 min
 * behind the timestamp it persisted: it refuses to start. Throughout, no ID twice.
 */
class ZkClockJumpIT {

  private static Path libfaketime;

  @BeforeAll
  static void findLibfaketime() throws Exception {
    libfaketime = Faketime.library();
  }

  @Test
  void withinTheToleranceItWaitsBeyondItRefusesAndARestartBehindThePersistedTimestampRefusesToStart()
      throws Exception {
    TestDatabases.require(Db.MARIADB);
    String first = TestDatabases.uniqueName("clock_a");
    String second = TestDatabases.uniqueName("clock_b");
    List<String> tables = List.of(first, second);
    Path dir = Files.createTempDirectory("seqproxy-clock");
    Path offset = Files.writeString(dir.resolve("faketime"), "+0\n");
    Map<String, String> env = Map.of("LD_PRELOAD", libfaketime.toString(),
        "FAKETIME_TIMESTAMP_FILE", offset.toString(), "FAKETIME_CACHE_DURATION", "1",
        "FAKETIME_DONT_FAKE_MONOTONIC", "1");
    AckFiles run = new AckFiles(dir, 2);
    List<Process> clients = new ArrayList<>();
    try (Connection db = Db.MARIADB.connect()) {
      try {
        AckFiles.createTables(db, tables);
        String root = "/" + TestDatabases.uniqueName("seqproxy_clock");
        Path config = writeConfig(dir, root, tables);
        Path stop = dir.resolve("stop");
        clients.add(run.start(0, List.of(), List.of(), env, config, tables, stop, 2, 120_000, Db.MARIADB));
        run.await("inserts under the real clock", 120_000, r -> acks(r, 0, 0) >= 30);

        Files.writeString(offset, "-2s\n");
        long jumped = System.currentTimeMillis();
        run.await("inserts after the clock jumped back 2 s", 60_000, r -> acks(r, 0, jumped + 2_500) >= 30);
        Map<String, Long> afterSmallJump = run.errorsByKind();

        Files.writeString(offset, "-120s\n");
        long jumpedFar = System.currentTimeMillis();
        run.await("the refusal after the clock jumped back 2 min", 30_000, r -> errors(r, "clock") > 0);
        Thread.sleep(1_000);
        long acksLater = acks(run, 0, System.currentTimeMillis());
        Files.writeString(stop, "stop");
        assertTrue(clients.get(0).waitFor(60, TimeUnit.SECONDS), "the worker stops");
        long refusals = errors(run, "clock");
        String refusal = run.errorSamples().get("clock");

        Files.delete(stop);
        // The worker exits without releasing its lease (as a crash would): the restart meets a free
        // id, once the old session has expired, whose persisted timestamp is 2 min ahead of its clock.
        try (CuratorFramework observer = CuratorFrameworkFactory.newClient(
            TestStores.sharedServer().getConnectString(), new RetryOneTime(100))) {
          observer.start();
          String lease = root + "/workers/clock_flake/leases/0";
          run.await("the stopped worker's session to expire", 30_000, r -> gone(observer, lease));
        }
        clients.add(run.start(1, List.of(), List.of(), env, config, tables, stop, 2, 30_000, Db.MARIADB));
        assertTrue(clients.get(1).waitFor(120, TimeUnit.SECONDS),
            () -> "the restarted worker gives up; it logged " + lines(run, 1) + " and printed " + output(run, 1));
        List<String> restart = run.lines(1);

        List<String> report = new ArrayList<>();
        for (String table : tables) {
          Counts counts = run.count(db, table);
          report.add(counts.toString());
          assertEquals(counts.rows(), counts.distinctIds(), table + ": ids in the table are distinct");
          assertEquals(0, counts.duplicates(), table + ": no id acknowledged twice");
          assertEquals(0, counts.lost(), table + ": every acknowledged id is in the table");
        }
        Optional<Long> lastBeforeFarJump = run.acks(0).stream().map(Ack::startedMillis)
            .filter(t -> t < jumpedFar).max(Comparator.naturalOrder());
        report.add("errors after the 2 s jump: " + afterSmallJump);
        report.add("after the 2 min jump: " + refusals + " refusals, e.g. " + refusal);
        report.add("statements that got an ID after the 2 min jump: " + run.acksAfter(0, first, jumpedFar + 1_000)
            + " + " + run.acksAfter(0, second, jumpedFar + 1_000) + " (last one before it began at "
            + lastBeforeFarJump.orElse(0L) + ")");
        report.add("restart 2 min behind: " + restart);
        System.out.println("Clock moved under a worker JVM (libfaketime):\n  " + String.join("\n  ", report));

        assertEquals(Map.of("duplicate", 0L, "other", 0L, "unavailable", 0L), afterSmallJump,
            "a 2 s jump within the 5 s tolerance is waited out");
        assertTrue(refusal.contains("clock"), refusal);
        assertEquals(0, acksLater, "no ID is issued while the clock is 2 min behind");
        assertTrue(!restart.isEmpty() && restart.stream().allMatch(l -> l.startsWith("ERR clock - ")),
            "the restart refuses to start: " + restart);
        assertTrue(restart.get(0).contains("behind"), restart.get(0));
        assertEquals(0L, run.errorsByKind().get("duplicate"), "duplicate-key errors");
        assertEquals(0L, run.errorsByKind().get("other"), "other errors: " + run.errorSamples());
      } finally {
        AckFiles.cleanUp(clients, db, tables);
      }
    } finally {
      AckFiles.deleteRecursively(dir);
    }
  }

  private static Path writeConfig(Path dir, String root, List<String> tables) throws Exception {
    // One worker id, so the restarted JVM cannot move to another whose timestamps are safe.
    return Files.writeString(dir.resolve("seqproxy.yaml"), "stores:\n"
        + "  zookeeper:\n"
        + "    connect: " + TestStores.sharedServer().getConnectString() + "\n"
        + "    root: " + root + "\n"
        + "    session-timeout: 4s\n"
        + "    connection-timeout: 8s\n"
        + "    worker-lease: 2s\n"
        + "sequences:\n"
        + "  clock_flake:\n"
        + "    type: snowflake\n"
        + "    store: zookeeper\n"
        + "    worker-id: auto\n"
        + "    timestamp-bits: 51\n"
        + "    worker-bits: 0\n"
        + "    sequence-bits: 12\n"
        + "    clock-tolerance: 5s\n"
        + "tables:\n"
        + "  " + tables.get(0) + ":\n"
        + "    id: clock_flake\n"
        + "  " + tables.get(1) + ":\n"
        + "    id: clock_flake\n");
  }

  /** Acknowledged ids of client {@code c} in any table whose statement began after {@code after}. */
  private static long acks(AckFiles run, int c, long after) {
    try {
      return run.acks(c).stream().filter(a -> a.startedMillis() > after).count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** True while the node is gone, so that {@link AckFiles#await} waits for it to go. */
  private static boolean gone(CuratorFramework client, String path) {
    try {
      return client.checkExists().forPath(path) == null;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> lines(AckFiles run, int c) {
    try {
      return run.lines(c);
    } catch (IOException e) {
      return List.of(e.toString());
    }
  }

  private static String output(AckFiles run, int c) {
    try {
      return run.output(c);
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static long errors(AckFiles run, String kind) {
    try {
      return run.errorsByKind().getOrDefault(kind, 0L);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
