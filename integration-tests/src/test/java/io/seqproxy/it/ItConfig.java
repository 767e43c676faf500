package io.seqproxy.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A seqproxy configuration for one test class, made from a YAML template on the test class path.
 * The templates name tables as {@code {{book}}}; each test class fills in names of its own
 * ({@code TestDatabases.uniqueName}) so runs sharing a database server never meet, and writes the
 * file under {@code target/}. Each file gets an engine of its own in the JVM, so its memory-store
 * sequences start at the values the template writes down, whatever other classes ran before.
 */
final class ItConfig {
  private static final Path DIRECTORY = Path.of("target", "it-config");

  private ItConfig() {}

  /**
   * @param template a resource next to the tests, such as {@code hibernate.yaml}
   * @param tables the value of each {@code {{placeholder}}}
   * @return the written file, for the {@code seqproxy.config} connection property
   */
  static String write(String template, String fileName, Map<String, String> tables) {
    try (InputStream in = ItConfig.class.getResourceAsStream("/" + template)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + template);
      }
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (Map.Entry<String, String> entry : tables.entrySet()) {
        yaml = yaml.replace("{{" + entry.getKey() + "}}", entry.getValue());
      }
      if (yaml.contains("{{")) {
        throw new IllegalArgumentException(template + " has a placeholder without a value: " + yaml);
      }
      Files.createDirectories(DIRECTORY);
      Path file = DIRECTORY.resolve(fileName + ".yaml");
      Files.writeString(file, yaml);
      return file.toAbsolutePath().toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
