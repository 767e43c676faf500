package io.seqproxy.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/**
 * A ZooKeeper server inside the demo's JVM, on a free loopback port, with its data in a
 * temporary folder. It stays up until the JVM exits: the driver closes its engines in a shutdown
 * hook, handing range tails and worker leases back to this server, so the server must outlive
 * that hook. Ours waits for the driver's hook thread before stopping the server.
 */
final class EmbeddedZooKeeper {
  /** The name the driver gives its shutdown hook's thread. */
  private static final String DRIVER_SHUTDOWN_THREAD = "seqproxy-shutdown";

  private EmbeddedZooKeeper() {}

  /** Starts the server; returns its connect string. */
  static String start() throws Exception {
    Path data = Files.createTempDirectory("seqproxy-demo-zk");
    InstanceSpec spec = new InstanceSpec(data.toFile(), -1, -1, -1, true, 1);
    TestingServer server = new TestingServer(spec, true);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      awaitDriverShutdown();
      try {
        server.close();
      } catch (IOException e) {
        // The JVM is exiting; the folder is removed below either way.
      }
      delete(data);
    }, "seqproxy-demo-zk-shutdown"));
    return server.getConnectString();
  }

  /**
   * The JVM starts every shutdown hook at once, in no set order: the driver's thread may not have
   * started yet when ours looks, so ours looks for a while before concluding it has finished.
   */
  private static void awaitDriverShutdown() {
    long deadline = System.nanoTime() + 500_000_000L;
    try {
      while (System.nanoTime() < deadline) {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
          if (thread.getName().equals(DRIVER_SHUTDOWN_THREAD)) {
            thread.join(10_000);
            return;
          }
        }
        Thread.sleep(5);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void delete(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // Only a temporary folder left behind.
    }
  }
}
