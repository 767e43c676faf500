package io.seqproxy.zk;

import io.seqproxy.testing.TestDatabases.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * One application process of {@link AdoptionIT}, switched from AUTO_INCREMENT/IDENTITY to
 * seqproxy: inserts {@code rows} generated ids, writes them to {@code ids-1}, touches
 * {@code ready}, waits for {@code go} (holding an explicit id to insert first, or 0), inserts
 * {@code rows} more and writes them to {@code ids-2}. Rows go in as single prepared inserts and
 * batches of five, through {@code getGeneratedKeys()}.
 *
 * <p>Arguments: config file, table, directory, rows per phase, database ({@link Db} name).
 */
final class AdoptionClient {
  private static final int BATCH = 5;

  private AdoptionClient() {}

  public static void main(String[] args) throws Exception {
    Path config = Path.of(args[0]);
    String table = args[1];
    Path dir = Path.of(args[2]);
    int rows = Integer.parseInt(args[3]);
    Db db = Db.valueOf(args[4]);
    Properties info = db.credentials();
    info.setProperty("seqproxy.config", config.toString());
    try (Connection c = DriverManager.getConnection(db.proxiedUrl(), info);
        PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " (name) VALUES (?)",
            Statement.RETURN_GENERATED_KEYS)) {
      Files.writeString(dir.resolve("ids-1"), insert(insert, rows, "first"));
      Files.writeString(dir.resolve("ready"), "");
      Path go = dir.resolve("go");
      while (!Files.exists(go)) {
        Thread.sleep(20);
      }
      long explicit = Long.parseLong(Files.readString(go).trim());
      if (explicit > 0) {
        try (PreparedStatement own = c.prepareStatement("INSERT INTO " + table + " (id, name) VALUES (?, ?)")) {
          own.setLong(1, explicit);
          own.setString(2, "explicit");
          own.executeUpdate();
        }
        Files.writeString(dir.resolve("explicit-done"), "");
      }
      Files.writeString(dir.resolve("ids-2"), insert(insert, rows, "second"));
    }
    System.exit(0);
  }

  /** Inserts {@code rows} rows, alternately one and a batch; returns their ids, one a line. */
  private static String insert(PreparedStatement insert, int rows, String name) throws SQLException {
    StringBuilder ids = new StringBuilder();
    int done = 0;
    while (done < rows) {
      int n = (done / BATCH) % 2 == 0 ? 1 : Math.min(BATCH, rows - done);
      for (int r = 0; r < n; r++) {
        insert.setString(1, name);
        if (n > 1) {
          insert.addBatch();
        }
      }
      if (n > 1) {
        insert.executeBatch();
      } else {
        insert.executeUpdate();
      }
      try (ResultSet keys = insert.getGeneratedKeys()) {
        while (keys.next()) {
          ids.append(keys.getLong(1)).append('\n');
        }
      }
      done += n;
    }
    return ids.toString();
  }
}
