package io.seqproxy.zk;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/** Settings and servers for the ZooKeeper store's tests. */
final class TestStores {

  private static final AtomicInteger ROOTS = new AtomicInteger();
  private static TestingServer shared;

  private TestStores() {}

  /** A root no other test in this JVM uses, so tests may share a server. */
  static String uniqueRoot() {
    return "/seqproxy-test-" + ProcessHandle.current().pid() + "-" + ROOTS.incrementAndGet();
  }

  /** Short timeouts that suit in-JVM servers with a 200 ms tick (sessions 0.4 s to 4 s). */
  static Map<String, Object> settings(String connect, String root) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("connect", connect);
    settings.put("root", root);
    settings.put("session-timeout", "2s");
    settings.put("connection-timeout", "2s");
    settings.put("retry", "50ms/3");
    return settings;
  }

  static ZkSequenceStore open(Map<String, Object> settings) {
    return ZkSequenceStore.open(ZkSettings.parse(settings));
  }

  /**
   * One in-JVM server for the tests that do not stop it; each test works under its own
   * {@link #uniqueRoot()}. Closed when the test JVM exits.
   */
  static synchronized TestingServer sharedServer() throws Exception {
    if (shared == null) {
      TestingServer server = new TestingServer(fastSpec(1), true);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          server.close();
        } catch (IOException e) {
          // the JVM is exiting
        }
      }));
      shared = server;
    }
    return shared;
  }

  /**
   * {@code count} specs for one ensemble, no port used twice: curator-test picks each free port on
   * its own, and two of its picks can be the same port (a cluster then fails to start).
   */
  static InstanceSpec[] ensembleSpecs(int count) {
    Set<Integer> taken = new HashSet<>();
    InstanceSpec[] specs = new InstanceSpec[count];
    for (int i = 0; i < count; ) {
      InstanceSpec spec = fastSpec(i + 1);
      List<Integer> ports = List.of(spec.getPort(), spec.getElectionPort(), spec.getQuorumPort());
      if (new HashSet<>(ports).size() == ports.size() && ports.stream().noneMatch(taken::contains)) {
        taken.addAll(ports);
        specs[i++] = spec;
      }
    }
    return specs;
  }

  /** A server spec with a 200 ms tick, so sessions expire within seconds, and 4lw enabled. */
  static InstanceSpec fastSpec(int serverId) {
    return new InstanceSpec(null, -1, -1, -1, true, serverId, 200, -1,
        Map.of("4lw.commands.whitelist", "*", "admin.enableServer", "false"));
  }
}
