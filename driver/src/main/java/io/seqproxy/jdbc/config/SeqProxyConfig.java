package io.seqproxy.jdbc.config;

import io.seqproxy.jdbc.rewrite.TableMappings;
import io.seqproxy.sequence.spi.SequenceStoreProvider;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;

/**
 * A parsed and validated seqproxy YAML file: stores, sequences and table mappings. Immutable.
 * Building it opens nothing; {@code io.seqproxy.jdbc.Engine#open} does.
 */
public final class SeqProxyConfig {
  private final String source;
  private final Map<String, Map<String, Object>> stores;
  private final Map<String, String> storeKinds;
  private final Map<String, RegionSpec> regions;
  private final Map<String, SequenceSpec> sequences;
  private final TableMappings tables;
  private final int insertSelectRowLimit;

  SeqProxyConfig(String source, Map<String, Map<String, Object>> stores, Map<String, String> storeKinds,
      Map<String, RegionSpec> regions, Map<String, SequenceSpec> sequences, TableMappings tables,
      int insertSelectRowLimit) {
    this.insertSelectRowLimit = insertSelectRowLimit;
    this.source = source;
    this.stores = Collections.unmodifiableMap(new LinkedHashMap<>(stores));
    this.storeKinds = Map.copyOf(storeKinds);
    this.regions = Collections.unmodifiableMap(new LinkedHashMap<>(regions));
    this.sequences = Collections.unmodifiableMap(new LinkedHashMap<>(sequences));
    this.tables = tables;
  }

  /**
   * Parses YAML text.
   *
   * @param source what to call it in error messages, e.g. a file name
   * @throws ConfigException listing every problem
   */
  public static SeqProxyConfig parse(String yaml, String source) throws ConfigException {
    return parse(new StringReader(yaml), source, System::getenv);
  }

  /**
   * Loads a file path, or {@code classpath:name.yaml} from the context class loader.
   *
   * @throws ConfigException when it cannot be read, listing every problem otherwise
   */
  public static SeqProxyConfig load(String location) throws ConfigException {
    return ConfigLocation.of(location, "the location given").load();
  }

  static SeqProxyConfig parse(Reader reader, String source, Function<String, String> environment)
      throws ConfigException {
    return new ConfigParser(source, new EnvSubstitution(environment), providers()).parse(reader);
  }

  static SeqProxyConfig read(Path file, String source) throws ConfigException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(reader, source, System::getenv);
    } catch (NoSuchFileException e) {
      throw new ConfigException(source, List.of(source + ": the file does not exist"));
    } catch (IOException | UncheckedIOException e) {
      throw new ConfigException(source, List.of(source + ": cannot be read: " + e.getMessage()));
    }
  }

  static SeqProxyConfig read(URL resource, String source) throws ConfigException {
    try (Reader reader = new InputStreamReader(resource.openStream(), StandardCharsets.UTF_8)) {
      return parse(reader, source, System::getenv);
    } catch (IOException | UncheckedIOException e) {
      throw new ConfigException(source, List.of(source + ": cannot be read: " + e.getMessage()));
    }
  }

  /** The store providers on the class path, by name. */
  static Map<String, SequenceStoreProvider> providers() {
    Map<String, SequenceStoreProvider> providers = new LinkedHashMap<>();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    for (SequenceStoreProvider provider : ServiceLoader.load(SequenceStoreProvider.class,
        loader != null ? loader : SeqProxyConfig.class.getClassLoader())) {
      providers.putIfAbsent(provider.name(), provider);
    }
    // The engine's own stores, also when a context class loader does not see them.
    for (SequenceStoreProvider provider : ServiceLoader.load(SequenceStoreProvider.class,
        SequenceStoreProvider.class.getClassLoader())) {
      providers.putIfAbsent(provider.name(), provider);
    }
    return providers;
  }

  /** Where the configuration came from, as used in error messages. */
  public String source() {
    return source;
  }

  /** The {@code tables:} section. */
  public TableMappings tables() {
    return tables;
  }

  /** The most rows one INSERT ... SELECT that seqproxy runs may copy: {@code insert-select.row-limit}. */
  public int insertSelectRowLimit() {
    return insertSelectRowLimit;
  }

  /** The names of the {@code sequences:} entries, in file order. */
  public Set<String> sequenceNames() {
    return sequences.keySet();
  }

  Map<String, Map<String, Object>> stores() {
    return stores;
  }

  /** The kind of the named store ({@code jdbc}, {@code zookeeper}, {@code memory}): its {@code type}, or its name. */
  public String storeKind(String store) {
    return storeKinds.getOrDefault(store, store);
  }

  /** The stores that are a region's store, by name, in file order. */
  public Map<String, RegionSpec> regions() {
    return regions;
  }

  Map<String, SequenceSpec> sequences() {
    return sequences;
  }

  /** The {@code increment:} of each sequence that sets one, by name. */
  public Map<String, Integer> increments() {
    Map<String, Integer> increments = new java.util.LinkedHashMap<>();
    sequences.forEach((name, spec) -> {
      if (spec.increment() != null) {
        increments.put(name, spec.increment());
      }
    });
    return increments;
  }

  @Override
  public String toString() {
    // Store settings may hold secrets: only names are shown.
    return "SeqProxyConfig[" + source + ", stores=" + stores.keySet() + ", sequences="
        + sequences.keySet() + ", tables=" + tables.tableNames() + "]";
  }
}
