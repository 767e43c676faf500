package io.seqproxy.zk;

import io.seqproxy.sequence.range.RangeSequence;
import io.seqproxy.sequence.region.RegionRangeStore;
import io.seqproxy.testing.TestDatabases.Db;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;

/**
 * One application process of a region in {@link RegionsEndToEndLongIT}: inserts through
 * {@code jdbc:seqproxy:} into its region's database (a segment table and a Snowflake table,
 * single rows and batches of five) and logs every acknowledged id with the time it was
 * acknowledged; and, on one more thread, times {@code next()} of the region's range sequence at a
 * steady pace, by phase (the phase file's text), to show what a caller of the engine waits.
 *
 * <p>Log lines, each one unbuffered write: {@code ACK <table> <id> <ms>}, {@code ERR <kind>
 * <table> <ms> <message>}, and at the end {@code LAT <phase> <calls> <p50 ns> <p99.9 ns> <max ns>}.
 *
 * <p>Arguments: db (MARIADB or POSTGRES), config file, segment table, snowflake table, log file,
 * stop file, phase file, threads, most milliseconds, the region's ZooKeeper, the region's name.
 */
final class RegionClient {
  private static final int BATCH_ROWS = 5;

  private final Db db;
  private final Path config;
  private final Path stopFile;
  private final OutputStream log;

  private RegionClient(Db db, Path config, Path stopFile, OutputStream log) {
    this.db = db;
    this.config = config;
    this.stopFile = stopFile;
    this.log = log;
  }

  public static void main(String[] args) throws Exception {
    Db db = Db.valueOf(args[0]);
    Path config = Path.of(args[1]);
    List<String> tables = List.of(args[2], args[3]);
    Path stopFile = Path.of(args[5]);
    Path phaseFile = Path.of(args[6]);
    int threads = Integer.parseInt(args[7]);
    long deadline = System.currentTimeMillis() + Long.parseLong(args[8]);
    try (OutputStream log = Files.newOutputStream(Path.of(args[4]), StandardOpenOption.CREATE,
        StandardOpenOption.APPEND)) {
      RegionClient client = new RegionClient(db, config, stopFile, log);
      List<Thread> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        Thread th = new Thread(() -> client.insert(thread, tables, deadline), "insert-" + t);
        running.add(th);
        th.start();
      }
      client.timeNext(args[9], args[10], phaseFile, deadline);
      for (Thread th : running) {
        th.join();
      }
    }
    System.exit(0);
  }

  private void insert(int thread, List<String> tables, long deadline) {
    Properties info = db.credentials();
    info.setProperty("seqproxy.config", config.toString());
    try (Connection connection = DriverManager.getConnection(db.proxiedUrl(), info)) {
      List<PreparedStatement> inserts = new ArrayList<>();
      for (String table : tables) {
        inserts.add(connection.prepareStatement("INSERT INTO " + table + " (writer, payload) VALUES (?, ?)",
            Statement.RETURN_GENERATED_KEYS));
      }
      for (int i = 0; System.currentTimeMillis() < deadline && !Files.exists(stopFile); i++) {
        int which = i % 2;
        insert(inserts.get(which), tables.get(which), thread, i, (i / 2) % 2 == 1);
      }
    } catch (SQLException | RuntimeException e) {
      write("ERR other - " + System.currentTimeMillis() + " " + oneLine(e) + "\n");
    }
  }

  private void insert(PreparedStatement insert, String table, int thread, int i, boolean batch) {
    try {
      int rows = batch ? BATCH_ROWS : 1;
      for (int r = 0; r < rows; r++) {
        insert.setInt(1, thread);
        insert.setString(2, thread + "-" + i + "-" + r);
        if (batch) {
          insert.addBatch();
        }
      }
      if (batch) {
        insert.executeBatch();
      } else {
        insert.executeUpdate();
      }
      long now = System.currentTimeMillis();
      StringBuilder acks = new StringBuilder();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        while (keys.next()) {
          acks.append("ACK ").append(table).append(' ').append(keys.getLong(1)).append(' ').append(now).append('\n');
        }
      }
      write(acks.toString());
    } catch (SQLException e) {
      write("ERR " + InsertClient.kind(e) + " " + table + " " + System.currentTimeMillis() + " " + oneLine(e) + "\n");
      try {
        insert.clearBatch();
      } catch (SQLException ignored) {
        // the next statement will say if the statement is broken
      }
      LockSupport.parkNanos(20_000_000); // a failing region is not hammered
    }
  }

  /** About 1,000 calls a second of next() on the region's range sequence, each timed, by phase. */
  private void timeNext(String regionConnect, String region, Path phaseFile, long deadline) throws IOException {
    Map<String, Object> settings = new HashMap<>(Map.of("connect", regionConnect, "root", "/region",
        "session-timeout", "10s", "connection-timeout", "3s"));
    Map<String, long[]> samples = new LinkedHashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    try (ZkSequenceStore store = ZkSequenceStore.open(ZkSettings.parse(settings));
        RangeSequence sequence = RangeSequence.builder("order_id",
            new RegionRangeStore(store.cells(), region, 5000)).initialSize(50).maxSize(2000)
            .targetLifetime(Duration.ofSeconds(2)).fetchTimeout(Duration.ofSeconds(5)).build()) {
      String phase = "start";
      long nextPhaseRead = 0;
      while (System.currentTimeMillis() < deadline && !Files.exists(stopFile)) {
        long now = System.currentTimeMillis();
        if (now >= nextPhaseRead) {
          phase = Files.exists(phaseFile) ? Files.readString(phaseFile).trim() : "start";
          nextPhaseRead = now + 200;
        }
        long started = System.nanoTime();
        String label = phase;
        try {
          sequence.next();
        } catch (RuntimeException e) {
          label = phase + "-failed";
        }
        long took = System.nanoTime() - started;
        long[] bucket = samples.computeIfAbsent(label, p -> new long[1 << 16]);
        int n = counts.merge(label, 1, Integer::sum);
        if (n > bucket.length) {
          bucket = Arrays.copyOf(bucket, bucket.length * 2);
          samples.put(label, bucket);
        }
        bucket[n - 1] = took;
        LockSupport.parkNanos(1_000_000);
      }
    }
    StringBuilder lines = new StringBuilder();
    samples.forEach((phase, bucket) -> {
      int n = counts.get(phase);
      long[] sorted = Arrays.copyOf(bucket, n);
      Arrays.sort(sorted);
      lines.append("LAT ").append(phase).append(' ').append(n).append(' ').append(sorted[(int) (n * 0.5)])
          .append(' ').append(sorted[Math.min(n - 1, (int) Math.ceil(n * 0.999) - 1)]).append(' ')
          .append(sorted[n - 1]).append('\n');
    });
    write(lines.toString());
  }

  private static String oneLine(Throwable e) {
    return String.valueOf(e).replace('\n', ' ').replace('\r', ' ');
  }

  private synchronized void write(String lines) {
    try {
      log.write(lines.getBytes(StandardCharsets.UTF_8));
      log.flush();
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the log", e);
    }
  }
}
