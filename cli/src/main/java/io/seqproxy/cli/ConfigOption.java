package io.seqproxy.cli;

import io.seqproxy.jdbc.config.ConfigContents;
import io.seqproxy.jdbc.config.ConfigContents.SequenceEntry;
import io.seqproxy.jdbc.config.ConfigException;
import io.seqproxy.jdbc.config.ConfigLocation;
import io.seqproxy.jdbc.config.SeqProxyConfig;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** {@code --config FILE}, found as the driver finds it when the option is not given. */
final class ConfigOption {
  @Option(names = "--config", paramLabel = "FILE",
      description = "The seqproxy YAML file: a path or classpath:name.yaml. Default: the system property "
          + "seqproxy.config, the environment variable SEQPROXY_CONFIG, or seqproxy.yaml on the class path.")
  String file;

  SeqProxyConfig load() throws ConfigException {
    ConfigLocation location = file != null
        ? ConfigLocation.of(file, "--config")
        : ConfigLocation.discover(new Properties()).orElseThrow(() -> new CommandFailure(Main.USAGE,
            "no configuration: give --config FILE or set the environment variable " + ConfigLocation.ENVIRONMENT));
    return location.load();
  }

  /** The sequence of that name, or a usage failure that lists the defined ones. */
  static SequenceEntry sequence(SeqProxyConfig config, String name) {
    List<SequenceEntry> entries = ConfigContents.sequences(config);
    return entries.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(() -> new CommandFailure(
        Main.USAGE, "no sequence '" + name + "' in " + config.source() + "; defined: "
            + (entries.isEmpty() ? "none" : entries.stream().map(SequenceEntry::name).collect(Collectors.joining(", ")))));
  }
}
