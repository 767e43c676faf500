package io.seqproxy.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configuration whose URLs carry a password, run for real: the password appears in no log
 * line (slf4j-simple writes to System.err, captured here) and in no exception message, cause or
 * suppressed exception included.
 */
class SecretsInUrlsTest {
  private static final String SECRET = "s3cret-in-url";

  @TempDir Path dir;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final List<Throwable> thrown = new ArrayList<>();
  private PrintStream stderr;

  @BeforeEach
  void captureLog() {
    stderr = System.err;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreLogAndScan() {
    EngineRegistry.closeAll();
    System.setErr(stderr);
    String logged = log.toString(StandardCharsets.UTF_8);
    assertFalse(logged.contains(SECRET), logged);
    for (Throwable t : thrown) {
      assertNoSecretIn(t);
    }
  }

  private static void assertNoSecretIn(Throwable t) {
    for (Throwable cause = t; cause != null; cause = cause.getCause()) {
      assertFalse(String.valueOf(cause.getMessage()).contains(SECRET), cause.toString());
      for (Throwable suppressed : cause.getSuppressed()) {
        assertNoSecretIn(suppressed);
      }
    }
  }

  private Properties config(String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("secret.yaml"), yaml);
    Properties info = new Properties();
    info.setProperty("seqproxy.config", file.toString());
    return info;
  }

  @Test
  void storeUrlWithPasswordWorksAndIsLoggedWithoutIt() throws Exception {
    Properties info = config("""
        stores:
          jdbc:
            url: "jdbc:h2:mem:secret_store;USER=sa;PASSWORD=%s;DB_CLOSE_DELAY=-1"
        sequences:
          order_id: {type: snowflake, store: jdbc}
        tables:
          orders: {id: order_id}
        """.formatted(SECRET));
    try (Connection c = DriverManager.getConnection("jdbc:seqproxy:h2:mem:secret_app;PASSWORD=" + SECRET, info);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, name VARCHAR(10))");
      assertEquals(1, s.executeUpdate("INSERT INTO orders (name) VALUES ('a')", Statement.RETURN_GENERATED_KEYS));
      try (ResultSet keys = s.getGeneratedKeys()) {
        assertTrue(keys.next());
        assertTrue(keys.getLong(1) > 0);
      }
    }
    String logged = log.toString(StandardCharsets.UTF_8);
    assertTrue(logged.contains("leased worker id 0 in jdbc:h2:mem:secret_store"), logged);
  }

  @Test
  void unreachableStoreIsReportedWithoutThePassword() throws Exception {
    Properties info = config("""
        stores:
          jdbc:
            url: "jdbc:nosuchdb://app:%s@db.invalid/app?password=%s"
        sequences:
          order_id: {type: segment, store: jdbc, fetch-timeout: 200ms}
        tables:
          orders: {id: order_id}
        """.formatted(SECRET, SECRET));
    try (Connection c = DriverManager.getConnection("jdbc:seqproxy:h2:mem:secret_app2", info);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, name VARCHAR(10))");
      SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO orders (name) VALUES ('a')"));
      thrown.add(e);
      assertEquals("sequence order_id: no reserved values are left and a new range could not be reserved from"
          + " jdbc store jdbc:nosuchdb://app:***@db.invalid/app (table seqproxy_range) within 200 ms: the jdbc store"
          + " at jdbc:nosuchdb://app:***@db.invalid/app failed: No suitable driver found for"
          + " jdbc:nosuchdb://app:***@db.invalid/app?password=***", e.getMessage());
    }
  }

  @Test
  void missingConfigurationNamesTheUrlWithoutThePassword() {
    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection("jdbc:seqproxy:mysql://root:" + SECRET + "@127.0.0.1:1/app?password=" + SECRET,
            new Properties()));
    thrown.add(e);
    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().startsWith(
        "no seqproxy configuration for jdbc:seqproxy:mysql://root:***@127.0.0.1:1/app?password=***: set"), e.getMessage());
  }
}
