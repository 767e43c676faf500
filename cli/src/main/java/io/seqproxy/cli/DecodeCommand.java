package io.seqproxy.cli;

import io.seqproxy.jdbc.config.ConfigContents.SequenceEntry;
import io.seqproxy.jdbc.config.SeqProxyConfig;
import io.seqproxy.sequence.snowflake.RegionBits;
import io.seqproxy.sequence.snowflake.SnowflakeLayout;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Takes a Snowflake ID apart. Reads the configuration only when asked to: decoding is offline. */
@Command(name = "decode", mixinStandardHelpOptions = true,
    description = {"Show a Snowflake ID's timestamp (UTC), region id (when the layout has region bits), worker id"
        + " and counter.",
        "Without --config: the default layout (41 timestamp bits of 1 ms, 10 worker bits, 12 counter bits) "
            + "and epoch 2024-01-01T00:00:00Z."})
final class DecodeCommand implements Callable<Integer> {
  static final Instant DEFAULT_EPOCH = Instant.parse("2024-01-01T00:00:00Z");

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "The ID, a positive 64-bit integer.")
  String id;

  @ArgGroup(exclusive = false)
  FromConfig fromConfig;

  static final class FromConfig {
    @Option(names = "--config", required = true, paramLabel = "FILE",
        description = "The seqproxy YAML file that defines the sequence.")
    String file;

    @Option(names = "--sequence", required = true, paramLabel = "NAME",
        description = "The snowflake sequence whose layout and epoch to use.")
    String sequence;
  }

  @Override
  public Integer call() throws Exception {
    long value = parse(id);
    SnowflakeLayout layout = SnowflakeLayout.standard();
    RegionBits region = null;
    Instant epoch = DEFAULT_EPOCH;
    if (fromConfig != null) {
      ConfigOption option = new ConfigOption();
      option.file = fromConfig.file;
      SeqProxyConfig config = option.load();
      SequenceEntry entry = ConfigOption.sequence(config, fromConfig.sequence);
      if (entry.isSegment()) {
        throw new CommandFailure(Main.USAGE, "sequence '" + entry.name() + "' is a segment sequence: its IDs are plain "
            + "numbers with nothing to decode; name a snowflake sequence");
      }
      layout = entry.layout();
      region = entry.region();
      epoch = entry.epoch() != null ? entry.epoch() : DEFAULT_EPOCH;
    }
    if (layout.totalBits() < 63 && (value >>> layout.totalBits()) != 0) {
      throw new CommandFailure(Main.USAGE, id + " does not fit the layout's " + layout.totalBits()
          + " bits: it is not an ID of this sequence");
    }
    SnowflakeLayout.Decoded decoded = layout.decode(value, epoch);
    PrintWriter out = spec.commandLine().getOut();
    out.println("timestamp  " + decoded.timestamp());
    if (region != null) {
      out.println("region     " + RegionBits.regionOf(decoded.workerId(), region.workerBits()));
      out.println("worker     " + RegionBits.workerOf(decoded.workerId(), region.workerBits()));
    } else {
      out.println("worker     " + decoded.workerId());
    }
    out.println("counter    " + decoded.sequence());
    out.println("layout     " + describe(layout, region) + ", epoch " + epoch);
    return Main.OK;
  }

  static String describe(SnowflakeLayout layout) {
    return describe(layout, null);
  }

  static String describe(SnowflakeLayout layout, RegionBits region) {
    String workers = region == null ? layout.workerBits() + " worker bits"
        : region.bits() + " region bits, " + region.workerBits() + " worker bits";
    return layout.timestampBits() + " timestamp bits of " + layout.unitMillis() + " ms, " + workers + ", "
        + layout.sequenceBits() + " counter bits";
  }

  private static long parse(String text) {
    try {
      long value = Long.parseLong(text.replace("_", ""));
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below, the same way as zero
    }
    throw new CommandFailure(Main.USAGE, "'" + text + "' is not an ID: expected a positive 64-bit integer");
  }
}
