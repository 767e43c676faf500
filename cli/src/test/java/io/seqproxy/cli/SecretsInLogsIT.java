package io.seqproxy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.seqproxy.cli.SeqproxyJar.Result;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets never reach a log or a message. A configuration holds a ZooKeeper digest password and a
 * jdbc store password as {@code ${ENV}} references, the application's URL holds a password; the
 * command runs the main flows (create and insert through the driver, next values of both engines,
 * inspect, check) and the failing ones (a wrong store password, a wrong URL password, an unreachable
 * ZooKeeper) with every logger at DEBUG ({@code JAVA_TOOL_OPTIONS}), and all it prints is scanned
 * for the secrets.
 */
class SecretsInLogsIT {

  private static final String ZK_PASSWORD = "Zk-secret-4d7a";
  private static final String STORE_PASSWORD = "Store-secret-91c3";
  private static final String WRONG_STORE_PASSWORD = "Wrong-secret-77aa";
  private static final String URL_PASSWORD = "Url-secret-5b2e";
  private static final String WRONG_URL_PASSWORD = "Bad-url-secret-3c1d";
  private static final List<String> SECRETS =
      List.of(ZK_PASSWORD, STORE_PASSWORD, WRONG_STORE_PASSWORD, URL_PASSWORD, WRONG_URL_PASSWORD);

  @TempDir
  Path dir;

  @Test
  void noSecretAppearsInWhatTheMainFlowsPrintAtDebugLevel() throws Exception {
    Map<String, String> env = Map.of(
        "SEQPROXY_ZK_PASSWORD", ZK_PASSWORD,
        "SEQPROXY_STORE_PASSWORD", STORE_PASSWORD,
        "SEQPROXY_WRONG_PASSWORD", WRONG_STORE_PASSWORD,
        "JAVA_TOOL_OPTIONS", "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug");
    String app = "jdbc:seqproxy:h2:file:" + dir.resolve("app") + ";USER=sa;PASSWORD=";
    Map<String, Result> runs = new LinkedHashMap<>();
    try (TestingServer zk = new TestingServer(true)) {
      config("seqproxy.yaml", zk.getConnectString(), "${SEQPROXY_STORE_PASSWORD}");
      config("wrong-store.yaml", zk.getConnectString(), "${SEQPROXY_WRONG_PASSWORD}");
      config("no-zookeeper.yaml", "127.0.0.1:" + closedPort(), "${SEQPROXY_STORE_PASSWORD}");
      // The store's database is made with its password first, as an operator would.
      runs.put("create the store database", SeqproxyJar.runIn(dir, env, "sql",
          "jdbc:h2:file:" + dir.resolve("store") + ";USER=sa;PASSWORD=" + STORE_PASSWORD, "SELECT 1"));
      runs.put("create table", SeqproxyJar.runIn(dir, env, "sql", app + URL_PASSWORD,
          "CREATE TABLE orders (id BIGINT PRIMARY KEY, name VARCHAR(20))", "--config", "seqproxy.yaml"));
      runs.put("insert", SeqproxyJar.runIn(dir, env, "sql", app + URL_PASSWORD,
          "INSERT INTO orders (name) VALUES ('a')", "--config", "seqproxy.yaml"));
      runs.put("next segment", SeqproxyJar.runIn(dir, env, "next", "order_id", "-n", "3", "--config", "seqproxy.yaml"));
      runs.put("next snowflake", SeqproxyJar.runIn(dir, env, "next", "event_id", "--config", "seqproxy.yaml"));
      runs.put("inspect", SeqproxyJar.runIn(dir, env, "inspect", "--config", "seqproxy.yaml"));
      runs.put("check", SeqproxyJar.runIn(dir, env, "check", "seqproxy.yaml"));
      runs.put("wrong store password", SeqproxyJar.runIn(dir, env, "next", "order_id", "--config", "wrong-store.yaml"));
      runs.put("wrong URL password", SeqproxyJar.runIn(dir, env, "sql", app + WRONG_URL_PASSWORD,
          "INSERT INTO orders (name) VALUES ('b')", "--config", "seqproxy.yaml"));
      runs.put("unreachable ZooKeeper", SeqproxyJar.runIn(dir, env, "next", "event_id", "--config",
          "no-zookeeper.yaml"));
    }
    assertEquals(0, runs.get("insert").exit(), () -> runs.get("insert").toString());
    assertEquals(0, runs.get("next snowflake").exit(), () -> runs.get("next snowflake").toString());
    assertEquals(1, runs.get("wrong store password").exit(), () -> runs.get("wrong store password").toString());
    // The engine reports a store it cannot open as a configuration problem: exit 2.
    assertEquals(2, runs.get("unreachable ZooKeeper").exit(), () -> runs.get("unreachable ZooKeeper").toString());

    List<String> leaks = new ArrayList<>();
    runs.forEach((flow, result) -> {
      // The run that creates the store database names its password on its own command line only.
      List<String> secrets = flow.equals("create the store database") ? List.of(ZK_PASSWORD, URL_PASSWORD)
          : SECRETS;
      for (String line : (result.out() + result.err()).split("\n")) {
        for (String secret : secrets) {
          if (line.contains(secret)) {
            leaks.add(flow + ": " + line);
          }
        }
      }
    });
    long lines = runs.values().stream().mapToLong(r -> (r.out() + r.err()).lines().count()).sum();
    System.out.println("Scanned " + lines + " lines of " + runs.size() + " runs at DEBUG for " + SECRETS.size()
        + " secrets: " + leaks.size() + " leaks");
    assertEquals(List.of(), leaks, "secrets printed");
  }

  private void config(String name, String zookeeper, String storePassword) throws IOException {
    Files.writeString(dir.resolve(name), "stores:\n"
        + "  zookeeper:\n"
        + "    connect: " + zookeeper + "\n"
        + "    connection-timeout: 2s\n"
        + "    auth: seqproxy:${SEQPROXY_ZK_PASSWORD}\n"
        + "  jdbc:\n"
        + "    url: jdbc:h2:file:" + dir.resolve("store") + "\n"
        + "    username: sa\n"
        + "    password: " + storePassword + "\n"
        + "sequences:\n"
        + "  order_id:\n"
        + "    type: segment\n"
        + "    store: jdbc\n"
        + "  event_id:\n"
        + "    type: snowflake\n"
        + "    store: zookeeper\n"
        + "    worker-id: auto\n"
        + "tables:\n"
        + "  orders:\n"
        + "    id: order_id\n");
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
