package io.seqproxy.zk;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's libfaketime, for tests that move a child JVM's real clock. Installed with {@code apt-get
 * install -y faketime} when missing (the machines run as root); when it still cannot be had, the test
 * fails under {@code CI=true} and is skipped loudly elsewhere.
 */
final class Faketime {

  private Faketime() {}

  static Path library() throws IOException, InterruptedException {
    Optional<Path> found = find();
    if (found.isEmpty()) {
      System.err.println("libfaketime is missing: running apt-get install -y faketime");
      Process install = new ProcessBuilder("apt-get", "install", "-y", "-q", "faketime")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!install.waitFor(300, TimeUnit.SECONDS)) {
        install.destroyForcibly();
      }
      found = find();
    }
    if (found.isEmpty()) {
      String message = "libfaketime is not installed and apt-get install -y faketime did not install it";
      if ("true".equals(System.getenv("CI"))) {
        fail(message);
      }
      System.err.println("SKIPPED: " + message);
      assumeTrue(false, message);
    }
    return found.get();
  }

  private static Optional<Path> find() throws IOException {
    Path lib = Path.of("/usr/lib");
    if (!Files.isDirectory(lib)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(lib)) {
      return dirs.map(d -> d.resolve("faketime/libfaketime.so.1")).filter(Files::isRegularFile).findFirst();
    }
  }
}
