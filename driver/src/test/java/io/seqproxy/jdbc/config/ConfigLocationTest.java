package io.seqproxy.jdbc.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLocationTest {
  @TempDir Path dir;

  private Path file(String name) throws Exception {
    return Files.writeString(dir.resolve(name), "sequences: {}\n");
  }

  /** A class loader that has seqproxy.yaml (and other.yaml) on its class path. */
  private ClassLoader withResource() throws Exception {
    Path root = Files.createDirectories(dir.resolve("cp"));
    Files.writeString(root.resolve("seqproxy.yaml"), "sequences: {}\n");
    Files.writeString(root.resolve("other.yaml"), "sequences: {}\n");
    return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
  }

  private Optional<ConfigLocation> discover(Properties info, Map<String, String> system, Map<String, String> env,
      ClassLoader loader) throws Exception {
    return ConfigLocation.discover(info, system::get, env::get, loader);
  }

  @Test
  void firstMatchWinsInTheDesignedOrder() throws Exception {
    Path a = file("a.yaml");
    Path b = file("b.yaml");
    Path c = file("c.yaml");
    Properties info = new Properties();
    info.setProperty("seqproxy.config", a.toString());
    ClassLoader loader = withResource();
    Map<String, String> system = Map.of("seqproxy.config", b.toString());
    Map<String, String> env = Map.of("SEQPROXY_CONFIG", c.toString());

    assertEquals("connection property seqproxy.config", discover(info, system, env, loader).get().origin());
    assertEquals(a.toRealPath().toString(), discover(info, system, env, loader).get().key());
    assertEquals(b.toRealPath().toString(), discover(new Properties(), system, env, loader).get().key());
    assertEquals(c.toRealPath().toString(), discover(new Properties(), Map.of(), env, loader).get().key());
    ConfigLocation resource = discover(new Properties(), Map.of(), Map.of(), loader).get();
    assertEquals("classpath:seqproxy.yaml", resource.name());
    assertTrue(resource.key().endsWith("cp/seqproxy.yaml"), resource.key());
    assertEquals(Optional.empty(), discover(new Properties(), Map.of(), Map.of(), new URLClassLoader(new URL[0], null)));
  }

  @Test
  void classpathPrefixNamesAResource() throws Exception {
    ConfigLocation location = discover(new Properties(), Map.of("seqproxy.config", "classpath:other.yaml"), Map.of(),
        withResource()).get();
    assertTrue(location.key().endsWith("cp/other.yaml"));
    assertEquals(0, location.load().sequenceNames().size());
  }

  @Test
  void sameFileByTwoPathsIsOneKey() throws Exception {
    Path a = file("a.yaml");
    Map<String, String> env = Map.of("SEQPROXY_CONFIG", dir.resolve(".").resolve("a.yaml").toString());
    assertEquals(a.toRealPath().toString(), discover(new Properties(), Map.of(), env, withResource()).get().key());
  }

  @Test
  void missingFileSaysWhereItWasNamed() {
    ConfigException e = assertThrows(ConfigException.class, () -> discover(new Properties(),
        Map.of("seqproxy.config", "nope.yaml"), Map.of(), withResource()));
    assertEquals("nope.yaml (from system property seqproxy.config): the file does not exist", e.errors().get(0));
    ConfigException r = assertThrows(ConfigException.class, () -> discover(new Properties(),
        Map.of(), Map.of("SEQPROXY_CONFIG", "classpath:nope.yaml"), withResource()));
    assertEquals("classpath:nope.yaml (from environment variable SEQPROXY_CONFIG): no such resource on the class path",
        r.errors().get(0));
  }
}
