package io.seqproxy.jdbc.config;

import io.seqproxy.jdbc.rewrite.ColumnMapping;
import io.seqproxy.sequence.snowflake.RegionBits;
import io.seqproxy.sequence.snowflake.SnowflakeLayout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A read-only view of a parsed configuration for tools (the {@code seqproxy} command): each
 * sequence's settings as written and each store's settings. The driver itself reads
 * {@link SeqProxyConfig} directly.
 */
public final class ConfigContents {
  private ConfigContents() {}

  /**
   * One entry of {@code sequences:}. A null setting was not written and takes the engine's
   * default.
   *
   * @param type {@code segment} or {@code snowflake}
   * @param workerId a fixed worker id, or null for {@code auto}
   */
  public record SequenceEntry(String name, String type, String store, int line, Long start, Long range,
      Long maxRange, SnowflakeLayout layout, Instant epoch, Integer workerId, Long max, RegionBits region) {

    public boolean isSegment() {
      return type.equals("segment");
    }
  }

  /** The sequences in file order. */
  public static List<SequenceEntry> sequences(SeqProxyConfig config) {
    List<SequenceEntry> entries = new ArrayList<>();
    for (SequenceSpec spec : config.sequences().values()) {
      if (spec instanceof SequenceSpec.Segment s) {
        entries.add(new SequenceEntry(s.name(), "segment", s.store(), s.line(), s.start(), s.range(),
            s.maxRange(), null, null, null, s.max(), null));
      } else {
        SequenceSpec.Snowflake s = (SequenceSpec.Snowflake) spec;
        entries.add(new SequenceEntry(s.name(), "snowflake", s.store(), s.line(), null, null, null,
            s.layout(), s.epoch(), s.workerId(), null, s.region()));
      }
    }
    return entries;
  }

  /** A mapped column: its table as the file names it (lower case), and the mapping. */
  public record MappedColumn(String table, ColumnMapping mapping) {}

  /** Every mapped column, in file order. */
  public static List<MappedColumn> columns(SeqProxyConfig config) {
    List<MappedColumn> columns = new ArrayList<>();
    if (config.tables() instanceof ConfiguredTableMappings mappings) {
      mappings.inFileOrder().forEach((table, mapped) -> mapped.forEach(c -> columns.add(new MappedColumn(table, c))));
    }
    return columns;
  }

  /** The kind of the store of that name (the provider's name): its {@code type}, or its own name. */
  public static String storeKind(SeqProxyConfig config, String store) {
    return config.storeKind(store);
  }

  /** The settings under {@code stores: <name>:}, with {@code ${ENV}} substituted; empty if absent. */
  public static Map<String, Object> storeSettings(SeqProxyConfig config, String store) {
    return config.stores().getOrDefault(store, Map.of());
  }
}
