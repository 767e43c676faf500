package io.seqproxy.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Insert rows through jdbc:seqproxy: from several threads and report what happened.",
        "Two tables, one per engine; prepared single rows, batches and multi-row VALUES, as applications send them.",
        "With nothing installed it uses an embedded H2 database; --url uses a real one "
            + "(tables seqproxy_demo_orders and seqproxy_demo_events are dropped and created there)."})
final class DemoCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--rows", paramLabel = "N", defaultValue = "100000",
      description = "Rows to insert into each table (default 100,000).")
  int rows;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "4",
      description = "Inserting threads, each with its own connection (default 4).")
  int threads;

  @Option(names = "--zookeeper",
      description = "Keep ranges and worker leases in an embedded ZooKeeper server instead of the database.")
  boolean zookeeper;

  @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "A progress bar on stderr when it is a terminal (default on).")
  boolean progress;

  @Mixin
  DatabaseOptions database;

  @Override
  public Integer call() throws Exception {
    if (rows < 1 || threads < 1 || threads > 64) {
      throw new CommandFailure(Main.USAGE, "--rows must be at least 1 and --threads from 1 to 64");
    }
    PrintWriter out = spec.commandLine().getOut();
    return new Demo(rows, threads, database, zookeeper, progress && System.console() != null).run(out);
  }
}
