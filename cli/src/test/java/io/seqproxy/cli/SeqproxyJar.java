package io.seqproxy.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the shaded jar as a user runs it: {@code java -jar target/seqproxy.jar …} in a process of
 * its own, in a given working directory, without a {@code SEQPROXY_CONFIG} from the environment.
 * Failsafe runs after {@code package}, so the jar is there; Failsafe passes its path.
 */
final class SeqproxyJar {
  private static final Path JAR = Path.of(System.getProperty("seqproxy.jar", "target/seqproxy.jar")).toAbsolutePath();
  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

  /** What the process printed, and its exit code. */
  record Result(int exit, String out, String err) {
    List<String> outLines() {
      return out.lines().toList();
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private SeqproxyJar() {}

  static Result run(String... args) {
    return runIn(Path.of(".").toAbsolutePath(), args);
  }

  static Result runIn(Path directory, String... args) {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR + " is missing: run mvn verify, which packages it before the *IT tests");
    }
    List<String> command = new ArrayList<>(List.of(JAVA.toString(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("seqproxy-out", ".txt");
      Path err = Files.createTempFile("seqproxy-err", ".txt");
      try {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("SEQPROXY_CONFIG");
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
          throw new AssertionError("seqproxy " + String.join(" ", args) + " did not finish within 120 s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Starts a long-running command (such as {@code keeper}) in {@code directory}, its stdout to {@code out}. */
  static Process start(Path directory, Path out, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(JAVA.toString(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().remove("SEQPROXY_CONFIG");
    return builder.start();
  }
}
