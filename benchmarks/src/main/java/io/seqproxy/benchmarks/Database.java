package io.seqproxy.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Where the comparison runs: H2 in memory, and MariaDB over loopback (override with env). */
public enum Database {
  H2("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1", "sa", "", "H2 in memory"),
  MARIADB(env("SEQPROXY_BENCH_MARIADB_URL",
      "jdbc:mysql://127.0.0.1:3306/test?useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true"),
      env("SEQPROXY_BENCH_MARIADB_USER", "root"), env("SEQPROXY_BENCH_MARIADB_PASSWORD", ""),
      "MariaDB over loopback");

  final String url;
  final String user;
  final String password;
  final String label;

  Database(String url, String user, String password, String label) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.label = label;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }

  String url() {
    return url;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }
}
