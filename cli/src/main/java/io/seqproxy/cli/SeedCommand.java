package io.seqproxy.cli;

import io.seqproxy.jdbc.config.ConfigContents;
import io.seqproxy.jdbc.config.ConfigContents.SequenceEntry;
import io.seqproxy.jdbc.config.SeqProxyConfig;
import io.seqproxy.sequence.range.RangeStore;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Moves a segment sequence above the largest value already in a column, as a migration from
 * AUTO_INCREMENT needs. The store only ever moves a mark up, so running this while applications
 * reserve ranges is safe.
 */
@Command(name = "seed", mixinStandardHelpOptions = true,
    description = {"Move a segment sequence above the largest value already in a column.",
        "Use it when a table moves from AUTO_INCREMENT to seqproxy.",
        "Refuses (exit code 1, nothing changed) when the mark is already higher: a sequence is never moved down."})
final class SeedCommand implements Callable<Integer> {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "SEQUENCE", description = "A segment sequence's name under sequences:.")
  String sequence;

  @Option(names = "--above", required = true, paramLabel = "TABLE.COLUMN",
      description = "The column whose largest value the sequence must pass, e.g. orders.id or shop.orders.id.")
  String above;

  @Mixin
  StoreOptions options;

  @Override
  public Integer call() throws Exception {
    String[] parts = above.split("\\.", -1);
    if (parts.length < 2 || parts.length > 3 || !java.util.Arrays.stream(parts).allMatch(p -> NAME.matcher(p).matches())) {
      throw new CommandFailure(Main.USAGE, "--above expects table.column or schema.table.column, got '" + above + "'");
    }
    String column = parts[parts.length - 1];
    String table = above.substring(0, above.length() - column.length() - 1);
    SeqProxyConfig loaded = options.config.load();
    SequenceEntry entry = ConfigOption.sequence(loaded, sequence);
    if (!entry.isSegment()) {
      throw new CommandFailure(Main.USAGE, "sequence '" + sequence + "' is a snowflake sequence: its IDs come from "
          + "the clock and cannot be seeded; name a segment sequence");
    }
    Long largest = largest(loaded, table, column);
    PrintWriter out = spec.commandLine().getOut();
    if (largest == null) {
      out.println(above + " is empty: nothing to pass, " + sequence + " unchanged");
      return Main.OK;
    }
    long target = largest + 1;
    try (StoreAccess stores = new StoreAccess(loaded, options.database)) {
      RangeStore ranges = stores.store(entry).ranges();
      OptionalLong before = ranges.highWater(sequence);
      if (before.isPresent() && before.getAsLong() > target) {
        throw new CommandFailure(Main.FAILED, sequence + "'s high-water mark " + before.getAsLong()
            + " is already above " + above + "'s largest value " + largest + "; a sequence is never moved down, "
            + "nothing changed");
      }
      if (before.isPresent() && before.getAsLong() == target) {
        out.println(sequence + " already starts at " + target + ", above " + above + "'s largest value " + largest);
        return Main.OK;
      }
      long after = ranges.raiseTo(sequence, target);
      out.println(sequence + ": high-water mark moved from "
          + (before.isPresent() ? Long.toString(before.getAsLong()) : "none") + " to " + after + ", above "
          + above + "'s largest value " + largest);
    }
    return Main.OK;
  }

  /** MAX(column), read from --url, or else from the jdbc store's database. */
  private Long largest(SeqProxyConfig loaded, String table, String column) throws Exception {
    Connection connection;
    if (options.database.url != null) {
      connection = options.database.connect();
    } else {
      Map<String, Object> settings = ConfigContents.storeSettings(loaded, "jdbc");
      if (settings.get("url") == null) {
        throw new CommandFailure(Main.USAGE, "no database to read " + above + " from: give --url jdbc:…");
      }
      Properties properties = new Properties();
      if (settings.get("username") != null) {
        properties.setProperty("user", settings.get("username").toString());
      }
      if (settings.get("password") != null) {
        properties.setProperty("password", settings.get("password").toString());
      }
      connection = DriverManager.getConnection(DatabaseOptions.realUrl(settings.get("url").toString()), properties);
    }
    try (connection; Statement statement = connection.createStatement();
        ResultSet max = statement.executeQuery("SELECT MAX(" + column + ") FROM " + table)) {
      max.next();
      long value = max.getLong(1);
      return max.wasNull() ? null : value;
    }
  }
}
