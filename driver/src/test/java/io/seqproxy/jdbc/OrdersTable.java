package io.seqproxy.jdbc;

import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
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

/**
 * A fresh table {@code (id BIGINT PRIMARY KEY, name VARCHAR(50))} (or another definition of id) on one database, its id mapped
 * to a memory segment sequence {@code order_id} from 1000 by a configuration file of its own
 * (hence its own engine); dropped by {@link #close()}.
 */
final class OrdersTable implements AutoCloseable {
  final Db db;
  final String name;
  private final Path config;

  private OrdersTable(Db db, String name, Path config) {
    this.db = db;
    this.name = name;
    this.config = config;
  }

  /**
   * @param idColumn the id column's definition, e.g. {@code id BIGINT AUTO_INCREMENT PRIMARY KEY}
   * @param explicit the mapping's {@code explicit:} setting, {@code keep} or {@code reject}
   */
  static OrdersTable create(Db db, Path dir, String idColumn, String explicit) throws Exception {
    TestDatabases.require(db);
    String name = TestDatabases.uniqueName("orders");
    try (Connection direct = db.connect(); Statement s = direct.createStatement()) {
      s.execute("CREATE TABLE " + name + " (" + idColumn + ", name VARCHAR(50))");
    }
    Path config = Files.writeString(dir.resolve(name + ".yaml"), "sequences:\n  order_id: {store: memory, start: 1000}\n"
        + "tables:\n  " + name + ":\n    id: {sequence: order_id, explicit: " + explicit + "}\n");
    return new OrdersTable(db, name, config);
  }

  /** A connection through {@code jdbc:seqproxy:}. */
  Connection open() throws SQLException {
    Properties info = db.credentials();
    info.setProperty("seqproxy.config", config.toString());
    return DriverManager.getConnection(db.proxiedUrl(), info);
  }

  /** Every row as "id:name", by id, read past the proxy. */
  List<String> rows() throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection direct = db.connect(); Statement s = direct.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, name FROM " + name + " ORDER BY id")) {
      while (rs.next()) {
        rows.add(rs.getLong(1) + ":" + rs.getString(2));
      }
    }
    return rows;
  }

  @Override
  public void close() throws SQLException {
    try (Connection direct = db.connect(); Statement s = direct.createStatement()) {
      s.execute("DROP TABLE " + name);
    }
  }
}
