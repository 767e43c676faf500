package io.seqproxy.sequence.spi;

import java.util.Map;
import java.util.Set;

/**
 * Opens stores of one kind by name, found with {@link java.util.ServiceLoader} so that the
 * driver does not import, and its users need not carry, the libraries of stores they do not use.
 * The engine provides {@code memory} and {@code jdbc}; {@code seqproxy-zk-store} provides
 * {@code zookeeper}.
 */
public interface SequenceStoreProvider {

  /** The name used in the YAML: {@code store: <name>} and {@code stores: <name>: {...}}. */
  String name();

  /** The settings keys this store understands; any other key is a configuration error. */
  Set<String> settingKeys();

  /**
   * Opens the store. {@code settings} are the values under {@code stores: <name>:}, with
   * {@code ${ENV}} already substituted; {@code context} carries what the driver knows.
   *
   * @throws IllegalArgumentException naming the key and what was expected, for bad settings
   */
  SequenceStore open(Map<String, Object> settings, StoreContext context);
}
