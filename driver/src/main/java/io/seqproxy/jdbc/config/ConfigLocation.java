package io.seqproxy.jdbc.config;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Where a configuration file is, found as the design says, first match wins: the connection
 * property {@code seqproxy.config}, the system property {@code seqproxy.config}, the environment
 * variable {@code SEQPROXY_CONFIG}, the class path resource {@code seqproxy.yaml}. A value is a
 * file path or {@code classpath:name.yaml}.
 *
 * @param key identifies the file for sharing one engine per file: its canonical path, or the
 *     resource's URL
 * @param name the file as written, or {@code classpath:name.yaml}; error messages start with it
 * @param origin how it was found, e.g. {@code system property seqproxy.config}
 * @param file the file, or null for a class path resource
 * @param resource the class path resource, or null for a file
 */
public record ConfigLocation(String key, String name, String origin, Path file, URL resource) {

  /** The connection and system property naming the configuration. */
  public static final String PROPERTY = "seqproxy.config";
  /** The environment variable naming the configuration. */
  public static final String ENVIRONMENT = "SEQPROXY_CONFIG";
  /** The class path resource used when nothing names the configuration. */
  public static final String DEFAULT_RESOURCE = "seqproxy.yaml";

  private static final String CLASSPATH = "classpath:";

  /**
   * The configuration for a connection with properties {@code info}, or empty when none of the
   * four places names one.
   *
   * @throws ConfigException when a place names a file that does not exist
   */
  public static Optional<ConfigLocation> discover(Properties info) throws ConfigException {
    return discover(info, System::getProperty, System::getenv, contextLoader());
  }

  static Optional<ConfigLocation> discover(Properties info, Function<String, String> systemProperties,
      Function<String, String> environment, ClassLoader loader) throws ConfigException {
    String value = info == null ? null : info.getProperty(PROPERTY);
    if (present(value)) {
      return Optional.of(of(value, "connection property " + PROPERTY, loader));
    }
    value = systemProperties.apply(PROPERTY);
    if (present(value)) {
      return Optional.of(of(value, "system property " + PROPERTY, loader));
    }
    value = environment.apply(ENVIRONMENT);
    if (present(value)) {
      return Optional.of(of(value, "environment variable " + ENVIRONMENT, loader));
    }
    URL resource = loader.getResource(DEFAULT_RESOURCE);
    if (resource != null) {
      return Optional.of(new ConfigLocation(resource.toString(), CLASSPATH + DEFAULT_RESOURCE,
          "the class path", null, resource));
    }
    return Optional.empty();
  }

  /** A path or {@code classpath:name.yaml}; {@code origin} says where the value came from. */
  public static ConfigLocation of(String value, String origin) throws ConfigException {
    return of(value, origin, contextLoader());
  }

  private static ConfigLocation of(String value, String origin, ClassLoader loader) throws ConfigException {
    String location = value.trim();
    if (location.startsWith(CLASSPATH)) {
      String name = location.substring(CLASSPATH.length());
      name = name.startsWith("/") ? name.substring(1) : name;
      URL resource = loader.getResource(name);
      if (resource == null) {
        throw notFound(location, origin, "no such resource on the class path");
      }
      return new ConfigLocation(resource.toString(), location, origin, null, resource);
    }
    Path file = Path.of(location);
    if (!Files.isRegularFile(file)) {
      throw notFound(location, origin, "the file does not exist");
    }
    try {
      Path canonical = file.toRealPath();
      return new ConfigLocation(canonical.toString(), location, origin, canonical, null);
    } catch (IOException e) {
      throw notFound(location, origin, "cannot be read: " + e.getMessage());
    }
  }

  /** Reads and validates the file. */
  public SeqProxyConfig load() throws ConfigException {
    return file != null ? SeqProxyConfig.read(file, name) : SeqProxyConfig.read(resource, name);
  }

  /** The file and how it was found, for logs. */
  public String description() {
    return name + " (from " + origin + ")";
  }

  private static ConfigException notFound(String location, String origin, String why) {
    return new ConfigException(location, List.of(location + " (from " + origin + "): " + why));
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  private static ClassLoader contextLoader() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return loader != null ? loader : ConfigLocation.class.getClassLoader();
  }
}
