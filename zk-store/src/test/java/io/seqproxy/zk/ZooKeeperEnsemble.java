package io.seqproxy.zk;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.zookeeper.client.FourLetterWordMain;

/**
 * A ZooKeeper ensemble of real server processes ({@code QuorumPeerMain} from the test
 * classpath) on free loopback ports, each with its own data directory in a temporary folder, for
 * fault tests that kill a server with SIGKILL. Every process and file is removed by {@link
 * #close()}; a server's output goes to {@code server-<id>.log} in its folder while it lives.
 *
 * <pre>{@code
 * try (ZooKeeperEnsemble zk = ZooKeeperEnsemble.start(3)) {
 *   int leader = zk.awaitLeader();
 *   zk.kill(leader);
 *   zk.restart(leader);
 * }
 * }</pre>
 */
final class ZooKeeperEnsemble implements AutoCloseable {

  private static final long STARTUP_MILLIS = 60_000;

  private final Path home;
  private final int[] clientPorts;
  private final Process[] processes;

  private ZooKeeperEnsemble(Path home, int size) {
    this.home = home;
    this.clientPorts = new int[size + 1];
    this.processes = new Process[size + 1];
  }

  /** Starts {@code size} servers (ids 1..size) and waits until one of them leads. */
  static ZooKeeperEnsemble start(int size) throws IOException, InterruptedException {
    ZooKeeperEnsemble ensemble =
        new ZooKeeperEnsemble(Files.createTempDirectory("seqproxy-zk-ensemble"), size);
    try {
      ensemble.configure(size);
      for (int id = 1; id <= size; id++) {
        ensemble.launch(id);
      }
      ensemble.awaitLeader();
      return ensemble;
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      ensemble.close();
      throw e;
    }
  }

  String connectString() {
    StringBuilder connect = new StringBuilder();
    for (int id = 1; id < clientPorts.length; id++) {
      connect.append(id == 1 ? "" : ",").append("127.0.0.1:").append(clientPorts[id]);
    }
    return connect.toString();
  }

  /** The client port of server {@code id}, for a proxy in front of it. */
  int clientPort(int id) {
    return clientPorts[id];
  }

  /** The id of the server that reports {@code Mode: leader}, waiting for an election to end. */
  int awaitLeader() throws InterruptedException {
    return awaitMode("leader");
  }

  /** The id of a server that reports {@code Mode: follower}. */
  int awaitFollower() throws InterruptedException {
    return awaitMode("follower");
  }

  /** SIGKILLs server {@code id} and waits until its process is gone. */
  void kill(int id) throws InterruptedException {
    Process process = processes[id];
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      processes[id] = null;
    }
  }

  /** Starts server {@code id} again on the same ports and data. */
  void restart(int id) throws IOException {
    if (processes[id] != null) {
      throw new IllegalStateException("server " + id + " is running");
    }
    launch(id);
  }

  /** {@code srvr} output of server {@code id}, or null when it does not answer. */
  String srvr(int id) {
    try {
      return FourLetterWordMain.send4LetterWord("127.0.0.1", clientPorts[id], "srvr", false, 1000);
    } catch (Exception e) {
      return null;
    }
  }

  private int awaitMode(String mode) throws InterruptedException {
    long deadline = System.currentTimeMillis() + STARTUP_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      for (int id = 1; id < clientPorts.length; id++) {
        String srvr = processes[id] == null ? null : srvr(id);
        if (srvr != null && srvr.contains("Mode: " + mode)) {
          return id;
        }
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(
        "no server reported Mode: " + mode + " within " + STARTUP_MILLIS + " ms; logs in " + home);
  }

  private void configure(int size) throws IOException {
    int[][] peerPorts = new int[size + 1][2];
    for (int id = 1; id <= size; id++) {
      clientPorts[id] = freePort();
      peerPorts[id][0] = freePort();
      peerPorts[id][1] = freePort();
    }
    for (int id = 1; id <= size; id++) {
      Path dir = Files.createDirectories(home.resolve("server-" + id));
      Files.createDirectories(dir.resolve("data"));
      Files.writeString(dir.resolve("data").resolve("myid"), Integer.toString(id));
      StringBuilder cfg = new StringBuilder()
          .append("tickTime=200\n")
          .append("initLimit=25\n")
          .append("syncLimit=10\n")
          .append("dataDir=").append(dir.resolve("data")).append('\n')
          .append("clientPort=").append(clientPorts[id]).append('\n')
          .append("clientPortAddress=127.0.0.1\n")
          .append("4lw.commands.whitelist=*\n")
          .append("admin.enableServer=false\n")
          .append("standaloneEnabled=false\n");
      for (int peer = 1; peer <= size; peer++) {
        cfg.append("server.").append(peer).append("=127.0.0.1:").append(peerPorts[peer][0])
            .append(':').append(peerPorts[peer][1]).append('\n');
      }
      Files.writeString(dir.resolve("zoo.cfg"), cfg);
    }
  }

  private void launch(int id) throws IOException {
    Path dir = home.resolve("server-" + id);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", classpath(), "org.apache.zookeeper.server.quorum.QuorumPeerMain",
        dir.resolve("zoo.cfg").toString());
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server-" + id + ".log").toFile()));
    processes[id] = builder.start();
  }

  /**
   * The test classpath, for child JVMs of our own code: Surefire and Failsafe hide it behind a
   * manifest-only jar.
   */
  static String classpath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (int id = 1; id < processes.length; id++) {
      kill(id);
    }
    try (Stream<Path> files = Files.walk(home)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // a temporary folder left behind is not worth failing a test for
    }
  }

  /** The server processes alive now, for tests of the harness itself. */
  List<Process> processes() {
    List<Process> alive = new ArrayList<>();
    for (Process p : processes) {
      if (p != null && p.isAlive()) {
        alive.add(p);
      }
    }
    return alive;
  }
}
