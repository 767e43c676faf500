package io.seqproxy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.cli.SeqproxyJar.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * next, inspect and seed against a jdbc store in an H2 file database, which the test and the
 * command's process open in turn (H2 locks a file database to one process at a time).
 */
class StoreCommandsIT {
  @TempDir
  Path dir;

  private String url;

  @BeforeEach
  void writeConfig() throws IOException {
    url = "jdbc:h2:" + dir.resolve("db").toAbsolutePath();
    Files.writeString(dir.resolve("seqproxy.yaml"), """
        stores:
          jdbc:
            url: %s
            username: sa
        sequences:
          order_id:
            type: segment
            range: 100
          event_id:
            type: snowflake
        tables:
          orders:
            id: order_id
        """.formatted(url));
  }

  private Result seqproxy(String... args) {
    return SeqproxyJar.runIn(dir, args);
  }

  private void sql(String... statements) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, "sa", "");
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  @Test
  void nextDrawsValuesAndHandsTheRestOfTheRangeBack() {
    Result first = seqproxy("next", "order_id", "-n", "3", "--config", "seqproxy.yaml");
    assertEquals(0, first.exit(), first::toString);
    assertEquals("1\n2\n3\n", first.out());
    assertEquals("", first.err());
    // The first process handed [4, 101) back on exit, so the next one continues without a gap.
    Result second = seqproxy("next", "order_id", "--config", "seqproxy.yaml");
    assertEquals("4\n", second.out(), second::toString);
  }

  @Test
  void nextFromSnowflakeDecodesToNow() {
    long before = System.currentTimeMillis();
    Result result = seqproxy("next", "event_id", "-n", "2", "--config", "seqproxy.yaml");
    assertEquals(0, result.exit(), result::toString);
    List<Long> ids = result.outLines().stream().map(Long::parseLong).toList();
    assertEquals(2, ids.size());
    assertTrue(ids.get(0) < ids.get(1));
    long millis = (ids.get(0) >>> 22) + DecodeCommand.DEFAULT_EPOCH.toEpochMilli();
    assertTrue(millis >= before && millis <= System.currentTimeMillis(), () -> "timestamp " + millis);
  }

  @Test
  void inspectShowsMarksAndLeases() {
    // 40 of the first range of 100: below half, so no second range is prefetched in the background.
    seqproxy("next", "order_id", "-n", "40", "--config", "seqproxy.yaml");
    seqproxy("next", "event_id", "--config", "seqproxy.yaml");
    Result result = seqproxy("inspect", "--config", "seqproxy.yaml");
    assertEquals(0, result.exit(), result::toString);
    List<String> lines = result.outLines();
    assertEquals(List.of(
        "sequence order_id",
        "  type             segment",
        "  store            jdbc store " + url + " (table seqproxy_range)",
        // The unused tail [41, 101) was handed back on exit.
        "  high-water mark  41",
        "  range size       100 up to 1,000,000 (each process adapts within these)",
        "  fills",
        "    orders.id  existing-rows: skip, explicit: advance",
        "sequence event_id",
        "  type           snowflake",
        "  end of time    runs out on 2093-09-06 (" + yearsUntil2093() + " years from now)",
        "  store          jdbc",
        "  worker leases  1 known, 0 live"), lines.subList(0, 12));
    assertEquals(13, lines.size(), result::toString);
    assertTrue(lines.get(12).matches("    worker 0  owner \\S+  free  last timestamp \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z"),
        lines.get(12));
  }

  /** Whole years from now until the standard layout from 2024 runs out, as the command counts them. */
  static long yearsUntil2093() {
    return java.time.temporal.ChronoUnit.YEARS.between(java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC),
        java.time.OffsetDateTime.parse("2093-09-06T15:47:35.551Z"));
  }

  @Test
  void seedMovesASequenceAboveATableAndNeverDown() throws SQLException {
    sql("CREATE TABLE orders (id BIGINT PRIMARY KEY, item VARCHAR(10))", "INSERT INTO orders VALUES (5000, 'old')");
    Result seed = seqproxy("seed", "order_id", "--above", "orders.id", "--config", "seqproxy.yaml");
    assertEquals(0, seed.exit(), seed::toString);
    assertEquals("order_id: high-water mark moved from none to 5001, above orders.id's largest value 5000\n",
        seed.out());
    Result again = seqproxy("seed", "order_id", "--above", "orders.id", "--config", "seqproxy.yaml");
    assertEquals("order_id already starts at 5001, above orders.id's largest value 5000\n", again.out(),
        again::toString);
    assertEquals("5001\n", seqproxy("next", "order_id", "--config", "seqproxy.yaml").out());

    Result down = seqproxy("seed", "order_id", "--above", "orders.id", "--config", "seqproxy.yaml");
    assertEquals(1, down.exit(), down::toString);
    assertEquals("", down.out());
    assertEquals("seqproxy seed: order_id's high-water mark 5002 is already above orders.id's largest value 5000; "
        + "a sequence is never moved down, nothing changed\n", down.err());
    assertEquals("5002\n", seqproxy("next", "order_id", "--config", "seqproxy.yaml").out());
  }

  @Test
  void seedOfAnEmptyTableChangesNothing() throws SQLException {
    sql("CREATE TABLE orders (id BIGINT PRIMARY KEY)");
    Result seed = seqproxy("seed", "order_id", "--above", "orders.id", "--config", "seqproxy.yaml");
    assertEquals(0, seed.exit(), seed::toString);
    assertEquals("orders.id is empty: nothing to pass, order_id unchanged\n", seed.out());
  }

  @Test
  void seedRefusesWhatItCannotDo() {
    Result snowflake = seqproxy("seed", "event_id", "--above", "orders.id", "--config", "seqproxy.yaml");
    assertEquals(2, snowflake.exit(), snowflake::toString);
    assertEquals("seqproxy seed: sequence 'event_id' is a snowflake sequence: its IDs come from the clock and cannot"
        + " be seeded; name a segment sequence\n", snowflake.err());
    Result column = seqproxy("seed", "order_id", "--above", "orders; DROP TABLE x", "--config", "seqproxy.yaml");
    assertEquals(2, column.exit(), column::toString);
    assertEquals("seqproxy seed: --above expects table.column or schema.table.column, got 'orders; DROP TABLE x'\n",
        column.err());
    Result missing = seqproxy("seed", "order_id", "--config", "seqproxy.yaml");
    assertEquals(2, missing.exit(), missing::toString);
    assertEquals("seqproxy seed: missing required option: '--above=TABLE.COLUMN'; run 'seqproxy seed --help'\n",
        missing.err());
  }

  @Test
  void unknownSequenceIsAUsageErrorListingTheDefinedOnes() {
    Result result = seqproxy("next", "nosuch", "--config", "seqproxy.yaml");
    assertEquals(2, result.exit(), result::toString);
    assertEquals("", result.out());
    assertEquals("seqproxy next: no sequence 'nosuch' in seqproxy.yaml; defined: order_id, event_id\n", result.err());
  }

  @Test
  void countOutsideOneToAMillionIsAUsageError() {
    Result result = seqproxy("next", "order_id", "-n", "0", "--config", "seqproxy.yaml");
    assertEquals(2, result.exit(), result::toString);
    assertEquals("seqproxy next: -n must be between 1 and 1,000,000, got 0\n", result.err());
  }

  @Test
  void missingConfigurationIsAUsageError() {
    Result result = seqproxy("inspect");
    assertEquals(2, result.exit(), result::toString);
    assertEquals("seqproxy inspect: no configuration: give --config FILE or set the environment variable "
        + "SEQPROXY_CONFIG\n", result.err());
  }

  @Test
  void jdbcStoreWithoutADatabaseAsksForUrl() throws IOException {
    Files.writeString(dir.resolve("nourl.yaml"), """
        sequences:
          order_id:
            type: segment
        tables:
          orders:
            id: order_id
        """);
    Result result = seqproxy("next", "order_id", "--config", "nourl.yaml");
    assertEquals(2, result.exit(), result::toString);
    assertEquals("seqproxy next: sequence 'order_id' uses the jdbc store and nourl.yaml sets no stores.jdbc.url: "
        + "give --url jdbc:… (the application's database)\n", result.err());
    Result withUrl = seqproxy("next", "order_id", "--config", "nourl.yaml", "--url", url, "--user", "sa");
    assertEquals("1\n", withUrl.out(), withUrl::toString);
  }

  @Test
  void unreachableStoreIsARuntimeFailureNamingItWithoutThePassword() throws IOException {
    Files.writeString(dir.resolve("down.yaml"), """
        stores:
          jdbc:
            url: jdbc:mysql://app:s3cret@127.0.0.1:1/none?connectTimeout=2000&password=s3cret
            max-wait: 1s
        sequences:
          order_id:
            type: segment
            fetch-timeout: 1s
        tables:
          orders:
            id: order_id
        """);
    Result result = seqproxy("next", "order_id", "--config", "down.yaml");
    assertEquals(1, result.exit(), result::toString);
    assertEquals("", result.out());
    assertEquals("seqproxy next: sequence order_id: no reserved values are left and a new range could not be"
        + " reserved from jdbc store jdbc:mysql://app:***@127.0.0.1:1/none (table seqproxy_range) within 1000 ms:"
        + " the jdbc store at jdbc:mysql://app:***@127.0.0.1:1/none failed: Communications link failure\n",
        result.err());
  }
}
