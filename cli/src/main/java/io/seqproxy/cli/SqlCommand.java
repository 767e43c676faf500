package io.seqproxy.cli;

import io.seqproxy.jdbc.config.ConfigLocation;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** One statement through the driver, as an application would send it; results tab-separated. */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = {"Run a statement through the proxy and print its rows or generated keys.",
        "Rows are printed tab-separated under a header line, NULL for null, then their count; an update prints "
            + "the rows affected and the generated keys."})
final class SqlCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "URL",
      description = "jdbc:seqproxy:… or jdbc:… (seqproxy: is added).")
  String url;

  @Parameters(index = "1", paramLabel = "STATEMENT", description = "The SQL statement.")
  String statement;

  @Option(names = "--config", paramLabel = "FILE",
      description = "The seqproxy YAML file. Default: as the driver finds it (seqproxy.config, SEQPROXY_CONFIG).")
  String config;

  @Option(names = "--user", paramLabel = "NAME", description = "The database user.")
  String user;

  @Option(names = "--password", paramLabel = "SECRET", description = "The database password.")
  String password;

  @Override
  public Integer call() throws Exception {
    if (!url.startsWith("jdbc:")) {
      throw new CommandFailure(Main.USAGE, "expected a JDBC URL such as jdbc:seqproxy:mysql://host/db, got '" + url + "'");
    }
    String proxied = url.startsWith("jdbc:seqproxy:") ? url : "jdbc:seqproxy:" + url.substring("jdbc:".length());
    Properties properties = new Properties();
    if (config != null) {
      ConfigLocation.of(config, "--config"); // a missing file is a usage error, reported before connecting
      properties.setProperty(ConfigLocation.PROPERTY, config);
    }
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Connection connection = DriverManager.getConnection(proxied, properties);
        Statement sql = connection.createStatement()) {
      boolean rows = sql.execute(statement, Statement.RETURN_GENERATED_KEYS);
      while (true) {
        if (rows) {
          try (ResultSet result = sql.getResultSet()) {
            int count = print(result, out);
            out.println("(" + count + (count == 1 ? " row)" : " rows)"));
          }
        } else {
          int updated = sql.getUpdateCount();
          if (updated < 0) {
            break;
          }
          printUpdate(sql, updated, out);
        }
        rows = sql.getMoreResults();
      }
    }
    return Main.OK;
  }

  private static void printUpdate(Statement sql, int updated, PrintWriter out) throws SQLException {
    try (ResultSet keys = sql.getGeneratedKeys()) {
      StringBuilder rows = new StringBuilder();
      int count = keys == null ? 0 : collect(keys, rows);
      out.print(updated + (updated == 1 ? " row" : " rows") + " affected");
      if (count > 0) {
        out.println("; generated keys:");
        out.print(rows);
      } else {
        out.println();
      }
    }
  }

  private static int print(ResultSet result, PrintWriter out) throws SQLException {
    StringBuilder rows = new StringBuilder();
    int count = collect(result, rows);
    out.print(rows);
    return count;
  }

  /** The header line and the rows; returns the number of rows. */
  private static int collect(ResultSet result, StringBuilder text) throws SQLException {
    ResultSetMetaData meta = result.getMetaData();
    int columns = meta.getColumnCount();
    StringBuilder header = new StringBuilder();
    for (int i = 1; i <= columns; i++) {
      header.append(i > 1 ? "\t" : "").append(meta.getColumnLabel(i));
    }
    int count = 0;
    StringBuilder body = new StringBuilder();
    while (result.next()) {
      count++;
      for (int i = 1; i <= columns; i++) {
        String value = result.getString(i);
        body.append(i > 1 ? "\t" : "").append(value == null ? "NULL" : value);
      }
      body.append('\n');
    }
    if (columns > 0) {
      text.append(header).append('\n').append(body);
    }
    return count;
  }
}
