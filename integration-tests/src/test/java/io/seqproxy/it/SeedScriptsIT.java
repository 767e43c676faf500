package io.seqproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * An application's own {@code schema.sql} and {@code data.sql} (IDENTITY / AUTO_INCREMENT /
 * SERIAL ids, seed rows without column lists, with {@code DEFAULT}, {@code NULL} and explicit
 * ids, {@code INSERT IGNORE} and {@code ON CONFLICT DO NOTHING}, a quoted mixed-case
 * {@code "Id"} that is {@code GENERATED ALWAYS}), run as Spring runs them, over a HikariCP pool
 * of {@code jdbc:seqproxy:} connections; then the application, started again (a new engine),
 * inserts its own rows: ids above the seed's, no duplicate key. Only the URL, the driver class
 * and the YAML differ from the application without seqproxy.
 */
class SeedScriptsIT {

  private static HikariDataSource start(Db db) {
    return Pools.seqproxyDriver(db, ItConfig.write("seed.yaml", TestDatabases.uniqueName("seed"), Map.of()));
  }

  private static List<String> rows(Db db, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection direct = db.connect(); Statement s = direct.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getLong(1) + ":" + rs.getString(2));
      }
    }
    return rows;
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void seedScriptsRunUnchangedAndTheApplicationsInsertsFollowTheSeed(Db db) throws Exception {
    TestDatabases.require(db);
    String dir = "seed/" + db.name().toLowerCase(Locale.ROOT) + "/";
    try (HikariDataSource pool = start(db); Connection c = pool.getConnection()) {
      ScriptUtils.executeSqlScript(c, new ClassPathResource(dir + "schema.sql"));
      ScriptUtils.executeSqlScript(c, new ClassPathResource(dir + "data.sql"));
    }
    try (HikariDataSource pool = start(db); Connection c = pool.getConnection()) {
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO seed_vets (first_name, last_name) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
        List<Long> ids = new ArrayList<>();
        for (String name : List.of("Ada", "Grace")) {
          insert.setString(1, name);
          insert.setString(2, "Seed");
          insert.executeUpdate();
          try (ResultSet keys = insert.getGeneratedKeys()) {
            keys.next();
            ids.add(keys.getLong(1));
          }
        }
        assertEquals(List.of(8L, 9L), ids, "above the seed's explicit 7");
      }
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO seed_pets VALUES (DEFAULT, 'Max', 8)");
      }
    }
    assertEquals(List.of("1:James", "2:Helen", "7:Linda", "8:Ada", "9:Grace"),
        rows(db, "SELECT id, first_name FROM seed_vets ORDER BY id"));
    String id = db == Db.MARIADB ? "Id" : "\"Id\"";
    String name = db == Db.MARIADB ? "Name" : "\"Name\"";
    assertEquals(List.of("1:Leo", "2:Basil", "3:Max"),
        rows(db, "SELECT " + id + ", " + name + " FROM seed_pets ORDER BY 1"));
    try (Connection direct = db.connect(); Statement s = direct.createStatement()) {
      s.execute("DROP TABLE seed_pets");
      s.execute("DROP TABLE seed_vets");
    }
  }
}
