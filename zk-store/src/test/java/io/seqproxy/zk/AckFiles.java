package io.seqproxy.zk;

import static org.junit.jupiter.api.Assertions.fail;

import io.seqproxy.testing.TestDatabases.Db;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The fault tests' {@link InsertClient} processes: started with a command prefix of the test's
 * choice (a {@code faketime} wrapper, JVM options), and their ack files read back. Only whole lines
 * count: a SIGKILL may cut the last one.
 */
final class AckFiles {

  /** The fault tests' tables: a BIGINT key only seqproxy fills, so a row without its ID cannot exist. */
  static void createTables(Connection db, List<String> tables) throws SQLException {
    for (String table : tables) {
      try (Statement s = db.createStatement()) {
        s.execute("CREATE TABLE " + table + " (id BIGINT NOT NULL PRIMARY KEY, writer INT NOT NULL,"
            + " payload VARCHAR(40) NOT NULL)");
      }
    }
  }

  /** Kills whatever client still runs and drops the tables: every fault test's clean-up. */
  static void cleanUp(List<Process> clients, Connection db, List<String> tables)
      throws InterruptedException, SQLException {
    for (Process p : clients) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    for (String table : tables) {
      try (Statement s = db.createStatement()) {
        s.execute("DROP TABLE IF EXISTS " + table);
      }
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }

  /** One acknowledged id: the client, its table, and when its statement began (wall clock). */
  record Ack(int client, String table, long id, long startedMillis) {}

  private final Path dir;
  private final int clients;

  AckFiles(Path dir, int clients) {
    this.dir = dir;
    this.clients = clients;
  }

  Path log(int client) {
    return dir.resolve("client-" + client + ".acks");
  }

  Path outputFile(int client) {
    return dir.resolve("client-" + client + ".out");
  }

  /**
   * Starts client {@code c}: {@code prefix} (e.g. {@code faketime ...}) then java, the JVM options,
   * and {@link InsertClient}'s arguments.
   */
  Process start(int c, List<String> prefix, List<String> jvmOptions, Map<String, String> env, Path config,
      List<String> tables, Path stop, int threads, long maxMillis, Db db) throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", ZooKeeperEnsemble.classpath(), InsertClient.class.getName(), Integer.toString(c),
        config.toString(), tables.get(0), tables.get(1), log(c).toString(), stop.toString(),
        Integer.toString(threads), "1000000", Long.toString(maxMillis), db.name()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    builder.redirectOutput(outputFile(c).toFile());
    return builder.start();
  }

  String output(int client) throws IOException {
    return Files.exists(outputFile(client)) ? Files.readString(outputFile(client)) : "(none)";
  }

  List<String> lines(int client) throws IOException {
    Path log = log(client);
    if (!Files.exists(log)) {
      return List.of();
    }
    String text = Files.readString(log, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
  }

  List<Ack> acks() throws IOException {
    List<Ack> acks = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      acks.addAll(acks(c));
    }
    return acks;
  }

  List<Ack> acks(int c) throws IOException {
    List<Ack> acks = new ArrayList<>();
    for (String line : lines(c)) {
      String[] parts = line.split(" ");
      if (parts[0].equals("ACK")) {
        acks.add(new Ack(c, parts[1], Long.parseLong(parts[2]), Long.parseLong(parts[3])));
      }
    }
    return acks;
  }

  /** Acknowledged ids of client {@code c} in {@code table} whose statement began after {@code millis}. */
  long acksAfter(int c, String table, long millis) throws IOException {
    return acks(c).stream().filter(a -> a.table().equals(table) && a.startedMillis() > millis).count();
  }

  /** Waits until {@code condition} holds, failing with the clients' state after {@code timeoutMillis}. */
  void await(String what, long timeoutMillis, Function<AckFiles, Boolean> condition) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (!condition.apply(this)) {
      if (System.currentTimeMillis() > deadline) {
        fail("waited " + timeoutMillis + " ms for " + what + "; errors " + errorsByKind() + "; samples "
            + errorSamples() + "; output of client 0:\n" + output(0));
      }
      Thread.sleep(100);
    }
  }

  Map<String, Long> errorsByKind() throws IOException {
    Map<String, Long> kinds = new TreeMap<>(Map.of("duplicate", 0L, "unavailable", 0L, "other", 0L));
    for (int c = 0; c < clients; c++) {
      for (String line : lines(c)) {
        if (line.startsWith("ERR ")) {
          kinds.merge(line.split(" ", 3)[1], 1L, Long::sum);
        }
      }
    }
    return kinds;
  }

  /** The first error of each kind, for messages. */
  Map<String, String> errorSamples() throws IOException {
    Map<String, String> samples = new TreeMap<>();
    for (int c = 0; c < clients; c++) {
      for (String line : lines(c)) {
        String[] parts = line.split(" ", 3);
        if (parts[0].equals("ERR")) {
          samples.putIfAbsent(parts[1], "client " + c + ": " + parts[2]);
        }
      }
    }
    return samples;
  }

  /**
   * Checks the table against the acknowledgements and returns the printed counts: rows, distinct
   * ids, acknowledged, acknowledged but lost, duplicates among acknowledgements.
   */
  Counts count(Connection db, String table) throws SQLException, IOException {
    Set<Long> inTable = new HashSet<>();
    long rows = 0;
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM " + table)) {
      while (rs.next()) {
        inTable.add(rs.getLong(1));
        rows++;
      }
    }
    List<Long> acked = acks().stream().filter(a -> a.table().equals(table)).map(Ack::id).toList();
    Set<Long> distinct = new HashSet<>(acked);
    Set<Long> lost = new HashSet<>(distinct);
    lost.removeAll(inTable);
    return new Counts(table, rows, inTable.size(), acked.size(), lost.size(), acked.size() - distinct.size());
  }

  /** What a fault test prints and checks for one table. */
  record Counts(String table, long rows, long distinctIds, long acknowledged, long lost, long duplicates) {
    @Override
    public String toString() {
      return String.format("%s: %d rows (%d distinct ids), %d acknowledged, %d lost, %d duplicates", table, rows,
          distinctIds, acknowledged, lost, duplicates);
    }
  }
}
