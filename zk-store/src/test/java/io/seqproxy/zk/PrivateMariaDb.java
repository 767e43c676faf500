package io.seqproxy.zk;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A MariaDB server of the test's own: its own data directory (made by {@code mariadb-install-db}),
 * a free loopback port and socket, so a test can stop and start it without touching the shared
 * server. Stopped with SIGTERM (a clean shutdown, InnoDB keeps what was committed); {@link #close}
 * kills it if it is still running, also when the test failed.
 */
final class PrivateMariaDb implements AutoCloseable {

  private static final long START_MILLIS = 60_000;

  private final Path dir;
  private final int port;
  private Process server;

  private PrivateMariaDb(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** Initialises a data directory under {@code dir} and starts the server on a free port. */
  static PrivateMariaDb start(Path dir) throws IOException, InterruptedException {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Process install = new ProcessBuilder("mariadb-install-db", "--no-defaults", "--datadir=" + data,
        "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve", "--user=root")
        .redirectErrorStream(true).redirectOutput(dir.resolve("install.log").toFile()).start();
    if (!install.waitFor(120, TimeUnit.SECONDS) || install.exitValue() != 0) {
      install.destroyForcibly();
      throw new IllegalStateException("mariadb-install-db failed: " + Files.readString(dir.resolve("install.log")));
    }
    PrivateMariaDb db = new PrivateMariaDb(dir, freePort());
    db.startServer();
    try (Connection c = db.connect("")) {
      c.createStatement().execute("CREATE DATABASE seqproxy_store");
    } catch (SQLException e) {
      db.close();
      throw new IllegalStateException("cannot create the store database", e);
    }
    return db;
  }

  /** The JDBC URL of {@code database} on this server. */
  String url(String database) {
    return "jdbc:mysql://127.0.0.1:" + port + "/" + database;
  }

  /** Starts the server (again) on the same data directory and port, and waits until it answers. */
  void startServer() throws IOException, InterruptedException {
    server = new ProcessBuilder("/usr/sbin/mariadbd", "--no-defaults", "--datadir=" + dir.resolve("data"),
        "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("mariadb.sock"),
        "--pid-file=" + dir.resolve("mariadb.pid"), "--user=root", "--skip-name-resolve", "--skip-log-bin",
        "--innodb-buffer-pool-size=32M", "--max-connections=200")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()))
        .start();
    long deadline = System.currentTimeMillis() + START_MILLIS;
    while (true) {
      try (Connection c = connect("")) {
        return;
      } catch (SQLException e) {
        if (!server.isAlive() || System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("the private MariaDB did not start on port " + port + ": "
              + Files.readString(dir.resolve("server.log")), e);
        }
        Thread.sleep(100);
      }
    }
  }

  /** Stops the server cleanly (SIGTERM) and waits until it has exited. */
  void stopServer() throws InterruptedException {
    server.destroy();
    if (!server.waitFor(60, TimeUnit.SECONDS)) {
      server.destroyForcibly().waitFor();
    }
  }

  private Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(url(database), "root", "");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (server != null && server.isAlive()) {
      server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** For failure messages: the last lines of the server's log. */
  String logTail() throws IOException {
    List<String> lines = Files.readAllLines(dir.resolve("server.log"));
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }
}
