package io.seqproxy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hostile IDs and layouts for {@code seqproxy decode}. The committed inputs
 * ({@code src/test/resources/io/seqproxy/cli/DecodeFuzzTestInputs/}) run as plain tests; {@code
 * JAZZER_FUZZ=1} fuzzes from them. Each input is an ID as typed (any text) and, for most inputs, a
 * configuration whose snowflake sequence has fuzzed bit widths, time unit and epoch. On every input
 * the command exits 0 or 2, never with an unexpected exception, and a decoded ID put together again
 * from the printed timestamp, worker and counter under the printed layout is the ID.
 */
class DecodeFuzzTest {

  private static final String[] UNITS = {"1ms", "2ms", "10ms", "1s", "1m", "1h", "1d", "365d", "0ms", "1ns", "-1ms"};
  private static final String[] EPOCHS = {"2024-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "2262-04-11T23:47:16Z",
      "-1000000000-01-01T00:00:00Z", "+1000000000-12-31T23:59:59Z", "9999-12-31T23:59:59.999Z", "2024-01-01"};
  private static final Pattern LAYOUT = Pattern.compile(
      "layout     (\\d+) timestamp bits of (\\d+) ms, (\\d+) worker bits, (\\d+) counter bits, epoch (\\S+)\n");

  private static final Path CONFIG = config();

  @FuzzTest
  void decodesAnyIdUnderAnyLayout(FuzzedDataProvider data) throws IOException {
    boolean configured = data.consumeBoolean();
    String yaml = "sequences:\n  s:\n    type: snowflake\n    worker-id: 1\n"
        + "    timestamp-bits: " + data.consumeInt(0, 64) + "\n"
        + "    worker-bits: " + data.consumeInt(-1, 63) + "\n"
        + "    sequence-bits: " + data.consumeInt(0, 63) + "\n"
        + "    time-unit: " + data.pickValue(UNITS) + "\n"
        + "    epoch: " + data.pickValue(EPOCHS) + "\n";
    String id = data.consumeRemainingAsString();
    String[] args = configured
        ? new String[] {"decode", id, "--config", CONFIG.toString(), "--sequence", "s"}
        : new String[] {"decode", id};
    if (configured) {
      Files.writeString(CONFIG, yaml, StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String printed = out.toString(StandardCharsets.UTF_8);
    String errors = err.toString(StandardCharsets.UTF_8);
    String where = "decode '" + id + "'" + (configured ? " under\n" + yaml : "") + "\nout: " + printed + "\nerr: " + errors;
    // The command's mark of an internal error; the ID it quotes back may hold any word.
    assertFalse(errors.replace(id, "").contains("unexpected"), where);
    assertTrue(exit == Main.OK || exit == Main.USAGE, () -> "exit " + exit + ": " + where);
    if (exit == Main.USAGE) {
      assertTrue(errors.startsWith("seqproxy decode: ") || errors.startsWith("seqproxy: "), where);
      assertEquals("", printed, where);
      return;
    }
    assertEquals("", errors, where);
    if (id.startsWith("-") && (printed.startsWith("Usage: seqproxy decode [-hV]")
        || printed.strip().equals(new Main.Version().getVersion()[0]))) {
      // An "ID" that picocli reads as the command's standard options (-h, --help, -V, --version,
      // clustered as in -hV or -h-), as on any command: the help, or the version.
      return;
    }
    assertRecomposes(Long.parseLong(id.replace("_", "")), printed, where);
  }

  /** The printed parts, put together under the printed layout, are the ID. */
  private static void assertRecomposes(long id, String printed, String where) {
    Matcher layout = LAYOUT.matcher(printed);
    assertTrue(layout.find(), where);
    long unitMillis = Long.parseLong(layout.group(2));
    int workerBits = Integer.parseInt(layout.group(3));
    int counterBits = Integer.parseInt(layout.group(4));
    Instant epoch = Instant.parse(layout.group(5));
    Instant timestamp = Instant.parse(field(printed, "timestamp", where));
    long worker = Long.parseLong(field(printed, "worker", where));
    long counter = Long.parseLong(field(printed, "counter", where));
    long millis = Duration.between(epoch, timestamp).toMillis();
    assertEquals(0, millis % unitMillis, where);
    long recomposed = ((millis / unitMillis) << (workerBits + counterBits)) | (worker << counterBits) | counter;
    assertEquals(id, recomposed, where);
  }

  private static String field(String printed, String name, String where) {
    Matcher line = Pattern.compile("(?m)^" + name + " +(\\S+)$").matcher(printed);
    assertTrue(line.find(), where);
    return line.group(1);
  }

  private static Path config() {
    try {
      Path dir = Files.createTempDirectory("decode-fuzz");
      dir.toFile().deleteOnExit();
      Path file = dir.resolve("seqproxy.yaml");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
