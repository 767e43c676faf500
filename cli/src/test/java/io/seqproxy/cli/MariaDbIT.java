package io.seqproxy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.cli.SeqproxyJar.Result;
import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands against a real server: the jdbc store in the application's MariaDB database. */
class MariaDbIT {
  @TempDir
  Path dir;

  private final String table = TestDatabases.uniqueName("cli_orders");
  private final String sequence = TestDatabases.uniqueName("cli_order_id");

  @BeforeEach
  void setUp() throws IOException, SQLException {
    TestDatabases.require(Db.MARIADB);
    Files.writeString(dir.resolve("seqproxy.yaml"), """
        sequences:
          %s:
            type: segment
        tables:
          %s:
            id: %s
        """.formatted(sequence, table, sequence));
    execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, item VARCHAR(10))",
        "INSERT INTO " + table + " VALUES (41000, 'legacy')");
  }

  @AfterEach
  void dropTable() throws SQLException {
    execute("DROP TABLE IF EXISTS " + table);
  }

  private static void execute(String... statements) throws SQLException {
    try (Connection connection = Db.MARIADB.connect(); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private Result seqproxy(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of(args));
    all.addAll(List.of("--user", Db.MARIADB.user(), "--password", Db.MARIADB.password()));
    return SeqproxyJar.runIn(dir, all.toArray(String[]::new));
  }

  @Test
  void seedThenInsertThroughTheProxy() {
    Result seed = seqproxy("seed", sequence, "--above", table + ".id", "--config", "seqproxy.yaml",
        "--url", Db.MARIADB.url());
    assertEquals(0, seed.exit(), seed::toString);
    assertEquals(sequence + ": high-water mark moved from none to 41001, above " + table + ".id's largest value "
        + "41000\n", seed.out());

    Result insert = seqproxy("sql", Db.MARIADB.proxiedUrl(), "INSERT INTO " + table + " (item) VALUES ('a'), ('b')",
        "--config", "seqproxy.yaml");
    assertEquals(0, insert.exit(), insert::toString);
    assertEquals("2 rows affected; generated keys:\nid\n41001\n41002\n", insert.out());

    Result select = seqproxy("sql", Db.MARIADB.proxiedUrl(), "SELECT id, item FROM " + table + " ORDER BY id",
        "--config", "seqproxy.yaml");
    assertEquals("id\titem\n41000\tlegacy\n41001\ta\n41002\tb\n(3 rows)\n", select.out(), select::toString);

    // The sql process handed the rest of its range back: the mark is right above the table.
    Result again = seqproxy("seed", sequence, "--above", table + ".id", "--config", "seqproxy.yaml",
        "--url", Db.MARIADB.url());
    assertEquals(0, again.exit(), again::toString);
    assertEquals(sequence + " already starts at 41003, above " + table + ".id's largest value 41002\n", again.out());

    // A value drawn and not inserted: seeding now would move the sequence down.
    assertEquals("41003\n", seqproxy("next", sequence, "--config", "seqproxy.yaml", "--url", Db.MARIADB.url()).out());
    Result down = seqproxy("seed", sequence, "--above", table + ".id", "--config", "seqproxy.yaml",
        "--url", Db.MARIADB.url());
    assertEquals(1, down.exit(), down::toString);
    assertEquals("", down.out());
    assertEquals("seqproxy seed: " + sequence + "'s high-water mark 41004 is already above " + table
        + ".id's largest value 41002; a sequence is never moved down, nothing changed\n", down.err());
  }

  @Test
  void demoOnARealDatabase() {
    Result result = seqproxy("demo", "--rows", "3000", "--url", Db.MARIADB.url());
    assertEquals(0, result.exit(), result::toString);
    List<String> lines = result.outLines();
    assertTrue(lines.get(0).startsWith("seqproxy demo: database jdbc:mysql://"), result::toString);
    assertEquals("  seqproxy_demo_orders  3,000 rows, 3,000 generated keys read back, 0 duplicates", lines.get(6));
    assertEquals("  seqproxy_demo_events  3,000 rows, 3,000 generated keys read back, 0 duplicates", lines.get(7));
    assertEquals("every row has its own ID, and every generated key read back is the ID stored",
        lines.get(lines.size() - 1));
  }
}
