package io.seqproxy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.seqproxy.cli.SeqproxyJar.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statements through the proxy into an H2 file database, each in a process of its own. */
class SqlIT {
  @TempDir
  Path dir;

  private String url;

  @BeforeEach
  void writeConfig() throws IOException {
    url = "jdbc:h2:" + dir.resolve("db").toAbsolutePath();
    Files.writeString(dir.resolve("seqproxy.yaml"), """
        sequences:
          order_id:
            type: segment
            start: 1000
        tables:
          orders:
            id: order_id
        """);
  }

  private Result sql(String url, String statement) {
    return SeqproxyJar.runIn(dir, "sql", url, statement, "--config", "seqproxy.yaml", "--user", "sa");
  }

  @Test
  void insertPrintsGeneratedKeysAndSelectPrintsRows() {
    Result create = sql(url, "CREATE TABLE orders (id BIGINT PRIMARY KEY, item VARCHAR(10))");
    assertEquals(0, create.exit(), create::toString);
    assertEquals("0 rows affected\n", create.out());

    Result insert = sql(url, "INSERT INTO orders (item) VALUES ('tea'), ('cake')");
    assertEquals(0, insert.exit(), insert::toString);
    assertEquals("2 rows affected; generated keys:\nid\n1000\n1001\n", insert.out());
    assertEquals("", insert.err());

    // jdbc:seqproxy: given explicitly; the first process handed the rest of its range back.
    Result one = sql("jdbc:seqproxy:" + url.substring("jdbc:".length()), "INSERT INTO orders (item) VALUES (NULL)");
    assertEquals("1 row affected; generated keys:\nid\n1002\n", one.out(), one::toString);

    Result select = sql(url, "SELECT id, item FROM orders ORDER BY id");
    assertEquals(0, select.exit(), select::toString);
    assertEquals("ID\tITEM\n1000\ttea\n1001\tcake\n1002\tNULL\n(3 rows)\n", select.out());
  }

  @Test
  void sqlErrorIsARuntimeFailureOnOneLine() {
    Result result = sql(url, "SELECT * FROM nosuch");
    assertEquals(1, result.exit(), result::toString);
    assertEquals("", result.out());
    assertEquals("seqproxy sql: Table \"NOSUCH\" not found (this database is empty)\n", result.err());
  }

  @Test
  void urlThatIsNoJdbcUrlIsAUsageError() {
    Result result = sql("h2:mem:x", "SELECT 1");
    assertEquals(2, result.exit(), result::toString);
    assertEquals("seqproxy sql: expected a JDBC URL such as jdbc:seqproxy:mysql://host/db, got 'h2:mem:x'\n",
        result.err());
  }

  @Test
  void missingConfigFileIsAUsageErrorNamingIt() {
    Result result = SeqproxyJar.runIn(dir, "sql", url, "SELECT 1", "--config", "nowhere.yaml");
    assertEquals(2, result.exit(), result::toString);
    assertEquals("seqproxy sql: nowhere.yaml (from --config): the file does not exist\n", result.err());
  }

  @Test
  void invalidConfigIsAUsageErrorWithItsLine() throws IOException {
    Files.writeString(dir.resolve("bad.yaml"), "sequences:\n  order_id:\n    type: segment\n    range: -1\n");
    Result result = SeqproxyJar.runIn(dir, "sql", url, "SELECT 1", "--config", "bad.yaml", "--user", "sa");
    assertEquals(2, result.exit(), result::toString);
    assertEquals("seqproxy sql: bad.yaml:4: sequences.order_id.range: expected a whole number of at least 1, "
        + "got '-1'\n", result.err());
  }
}
