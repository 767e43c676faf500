package io.seqproxy.cli;

import java.io.PrintStream;

/** The {@code seqproxy} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    String command = args.length == 0 ? "help" : args[0];
    switch (command) {
      case "demo":
        return new Demo(out).run();
      case "help":
      case "--help":
      case "-h":
        out.println("usage: seqproxy <command>");
        out.println();
        out.println("commands:");
        out.println("  demo    draw IDs from both engines on an embedded H2 store and report what happened");
        return 0;
      default:
        err.println("seqproxy: unknown command '" + command + "'; run 'seqproxy --help' for the list");
        return 2;
    }
  }
}
