package io.seqproxy.cli;

import io.seqproxy.jdbc.config.ConfigContents;
import io.seqproxy.jdbc.config.ConfigContents.SequenceEntry;
import io.seqproxy.jdbc.Engine;
import io.seqproxy.jdbc.config.SeqProxyConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Draws values as an application would: the configuration's engine, built as the driver builds
 * it, so the values are unique among everything the applications draw. Closing the engine hands
 * an unused range tail back when nothing was reserved after it.
 */
@Command(name = "next", mixinStandardHelpOptions = true,
    description = "Draw values from a configured sequence, one per line.")
final class NextCommand implements Callable<Integer> {
  static final int MAX_COUNT = 1_000_000;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "SEQUENCE", description = "The sequence's name under sequences:.")
  String sequence;

  @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "1",
      description = "How many values (1 to 1,000,000; default 1).")
  int count;

  @Mixin
  StoreOptions options;

  @Override
  public Integer call() throws Exception {
    if (count < 1 || count > MAX_COUNT) {
      throw new CommandFailure(Main.USAGE, "-n must be between 1 and 1,000,000, got " + count);
    }
    SeqProxyConfig loaded = options.config.load();
    ConfigOption.sequence(loaded, sequence);
    // The engine opens every sequence's store, so each needs its database.
    for (SequenceEntry entry : ConfigContents.sequences(loaded)) {
      StoreAccess.requireDatabase(loaded, entry, options.database);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Engine engine = Engine.open(loaded, options.database.storeContext())) {
      long[] values = engine.sequence(sequence).next(count);
      StringBuilder text = new StringBuilder(values.length * 20);
      for (long value : values) {
        text.append(value).append('\n');
      }
      out.print(text);
      out.flush();
    }
    return Main.OK;
  }
}
