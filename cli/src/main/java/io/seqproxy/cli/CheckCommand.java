package io.seqproxy.cli;

import io.seqproxy.jdbc.config.ConfigContents;
import io.seqproxy.jdbc.config.ConfigContents.SequenceEntry;
import io.seqproxy.jdbc.config.ConfigLocation;
import io.seqproxy.jdbc.config.RegionSpec;
import io.seqproxy.jdbc.config.SeqProxyConfig;
import io.seqproxy.jdbc.rewrite.ColumnMapping;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Validates a configuration the way the driver does when a connection opens it, without opening
 * any store, and shows what it resolved to.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Validate a configuration and print what it maps, or every mistake with its line.",
        "Prints the sequences and the resolved table -> column -> sequence mapping; on mistakes, each on a line "
            + "of its own on stderr and exit code 2. Opens no store."})
final class CheckCommand implements Callable<Integer> {
  /** The engine's defaults for a segment sequence, shown where the file leaves them out. */
  static final long DEFAULT_START = 1;
  static final long DEFAULT_RANGE = 1_000;
  static final long DEFAULT_MAX_RANGE = 1_000_000;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "CONFIG", description = "The YAML file: a path or classpath:name.yaml.")
  String file;

  @Override
  public Integer call() throws Exception {
    ConfigLocation location = ConfigLocation.of(file, "the command line");
    SeqProxyConfig config = location.load();
    PrintWriter out = spec.commandLine().getOut();
    out.println(location.name() + " is valid");
    List<SequenceEntry> sequences = ConfigContents.sequences(config);
    out.println("sequences");
    Table table = new Table();
    for (SequenceEntry entry : sequences) {
      table.row("  " + entry.name(), entry.type(), "store " + entry.store(), settings(entry));
    }
    table.print(out);
    if (!config.regions().isEmpty()) {
      out.println("regions");
      table = new Table();
      for (RegionSpec region : config.regions().values()) {
        table.row("  " + region.store(), "region " + region.region(), "blocks from " + region.parent(),
            String.format("block %,d up to %,d, lifetime %s", region.block(), region.maxBlock(),
                region.blockLifetime()));
      }
      table.print(out);
    }
    printEndOfTime(sequences, out, spec.commandLine().getErr());
    out.println("tables");
    table = new Table();
    for (String name : tableKeys(location)) {
      int dot = name.indexOf('.');
      String schema = dot < 0 ? null : unquote(name.substring(0, dot));
      String tableName = unquote(name.substring(dot + 1));
      for (ColumnMapping column : config.tables().columnsFor(schema, tableName)) {
        table.row("  " + name + "." + column.column(), "-> " + column.sequence()
            + (column.rejectExplicit() ? " (explicit values rejected)" : ""));
      }
    }
    table.print(out);
    return Main.OK;
  }

  /**
   * When each Snowflake layout runs out, with a warning on stderr under ten years; for a segment
   * with a {@code max}, that its end depends on the rate, which a running process reports.
   */
  static void printEndOfTime(List<SequenceEntry> sequences, PrintWriter out, PrintWriter err) {
    Instant now = Instant.now();
    Table table = new Table();
    for (SequenceEntry entry : sequences) {
      if (!entry.isSegment()) {
        Instant epoch = epochOf(entry);
        table.row("  " + entry.name(), entry.layout().describeEndOfTime(epoch, now));
        if (entry.layout().endsSoon(epoch, now)) {
          err.println("seqproxy check: warning: sequence " + entry.name() + "'s layout "
              + entry.layout().describeEndOfTime(epoch, now));
        }
      } else if (entry.max() != null) {
        table.row("  " + entry.name(), String.format("reaches its max %,d at a rate only a running process"
            + " knows: see the metric seqproxy.range.max.time.left", entry.max()));
      }
    }
    if (!table.isEmpty()) {
      out.println("end of time");
      table.print(out);
    }
  }

  static Instant epochOf(SequenceEntry entry) {
    return entry.epoch() != null ? entry.epoch() : DecodeCommand.DEFAULT_EPOCH;
  }

  static String settings(SequenceEntry entry) {
    if (entry.isSegment()) {
      return String.format("start %,d, range %,d up to %,d", orDefault(entry.start(), DEFAULT_START),
          orDefault(entry.range(), DEFAULT_RANGE), orDefault(entry.maxRange(), DEFAULT_MAX_RANGE));
    }
    return DecodeCommand.describe(entry.layout()) + ", epoch "
        + (entry.epoch() != null ? entry.epoch() : DecodeCommand.DEFAULT_EPOCH) + ", worker-id "
        + (entry.workerId() != null ? entry.workerId() : "auto");
  }

  private static long orDefault(Long value, long fallback) {
    return value != null ? value : fallback;
  }

  /**
   * The keys of {@code tables:} as written, in file order. The driver has validated the file;
   * this reads it again only because its mappings do not keep the order or the spelling.
   */
  private static List<String> tableKeys(ConfigLocation location) throws IOException {
    try (InputStream in = location.file() != null ? Files.newInputStream(location.file())
        : location.resource().openStream()) {
      Object root = new Yaml(new LoaderOptions()).load(in);
      List<String> keys = new ArrayList<>();
      if (root instanceof Map<?, ?> top && top.get("tables") instanceof Map<?, ?> tables) {
        tables.keySet().forEach(key -> keys.add(String.valueOf(key)));
      }
      return keys;
    }
  }

  /** A name as the driver matches it: without its quotes ("…", `…` or […]). */
  private static String unquote(String name) {
    return name.trim().replaceFirst("^[\"`\\[](.*)[\"`\\]]$", "$1");
  }

}
