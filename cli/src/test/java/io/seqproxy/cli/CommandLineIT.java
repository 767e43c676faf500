package io.seqproxy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.cli.SeqproxyJar.Result;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CommandLineIT {

  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    Result result = SeqproxyJar.run("--help");
    assertEquals(0, result.exit(), result::toString);
    assertEquals("", result.err());
    List<String> lines = result.outLines();
    assertEquals("Usage: seqproxy [-hV] [COMMAND]", lines.get(0));
    for (String line : List.of(
        "  demo     Insert rows through jdbc:seqproxy: from several threads and report",
        "  decode   Show a Snowflake ID's timestamp (UTC), region id (when the layout",
        "  next     Draw values from a configured sequence, one per line.",
        "  inspect  Show the state in the configured stores: high-water marks, region",
        "  seed     Move a segment sequence above the largest value already in a column.",
        "  check    Validate a configuration and print what it maps, or every mistake",
        "  sql      Run a statement through the proxy and print its rows or generated",
        "  keeper   Keep a region's store supplied with blocks from its parent (global)",
        "  0   done",
        "  1   failed while running: a database or store, or a refusal",
        "  2   wrong command line or configuration")) {
      assertTrue(lines.contains(line), () -> "no line '" + line + "' in\n" + result.out());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"demo", "decode", "next", "inspect", "seed", "check", "sql"})
  void everyCommandHasHelp(String command) {
    Result result = SeqproxyJar.run(command, "--help");
    assertEquals(0, result.exit(), result::toString);
    assertTrue(result.out().startsWith("Usage: seqproxy " + command + " "), result::toString);
    assertEquals("", result.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"demo", "decode", "next", "inspect", "seed", "check", "sql", "keeper"})
  void everyCommandHasTheVersion(String command) {
    for (String flag : new String[] {"-V", "--version"}) {
      Result result = SeqproxyJar.run(command, flag);
      assertEquals(0, result.exit(), result::toString);
      assertEquals("seqproxy 0.1.0-SNAPSHOT\n", result.out(), result::toString);
      assertEquals("", result.err());
    }
  }

  @Test
  void versionComesFromTheJar() {
    Result result = SeqproxyJar.run("--version");
    assertEquals(0, result.exit(), result::toString);
    assertEquals("seqproxy 0.1.0-SNAPSHOT\n", result.out());
  }

  @Test
  void unknownCommandIsAUsageError() {
    Result result = SeqproxyJar.run("frobnicate");
    assertEquals(2, result.exit(), result::toString);
    assertEquals("", result.out());
    assertEquals("seqproxy: unknown command 'frobnicate'; run 'seqproxy --help' for the list of commands\n",
        result.err());
  }

  @Test
  void unknownOptionNamesTheCommand() {
    Result result = SeqproxyJar.run("decode", "--frob", "1");
    assertEquals(2, result.exit(), result::toString);
    assertEquals("seqproxy decode: unknown option: '--frob'; run 'seqproxy decode --help'\n", result.err());
  }

  @Test
  void noCommandPrintsTheUsageAndFails() {
    Result result = SeqproxyJar.run();
    assertEquals(2, result.exit(), result::toString);
    assertEquals("", result.out());
    assertTrue(result.err().startsWith("Usage: seqproxy [-hV] [COMMAND]\n"), result::toString);
    assertTrue(result.err().endsWith("\nseqproxy: name a command\n"), result::toString);
  }
}
