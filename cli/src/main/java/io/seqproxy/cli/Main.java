package io.seqproxy.cli;

import io.seqproxy.jdbc.config.ConfigException;
import io.seqproxy.sequence.SequenceException;
import io.seqproxy.sequence.jdbc.JdbcUrls;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code seqproxy} command. Exit codes, which scripts may rely on: 0 done, 1 failed while
 * running (a database or store, a refusal such as moving a sequence down), 2 the command line or
 * the configuration is wrong. Errors go to stderr, one line each, saying what to change.
 */
@Command(name = "seqproxy", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Global sequences for JDBC: the demo and the operator's tools.",
    subcommands = {DemoCommand.class, DecodeCommand.class, NextCommand.class, InspectCommand.class,
        SeedCommand.class, CheckCommand.class, SqlCommand.class, KeeperCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "1:failed while running: a database or store, or a refusal",
        "2:wrong command line or configuration"},
    footer = {"", "Run 'seqproxy <command> --help' for a command's options."})
public final class Main implements Runnable {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  @Spec
  CommandSpec spec;

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new Main());
    // Every argument is what it says: picocli would read one that begins with @ as a file of
    // arguments, and an ID, a name or SQL beginning with @ then failed as an unreadable file.
    cli.setExpandAtFiles(false);
    // Every command's -V prints the version, not only the top one's (picocli's default is nothing).
    cli.getSubcommands().values().forEach(command -> command.getCommandSpec().versionProvider(new Version()));
    PrintWriter errors = new PrintWriter(err, true);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(errors);
    cli.setParameterExceptionHandler((e, arguments) -> {
      errors.println(usageMessage(e));
      return USAGE;
    });
    cli.setExecutionExceptionHandler((e, command, parsed) -> report(e, command, errors));
    int code = cli.execute(args);
    cli.getOut().flush();
    return code;
  }

  /** Without a command: the usage, on stderr, as for any other mistake on the command line. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new CommandFailure(USAGE, "name a command");
  }

  private static String usageMessage(CommandLine.ParameterException e) {
    CommandLine command = e.getCommandLine();
    String name = command.getCommandSpec().qualifiedName();
    if (e instanceof CommandLine.UnmatchedArgumentException u && command.getCommandSpec().parent() == null
        && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
      return "seqproxy: unknown command '" + u.getUnmatched().get(0)
          + "'; run 'seqproxy --help' for the list of commands";
    }
    String message = e.getMessage().replaceFirst("^Error: ", "");
    message = message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    return name + ": " + lowerFirst(message) + "; run '" + name + " --help'";
  }

  /**
   * Prints what went wrong. Every line passes {@link JdbcUrls#redact}: a driver's message may
   * quote the URL it was given, password and all.
   */
  private static int report(Exception e, CommandLine command, PrintWriter errors) {
    String prefix = command.getCommandSpec().parent() == null ? "seqproxy: " : "seqproxy " + command.getCommandName() + ": ";
    if (e instanceof CommandFailure f) {
      if (f.getMessage() != null) {
        errors.println(JdbcUrls.redact(prefix + f.getMessage()));
      }
      return f.exitCode();
    }
    if (e instanceof ConfigException c) {
      // Every mistake on its own line: file:line: key: what was expected.
      for (String error : c.errors()) {
        errors.println(JdbcUrls.redact(prefix + error));
      }
      return USAGE;
    }
    if (e instanceof SQLException || e instanceof SequenceException) {
      errors.println(JdbcUrls.redact(prefix + firstLine(e.getMessage())));
      return FAILED;
    }
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    errors.println(JdbcUrls.redact(prefix + "unexpected " + trace));
    return FAILED;
  }

  /** A driver's message on one line: H2, for one, adds the statement on lines of its own. */
  static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.replaceFirst("; SQL statement:$", "");
  }

  private static String lowerFirst(String text) {
    return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
  }

  /** The version from the jar's manifest. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"seqproxy " + (version == null ? "(development build)" : version)};
    }
  }
}
