package io.seqproxy.cli;

import io.seqproxy.jdbc.config.ConfigLocation;
import io.seqproxy.sequence.jdbc.JdbcUrls;
import io.seqproxy.sequence.snowflake.SnowflakeLayout;
import io.seqproxy.sequence.spi.SequenceStore;
import io.seqproxy.sequence.spi.SequenceStoreProvider;
import io.seqproxy.sequence.spi.StoreContext;
import io.seqproxy.sequence.EpochClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * The README's first command: two tables mapped through {@code jdbc:seqproxy:}, rows inserted
 * from several threads, each on its own connection, with the three statement shapes applications
 * use, and a report checked against what the database holds.
 */
final class Demo {
  static final String EMBEDDED_URL = "jdbc:h2:mem:seqproxy_demo;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE";
  static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
  private static final int BATCH = 50;
  private static final int MULTI_ROW = 10;
  private static final long INITIAL_RANGE = 1_000;
  private static final long MAX_RANGE = 1_000_000;

  private final int rowsPerTable;
  private final int threads;
  private final DatabaseOptions database;
  private final boolean zookeeper;
  private final boolean progress;
  /** Names get a prefix in a real database, where they must not meet the application's own. */
  private final String prefix;
  private final String orders;
  private final String events;
  private final String orderSequence;
  private final String eventSequence;

  Demo(int rowsPerTable, int threads, DatabaseOptions database, boolean zookeeper, boolean progress) {
    this.rowsPerTable = rowsPerTable;
    this.threads = threads;
    this.database = database;
    this.zookeeper = zookeeper;
    this.progress = progress;
    this.prefix = database.url == null ? "" : "seqproxy_demo_";
    this.orders = prefix + "orders";
    this.events = prefix + "events";
    this.orderSequence = prefix + "order_id";
    this.eventSequence = prefix + "event_id";
  }

  int run(PrintWriter out) throws Exception {
    String url = database.url == null ? EMBEDDED_URL : database.realUrl();
    Properties credentials = database.url == null ? credentials("sa", "") : database.credentials();
    Map<String, Object> storeSettings = zookeeper ? Map.of("connect", EmbeddedZooKeeper.start(), "root", "/seqproxy")
        : Map.of();
    Path config = writeConfig(storeSettings);
    try (Connection plain = DriverManager.getConnection(url, credentials)) {
      createTables(plain);
      String shown = JdbcUrls.shortForm(url);
      out.println("seqproxy demo: " + (database.url == null ? "embedded H2 database " : "database ") + shown
          + ", reached through jdbc:seqproxy:" + shown.substring("jdbc:".length()));
      Table setup = new Table();
      if (zookeeper) {
        String where = " store (embedded ZooKeeper server at " + storeSettings.get("connect") + ")";
        setup.row("  " + orders + ".id", "<- " + orderSequence, "segment: ranges reserved in the zookeeper" + where);
        setup.row("  " + events + ".id", "<- " + eventSequence, "snowflake: worker id leased from the zookeeper" + where);
      } else {
        setup.row("  " + orders + ".id", "<- " + orderSequence, "segment: ranges reserved in the jdbc store (table seqproxy_range)");
        setup.row("  " + events + ".id", "<- " + eventSequence, "snowflake: worker id leased from the jdbc store (table seqproxy_worker)");
      }
      setup.print(out);
      out.printf("  %d threads, each on its own connection: prepared single-row INSERTs, batches of %d, "
          + "multi-row VALUES of %d%n", threads, BATCH, MULTI_ROW);
      out.flush();

      Properties proxied = new Properties();
      proxied.putAll(credentials);
      proxied.setProperty(ConfigLocation.PROPERTY, config.toString());
      String proxiedUrl = "jdbc:seqproxy:" + url.substring("jdbc:".length());

      try (SequenceStore store = openStore(storeSettings, new StoreContext(url, credentials, EpochClock.system()))) {
        RangeTrace trace = new RangeTrace(store.ranges(), orderSequence, 1);
        LongAdder done = new LongAdder();
        long started = System.nanoTime();
        List<long[][]> keys = new ArrayList<>();
        try (AutoCloseable bar = ProgressBar.start(progress, 2L * rowsPerTable, done::sum)) {
          ExecutorService pool = Executors.newFixedThreadPool(threads);
          try {
            List<Future<long[][]>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
              int share = rowsPerTable / threads + (t < rowsPerTable % threads ? 1 : 0);
              parts.add(pool.submit(() -> {
                try (Connection connection = DriverManager.getConnection(proxiedUrl, proxied)) {
                  return new Inserter(connection, done).insert(share);
                }
              }));
            }
            for (Future<long[][]> part : parts) {
              keys.add(part.get());
            }
          } finally {
            pool.shutdownNow();
          }
        }
        long nanos = System.nanoTime() - started;
        trace.stop();
        return report(out, plain, keys, nanos, trace);
      }
    } finally {
      Files.deleteIfExists(config);
    }
  }

  private int report(PrintWriter out, Connection plain, List<long[][]> parts, long nanos, RangeTrace trace)
      throws SQLException {
    long[] orderKeys = merge(parts, 0);
    long[] eventKeys = merge(parts, 1);
    long total = (long) orderKeys.length + eventKeys.length;
    out.println();
    Table table = new Table();
    table.row("rows", String.format("%,d inserted in %,d ms: %,.0f rows per second", total, nanos / 1_000_000,
        total * 1e9 / nanos));
    Check orderCheck = check(plain, orders, orderKeys);
    Check eventCheck = check(plain, events, eventKeys);
    table.row("  " + orders, orderCheck.describe());
    table.row("  " + events, eventCheck.describe());
    table.row(orderSequence, String.format("segment: IDs %,d to %,d", orderKeys[0], orderKeys[orderKeys.length - 1]));
    List<Long> sizes = trace.sizes();
    table.row("  ranges", String.format("%d reserved, high-water mark now %,d", sizes.size(), trace.last()));
    table.row("  range size", RangeTrace.describe(sizes) + String.format(" (adapting to the rate of use, within %,d "
        + "and %,d)", INITIAL_RANGE, MAX_RANGE));
    SnowflakeLayout layout = SnowflakeLayout.standard();
    SnowflakeLayout.Decoded first = layout.decode(eventKeys[0], EPOCH);
    SnowflakeLayout.Decoded last = layout.decode(eventKeys[eventKeys.length - 1], EPOCH);
    long workers = Arrays.stream(eventKeys).map(id -> layout.decode(id, EPOCH).workerId()).distinct().count();
    table.row(eventSequence, String.format("snowflake: IDs %d to %d", eventKeys[0], eventKeys[eventKeys.length - 1]));
    table.row("  worker", first.workerId() + (workers == 1 ? " (leased)" : " and " + (workers - 1) + " more")
        + ", timestamps " + first.timestamp() + " to " + last.timestamp());
    table.print(out);
    boolean ok = orderCheck.ok() && eventCheck.ok();
    out.println(ok ? "every row has its own ID, and every generated key read back is the ID stored"
        : "FAILED: the IDs stored do not match the generated keys, or some are duplicated");
    out.flush();
    return ok ? Main.OK : Main.FAILED;
  }

  /** What the table holds, compared with the generated keys the application read back. */
  private record Check(long rows, long keys, long duplicates, boolean matches) {
    boolean ok() {
      return duplicates == 0 && matches;
    }

    String describe() {
      return String.format("%,d rows, %,d generated keys read back, %d duplicates%s", rows, keys, duplicates,
          matches ? "" : ", KEYS DO NOT MATCH THE ROWS");
    }
  }

  private static Check check(Connection plain, String table, long[] keys) throws SQLException {
    List<Long> stored = new ArrayList<>();
    try (Statement statement = plain.createStatement();
        ResultSet ids = statement.executeQuery("SELECT id FROM " + table + " ORDER BY id")) {
      while (ids.next()) {
        stored.add(ids.getLong(1));
      }
    }
    long[] ids = stored.stream().mapToLong(Long::longValue).toArray();
    long duplicates = duplicates(ids) + duplicates(keys);
    return new Check(ids.length, keys.length, duplicates, Arrays.equals(ids, keys));
  }

  /** How many values of a sorted array repeat the one before. */
  private static long duplicates(long[] sorted) {
    long count = 0;
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] == sorted[i - 1]) {
        count++;
      }
    }
    return count;
  }

  private static long[] merge(List<long[][]> parts, int table) {
    long[] all = parts.stream().flatMapToLong(p -> Arrays.stream(p[table])).toArray();
    Arrays.sort(all);
    return all;
  }

  /**
   * One thread's share, as an application would send it: the same prepared statements reused,
   * generated keys asked for and read back.
   */
  private final class Inserter {
    private final Connection connection;
    private final LongAdder done;
    private final LongList orderKeys = new LongList();
    private final LongList eventKeys = new LongList();
    private int row;

    Inserter(Connection connection, LongAdder done) {
      this.connection = connection;
      this.done = done;
    }

    long[][] insert(int rows) throws SQLException {
      String orderColumns = "(customer, amount)";
      String eventColumns = "(kind, at_ms)";
      try (PreparedStatement orderOne = prepare(orders, orderColumns, 1);
          PreparedStatement orderMany = prepare(orders, orderColumns, MULTI_ROW);
          PreparedStatement eventOne = prepare(events, eventColumns, 1);
          PreparedStatement eventMany = prepare(events, eventColumns, MULTI_ROW)) {
        int left = rows;
        int shape = 0;
        while (left > 0) {
          int n;
          if (shape % 3 == 1 && left >= BATCH) {
            n = BATCH;
            for (int i = 0; i < n; i++) {
              bindOrder(orderOne, 1);
              orderOne.addBatch();
              bindEvent(eventOne, 1);
              eventOne.addBatch();
            }
            orderOne.executeBatch();
            eventOne.executeBatch();
            read(orderOne, orderKeys);
            read(eventOne, eventKeys);
          } else if (shape % 3 == 2 && left >= MULTI_ROW) {
            n = MULTI_ROW;
            for (int i = 0; i < n; i++) {
              bindOrder(orderMany, 2 * i + 1);
              bindEvent(eventMany, 2 * i + 1);
            }
            orderMany.executeUpdate();
            eventMany.executeUpdate();
            read(orderMany, orderKeys);
            read(eventMany, eventKeys);
          } else {
            n = 1;
            bindOrder(orderOne, 1);
            bindEvent(eventOne, 1);
            orderOne.executeUpdate();
            eventOne.executeUpdate();
            read(orderOne, orderKeys);
            read(eventOne, eventKeys);
          }
          left -= n;
          shape++;
          done.add(2L * n);
        }
      }
      return new long[][] {orderKeys.toArray(), eventKeys.toArray()};
    }

    private PreparedStatement prepare(String table, String columns, int rows) throws SQLException {
      StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(' ').append(columns).append(" VALUES ");
      for (int i = 0; i < rows; i++) {
        sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
      }
      return connection.prepareStatement(sql.toString(), Statement.RETURN_GENERATED_KEYS);
    }

    private void bindOrder(PreparedStatement statement, int at) throws SQLException {
      row++;
      statement.setString(at, "customer-" + (row % 997));
      statement.setInt(at + 1, row % 10_000);
    }

    private void bindEvent(PreparedStatement statement, int at) throws SQLException {
      statement.setString(at, (row & 1) == 0 ? "created" : "paid");
      statement.setLong(at + 1, System.currentTimeMillis());
    }

    private void read(PreparedStatement statement, LongList into) throws SQLException {
      try (ResultSet keys = statement.getGeneratedKeys()) {
        while (keys.next()) {
          into.add(keys.getLong(1));
        }
      }
    }
  }

  private void createTables(Connection plain) throws SQLException {
    try (Statement statement = plain.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + orders);
      statement.execute("DROP TABLE IF EXISTS " + events);
      statement.execute("CREATE TABLE " + orders
          + " (id BIGINT NOT NULL PRIMARY KEY, customer VARCHAR(40) NOT NULL, amount INT NOT NULL)");
      statement.execute("CREATE TABLE " + events
          + " (id BIGINT NOT NULL PRIMARY KEY, kind VARCHAR(20) NOT NULL, at_ms BIGINT NOT NULL)");
    }
  }

  /** The demo's store, opened a second time beside the driver's, to watch reservations. */
  private SequenceStore openStore(Map<String, Object> settings, StoreContext context) {
    String name = storeName();
    for (SequenceStoreProvider provider : ServiceLoader.load(SequenceStoreProvider.class)) {
      if (provider.name().equals(name)) {
        return provider.open(settings, context);
      }
    }
    throw new IllegalStateException("no " + name + " store in the jar");
  }

  private String storeName() {
    return zookeeper ? "zookeeper" : "jdbc";
  }

  /** The configuration an application would write, in a file the driver is pointed at. */
  private Path writeConfig(Map<String, Object> storeSettings) throws IOException {
    StringBuilder stores = new StringBuilder();
    if (!storeSettings.isEmpty()) {
      stores.append("stores:\n  ").append(storeName()).append(":\n");
      storeSettings.forEach((key, value) -> stores.append("    ").append(key).append(": ").append(value).append('\n'));
    }
    String yaml = String.join("\n",
        "# written by seqproxy demo",
        stores + "sequences:",
        "  " + orderSequence + ":",
        "    type: segment",
        "    store: " + storeName(),
        "    range: " + INITIAL_RANGE,
        "    max-range: " + MAX_RANGE,
        "    target-lifetime: 10s",
        "  " + eventSequence + ":",
        "    type: snowflake",
        "    epoch: " + EPOCH,
        "    worker-id: auto",
        "    store: " + storeName(),
        "tables:",
        "  " + orders + ":",
        "    id: " + orderSequence,
        "  " + events + ":",
        "    id: " + eventSequence,
        "");
    Path file = Files.createTempFile("seqproxy-demo-", ".yaml");
    file.toFile().deleteOnExit();
    return Files.writeString(file, yaml, StandardCharsets.UTF_8);
  }

  private static Properties credentials(String user, String password) {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    return properties;
  }

  /** A growable array of longs, so that a million keys are not a million boxes. */
  private static final class LongList {
    private long[] values = new long[1024];
    private int size;

    void add(long value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
