package io.seqproxy.jdbc.config;

import io.seqproxy.jdbc.InsertSelect;
import io.seqproxy.jdbc.rewrite.ColumnMapping;
import io.seqproxy.sequence.snowflake.RegionBits;
import io.seqproxy.sequence.snowflake.SnowflakeLayout;
import io.seqproxy.sequence.spi.SequenceStoreProvider;
import io.seqproxy.sequence.spi.Settings;
import java.io.Reader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads the YAML of the design into a {@link SeqProxyConfig}. SnakeYAML only composes the file
 * into nodes (no object construction, so no arbitrary types); every value is interpreted here, on
 * the node, so that each problem is reported with its line and key path. Problems are collected
 * and thrown together.
 */
final class ConfigParser {
  static final String DEFAULT_STORE = "jdbc";
  private static final long DEFAULT_RANGE = 1000;
  private static final long DEFAULT_MAX_RANGE = 1_000_000;

  private static final List<String> TOP_KEYS = List.of("stores", "sequences", "tables", "insert-select");
  private static final List<String> SEGMENT_KEYS = List.of(
      "type", "store", "start", "range", "max-range", "max", "target-lifetime", "fetch-timeout", "increment");
  private static final List<String> SNOWFLAKE_KEYS = List.of(
      "type", "store", "epoch", "worker-id", "layout", "timestamp-bits", "worker-bits",
      "sequence-bits", "time-unit", "clock-tolerance", "spread", "region-bits", "region-id", "increment");
  private static final List<String> COLUMN_KEYS = List.of("sequence", "explicit", "existing-rows");
  /** Keys of a {@code stores:} entry that seqproxy reads itself; the rest are the store kind's settings. */
  private static final List<String> ENTRY_KEYS = List.of("type", "parent", "region", "block", "max-block",
      "block-lifetime");
  private static final java.util.regex.Pattern REGION_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private final Problems problems;
  private final EnvSubstitution env;
  private final Map<String, SequenceStoreProvider> providers;
  /** Each {@code stores:} entry's kind (the provider's name), filled by {@link #stores}. */
  private final Map<String, String> storeKinds = new LinkedHashMap<>();
  private final Map<String, RegionSpec> regions = new LinkedHashMap<>();

  ConfigParser(String source, EnvSubstitution env, Map<String, SequenceStoreProvider> providers) {
    this.problems = new Problems(source);
    this.env = env;
    this.providers = providers;
  }

  SeqProxyConfig parse(Reader reader) throws ConfigException {
    Node root = compose(reader);
    problems.throwIfAny();
    if (!(root instanceof MappingNode)) {
      problems.add(root, null, "expected a mapping with the keys " + String.join(", ", TOP_KEYS)
          + (root == null ? ", the file is empty" : ""));
      problems.throwIfAny();
    }
    Map<String, NodeTuple> top = entries((MappingNode) root, "");
    unknownKeys(top, TOP_KEYS, "");
    Map<String, Map<String, Object>> stores = stores(value(top, "stores"));
    Map<String, SequenceSpec> sequences = sequences(value(top, "sequences"));
    Map<String, List<ColumnMapping>> tables = tables(value(top, "tables"), sequences);
    int rowLimit = insertSelectRowLimit(value(top, "insert-select"));
    problems.throwIfAny();
    return new SeqProxyConfig(problems.source(), stores, storeKinds, regions, sequences,
        new ConfiguredTableMappings(tables), rowLimit);
  }

  // ---- insert-select:

  private int insertSelectRowLimit(Node node) {
    Map<String, NodeTuple> keys = mapping(node, "insert-select");
    unknownKeys(keys, List.of("row-limit"), "insert-select");
    Long limit = number(keys, "row-limit", "insert-select", 1, Integer.MAX_VALUE);
    return limit == null ? InsertSelect.DEFAULT_ROW_LIMIT : limit.intValue();
  }

  private Node compose(Reader reader) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowRecursiveKeys(false);
    options.setMaxAliasesForCollections(50);
    try {
      // The node tree only: the Yaml facade would also build a constructor, a representer and
      // dumper settings, which reading never uses (135 fewer classes to load on a cold start).
      return new Composer(new ParserImpl(new StreamReader(reader), options), new Resolver(), options).getSingleNode();
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      problems.add(mark == null ? 0 : mark.getLine() + 1, null, "malformed YAML: " + e.getProblem());
    } catch (YAMLException e) {
      problems.add(0, null, "malformed YAML: " + e.getMessage());
    }
    return null;
  }

  // ---- stores:

  private Map<String, Map<String, Object>> stores(Node node) {
    Map<String, Map<String, Object>> stores = new LinkedHashMap<>();
    Map<String, Map<String, NodeTuple>> entries = new LinkedHashMap<>();
    for (Map.Entry<String, NodeTuple> entry : mapping(node, "stores").entrySet()) {
      String name = entry.getKey();
      String path = "stores." + name;
      Map<String, NodeTuple> settings = mapping(entry.getValue().getValueNode(), path);
      String kind = text(settings, "type", path);
      SequenceStoreProvider provider = providers.get(kind != null ? kind : name);
      if (provider == null) {
        if (kind != null) {
          Node typeNode = settings.get("type").getValueNode();
          problems.add(typeNode, path + ".type", unknownStore(kind).replace("'" + kind + "'", shown(typeNode, kind)));
        } else {
          problems.add(entry.getValue().getKeyNode(), path, unknownStore(name)
              + (name.equals("zookeeper") ? "" : "; a store of another name says its kind with type: <kind>"));
        }
        continue;
      }
      TreeSet<String> known = new TreeSet<>(provider.settingKeys());
      known.addAll(ENTRY_KEYS);
      List<String> allowed = new ArrayList<>(known);
      unknownKeys(settings, allowed, path);
      Map<String, Object> values = new LinkedHashMap<>();
      settings.forEach((key, tuple) -> {
        if (ENTRY_KEYS.contains(key)) {
          return;
        }
        String value = scalar(tuple.getValueNode(), path + "." + key);
        if (value != null) {
          values.put(key, value);
        }
      });
      stores.put(name, values);
      storeKinds.put(name, provider.name());
      entries.put(name, settings);
    }
    entries.forEach((name, settings) -> region(name, settings, entries));
    return stores;
  }

  /** The region keys of one store entry: {@code parent} and what goes with it. */
  private void region(String name, Map<String, NodeTuple> settings, Map<String, Map<String, NodeTuple>> entries) {
    String path = "stores." + name;
    String parent = text(settings, "parent", path);
    if (parent == null) {
      for (String key : List.of("region", "block", "max-block", "block-lifetime")) {
        if (settings.containsKey(key)) {
          problems.add(settings.get(key).getKeyNode(), path + "." + key,
              "only a region's store has it: add parent: <the global store> to this store");
        }
      }
      return;
    }
    Node parentNode = settings.get("parent").getValueNode();
    if (parent.equals(name)) {
      problems.add(parentNode, path + ".parent", "expected another store, got this store itself");
      return;
    }
    if (!entries.containsKey(parent)) {
      problems.add(parentNode, path + ".parent", "expected a store defined under stores:, got " + shown(parentNode, parent)
          + (entries.isEmpty() ? "" : " (defined: " + String.join(", ", entries.keySet()) + ")"));
      return;
    }
    if (entries.get(parent).containsKey("parent")) {
      problems.add(parentNode, path + ".parent", "store '" + parent + "' has a parent itself; regions have two"
          + " levels: a region's store and one global store");
      return;
    }
    String region = text(settings, "region", path);
    if (region == null) {
      problems.add(settings.get("parent").getKeyNode(), path + ".region",
          "is required with parent: the name of this store's region, written into every block it holds");
      return;
    }
    if (!REGION_NAME.matcher(region).matches()) {
      problems.add(settings.get("region").getValueNode(), path + ".region",
          "expected 1 to 64 letters, digits, '_', '.' or '-', got " + shown(settings.get("region").getValueNode(), region));
      return;
    }
    Long block = number(settings, "block", path, 1, Long.MAX_VALUE);
    Long maxBlock = number(settings, "max-block", path, 1, Long.MAX_VALUE);
    long effectiveBlock = block != null ? block : RegionSpec.DEFAULT_BLOCK;
    if (maxBlock != null && maxBlock < effectiveBlock) {
      problems.add(settings.get("max-block").getValueNode(), path + ".max-block", "expected at least block ("
          + effectiveBlock + (block == null ? ", the default" : "") + "), got " + maxBlock);
    }
    Duration lifetime = duration(settings, "block-lifetime", path, false);
    regions.put(name, new RegionSpec(name, parent, region, effectiveBlock,
        maxBlock != null ? Math.max(maxBlock, effectiveBlock) : Math.max(RegionSpec.DEFAULT_MAX_BLOCK, effectiveBlock),
        lifetime != null ? lifetime : RegionSpec.DEFAULT_BLOCK_LIFETIME));
  }

  private String unknownStore(String name) {
    String message = "unknown store '" + name + "'; available: " + String.join(", ", new TreeSet<>(providers.keySet()));
    if (name.equals("zookeeper")) {
      message += " (zookeeper needs seqproxy-zk-store on the classpath)";
    }
    return message;
  }

  // ---- sequences:

  private Map<String, SequenceSpec> sequences(Node node) {
    Map<String, SequenceSpec> sequences = new LinkedHashMap<>();
    for (Map.Entry<String, NodeTuple> entry : mapping(node, "sequences").entrySet()) {
      String path = "sequences." + entry.getKey();
      Node body = entry.getValue().getValueNode();
      Map<String, NodeTuple> keys = mapping(body, path);
      String type = text(keys, "type", path);
      SequenceSpec spec;
      if (type == null || type.equals("segment")) {
        spec = segment(entry.getKey(), body, keys, path);
      } else if (type.equals("snowflake")) {
        spec = snowflake(entry.getKey(), body, keys, path);
      } else {
        problems.add(keys.get("type").getValueNode(), path + ".type",
            "expected segment or snowflake, got " + shown(keys.get("type").getValueNode(), type));
        continue;
      }
      sequences.put(entry.getKey(), spec);
    }
    return sequences;
  }

  private SequenceSpec segment(String name, Node body, Map<String, NodeTuple> keys, String path) {
    unknownKeys(keys, SEGMENT_KEYS, path);
    String store = store(keys, path);
    Long start = number(keys, "start", path, 1, Long.MAX_VALUE);
    Long range = number(keys, "range", path, 1, Long.MAX_VALUE);
    Long maxRange = number(keys, "max-range", path, 1, Long.MAX_VALUE);
    Long max = number(keys, "max", path, 1, Long.MAX_VALUE);
    long effectiveRange = range != null ? range : DEFAULT_RANGE;
    if (maxRange != null && maxRange < effectiveRange) {
      problems.add(keys.get("max-range").getValueNode(), path + ".max-range", "expected at least range ("
          + effectiveRange + (range == null ? ", the default" : "") + "), got " + maxRange);
    } else if (maxRange == null && effectiveRange > DEFAULT_MAX_RANGE) {
      maxRange = effectiveRange; // a range above the default max-range is its own ceiling
    }
    long effectiveStart = start != null ? start : 1;
    if (max != null && max < effectiveStart) {
      problems.add(keys.get("max").getValueNode(), path + ".max",
          "expected at least start (" + effectiveStart + "), got " + max);
    }
    Integer increment = increment(keys, path, effectiveRange, "which must fit in one range (range: " + effectiveRange
        + (range == null ? ", the default" : "") + "); raise range, or lower increment");
    return new SequenceSpec.Segment(name, store, line(body), start, range, maxRange, max,
        duration(keys, "target-lifetime", path, false), duration(keys, "fetch-timeout", path, true), increment);
  }

  private SequenceSpec snowflake(String name, Node body, Map<String, NodeTuple> keys, String path) {
    unknownKeys(keys, SNOWFLAKE_KEYS, path);
    String store = store(keys, path);
    SnowflakeLayout base = SnowflakeLayout.standard();
    String preset = text(keys, "layout", path);
    if ("javascript".equals(preset)) {
      base = SnowflakeLayout.javascript();
    } else if (preset != null && !preset.equals("standard")) {
      problems.add(keys.get("layout").getValueNode(), path + ".layout",
          "expected standard or javascript, got " + shown(keys.get("layout").getValueNode(), preset));
    }
    Long timestampBits = number(keys, "timestamp-bits", path, 1, 63);
    Long workerBits = number(keys, "worker-bits", path, 0, 62);
    Long sequenceBits = number(keys, "sequence-bits", path, 1, 62);
    Duration unit = duration(keys, "time-unit", path, false);
    if (unit != null && (unit.toNanos() % 1_000_000 != 0)) {
      problems.add(keys.get("time-unit").getValueNode(), path + ".time-unit",
          "expected a whole number of milliseconds, got " + shown(keys.get("time-unit").getValueNode(), unit.toString()));
      unit = null;
    }
    Long regionBits = number(keys, "region-bits", path, 1, 30);
    Long regionId = number(keys, "region-id", path, 0, Integer.MAX_VALUE);
    int workerBitsUsed = workerBits != null ? workerBits.intValue() : base.workerBits();
    RegionBits region = null;
    if (regionBits == null && regionId != null) {
      problems.add(keys.get("region-id").getKeyNode(), path + ".region-id",
          "only with region-bits: add region-bits: <bits> for the region ids of the layout");
    } else if (regionBits != null && regionId == null && !keys.containsKey("region-id")) {
      problems.add(keys.get("region-bits").getKeyNode(), path + ".region-id",
          "is required with region-bits: this region's id, from 0 to " + ((1L << regionBits) - 1));
    } else if (regionBits != null && regionId != null) {
      if (regionId > (1L << regionBits) - 1) {
        problems.add(keys.get("region-id").getValueNode(), path + ".region-id", "expected a number from 0 to "
            + ((1L << regionBits) - 1) + " (" + regionBits + " region bits), got " + shown(keys.get("region-id").getValueNode(), String.valueOf(regionId)));
      } else if (regionBits + workerBitsUsed > 30) {
        problems.add(keys.get("region-bits").getValueNode(), path + ".region-bits", "expected region-bits + "
            + "worker-bits of at most 30, got " + regionBits + " + " + workerBitsUsed);
      } else {
        region = new RegionBits(regionBits.intValue(), regionId.intValue(), workerBitsUsed);
      }
    }
    SnowflakeLayout layout = null;
    try {
      int timestamp = timestampBits != null ? timestampBits.intValue() : base.timestampBits();
      int counter = sequenceBits != null ? sequenceBits.intValue() : base.sequenceBits();
      long unitMillis = unit != null ? unit.toMillis() : base.unitMillis();
      layout = regionBits != null
          ? RegionBits.layout(timestamp, regionBits.intValue(), workerBitsUsed, counter, unitMillis)
          : SnowflakeLayout.of(timestamp, workerBitsUsed, counter, unitMillis);
    } catch (IllegalArgumentException e) {
      problems.add(body, path, e.getMessage());
    }
    Integer workerId = null;
    String worker = text(keys, "worker-id", path);
    int maxWorker = (1 << workerBitsUsed) - 1;
    if ("ordinal".equals(worker) && layout != null) {
      try {
        workerId = HostOrdinal.ordinal(HostOrdinal.hostName(env::variable), maxWorker, workerBitsUsed);
      } catch (IllegalArgumentException e) {
        problems.add(keys.get("worker-id").getValueNode(), path + ".worker-id", e.getMessage());
      }
    } else if (worker != null && !worker.equals("auto") && layout != null) {
      long max = maxWorker;
      try {
        long id = Long.parseLong(worker.replace("_", ""));
        if (id < 0 || id > max) {
          throw new NumberFormatException();
        }
        workerId = (int) id;
      } catch (NumberFormatException e) {
        problems.add(keys.get("worker-id").getValueNode(), path + ".worker-id", "expected auto, ordinal or a number from 0 to "
            + max + " (" + workerBitsUsed + " worker bits), got " + shown(keys.get("worker-id").getValueNode(), worker));
      }
    }
    Duration tolerance = duration(keys, "clock-tolerance", path, true);
    Long spread = layout == null ? null : number(keys, "spread", path, 0, layout.maxSequence());
    Integer increment = layout == null ? null : increment(keys, path,
        layout.maxSequence() + 1 - (spread == null ? 0 : spread),
        "which must be counters of one tick (" + (layout.maxSequence() + 1 - (spread == null ? 0 : spread))
            + " here); use a segment sequence, or allocationSize = 1 without increment");
    return new SequenceSpec.Snowflake(name, store, line(body), layout, epoch(keys, path), workerId,
        tolerance, spread == null ? null : spread.intValue(), region, increment);
  }

  /**
   * {@code increment}: each next-value answer reserves a block of 2 × increment − 1 consecutive
   * values, which must fit in {@code perBlock} (a range, a tick's counter); {@code advice} says
   * where and what to change.
   */
  private Integer increment(Map<String, NodeTuple> keys, String path, long perBlock, String advice) {
    Long increment = number(keys, "increment", path, 1, Integer.MAX_VALUE / 2);
    if (increment == null) {
      return null;
    }
    long block = 2 * increment - 1;
    if (block > perBlock) {
      problems.add(keys.get("increment").getValueNode(), path + ".increment", "expected at most "
          + (perBlock + 1) / 2 + ": each answer reserves 2 x increment - 1 = " + block + " consecutive values, "
          + advice);
      return null;
    }
    return increment.intValue();
  }

  private String store(Map<String, NodeTuple> keys, String path) {
    String store = text(keys, "store", path);
    if (store == null) {
      store = DEFAULT_STORE;
    } else if (!storeKinds.containsKey(store) && !providers.containsKey(store)) {
      Node node = keys.get("store").getValueNode();
      problems.add(node, path + ".store", unknownStore(store).replace("'" + store + "'", shown(node, store))
          + (storeKinds.isEmpty() ? "" : "; defined under stores: " + String.join(", ", storeKinds.keySet())));
    }
    if (providers.containsKey(store)) {
      storeKinds.putIfAbsent(store, store);
    }
    return store;
  }

  private Instant epoch(Map<String, NodeTuple> keys, String path) {
    String text = text(keys, "epoch", path);
    if (text == null) {
      return null;
    }
    Instant epoch;
    try {
      epoch = text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
          : OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      problems.add(keys.get("epoch").getValueNode(), path + ".epoch",
          "expected a UTC instant such as 2024-01-01T00:00:00Z, got " + shown(keys.get("epoch").getValueNode(), text));
      return null;
    }
    if (epoch.isAfter(Instant.now()) || epoch.isBefore(Instant.EPOCH)) {
      problems.add(keys.get("epoch").getValueNode(), path + ".epoch",
          "expected an instant between 1970-01-01T00:00:00Z and now, got " + shown(keys.get("epoch").getValueNode(), text));
      return null;
    }
    return epoch;
  }

  // ---- tables:

  private Map<String, List<ColumnMapping>> tables(Node node, Map<String, SequenceSpec> sequences) {
    Map<String, List<ColumnMapping>> tables = new LinkedHashMap<>();
    for (Map.Entry<String, NodeTuple> entry : mapping(node, "tables").entrySet()) {
      String path = "tables." + entry.getKey();
      String table = tableName(entry.getKey());
      if (table == null) {
        problems.add(entry.getValue().getKeyNode(), path, "expected a table name or schema.table");
        continue;
      }
      String tablePart = table.substring(table.indexOf('.') + 1);
      if (table.substring(0, table.indexOf('.') + 1).indexOf('*') >= 0) {
        problems.add(entry.getValue().getKeyNode(), path, "expected * only in the table name, not in the schema");
        continue;
      }
      if (tablePart.indexOf('*') >= 0 && ConfiguredTableMappings.longestLiteral(tablePart).length() < 2) {
        problems.add(entry.getValue().getKeyNode(), path, "expected a pattern with at least two characters that"
            + " are not *, such as orders_*; got '" + tablePart + "'");
        continue;
      }
      List<ColumnMapping> columns = new ArrayList<>();
      Map<String, NodeTuple> body = mapping(entry.getValue().getValueNode(), path);
      if (body.isEmpty()) {
        problems.add(entry.getValue().getValueNode(), path, "expected at least one column: sequence");
      }
      body.forEach((column, tuple) -> {
        ColumnMapping mapping = column(unquote(column), tuple.getValueNode(), path + "." + column, sequences);
        if (mapping != null) {
          columns.add(mapping);
        }
      });
      if (tables.putIfAbsent(table, List.copyOf(columns)) != null) {
        problems.add(entry.getValue().getKeyNode(), path, "the table " + table + " is mapped twice");
      }
    }
    return tables;
  }

  private ColumnMapping column(String column, Node value, String path, Map<String, SequenceSpec> sequences) {
    String sequence;
    String explicit = null;
    Node explicitNode = null;
    boolean skipExisting = true;
    Node sequenceNode = value;
    if (value instanceof MappingNode) {
      Map<String, NodeTuple> keys = entries((MappingNode) value, path);
      unknownKeys(keys, COLUMN_KEYS, path);
      sequence = text(keys, "sequence", path);
      explicit = text(keys, "explicit", path);
      if (explicit != null) {
        explicitNode = keys.get("explicit").getValueNode();
        if (!explicit.equals("advance") && !explicit.equals("keep") && !explicit.equals("reject")) {
          problems.add(explicitNode, path + ".explicit",
              "expected advance, keep or reject, got " + shown(explicitNode, explicit));
          explicit = null;
        }
      }
      String existing = text(keys, "existing-rows", path);
      if (existing != null && !existing.equals("skip") && !existing.equals("ignore")) {
        problems.add(keys.get("existing-rows").getValueNode(), path + ".existing-rows",
            "expected skip (issue above the table's MAX at the first write) or ignore, got "
                + shown(keys.get("existing-rows").getValueNode(), existing));
      }
      skipExisting = !"ignore".equals(existing);
      if (sequence == null) {
        problems.add(value, path + ".sequence", "is required: the sequence the column takes its values from");
        return null;
      }
      sequenceNode = keys.get("sequence").getValueNode();
    } else {
      sequence = scalar(value, path);
      if (sequence == null) {
        problems.add(value, path, "expected the name of a sequence, or {sequence: name, explicit: advance|keep|reject}");
        return null;
      }
    }
    if (!sequences.containsKey(sequence)) {
      problems.add(sequenceNode, path, "sequence " + shown(sequenceNode, sequence) + " is not defined under sequences:"
          + (sequences.isEmpty() ? "" : " (defined: " + String.join(", ", sequences.keySet()) + ")"));
      return null;
    }
    boolean snowflake = sequences.get(sequence) instanceof SequenceSpec.Snowflake;
    if (snowflake && "advance".equals(explicit)) {
      problems.add(explicitNode, path + ".explicit", "advance does not apply to sequence " + sequence
          + ", a Snowflake: its values come from the clock, not from a counter that could move past a"
          + " value; write keep (the default for Snowflake) or reject");
      return null;
    }
    ColumnMapping.Explicit policy = explicit != null ? ColumnMapping.Explicit.valueOf(explicit.toUpperCase(Locale.ROOT))
        : snowflake ? ColumnMapping.Explicit.KEEP : ColumnMapping.Explicit.ADVANCE;
    return new ColumnMapping(column, sequence, policy, skipExisting);
  }

  /** {@code orders}, {@code shop.orders}, each part optionally quoted; lower case; null if malformed. */
  private static String tableName(String key) {
    String[] parts = key.split("\\.", -1);
    if (parts.length > 2) {
      return null;
    }
    StringBuilder name = new StringBuilder();
    for (String part : parts) {
      String unquoted = unquote(part.trim());
      if (unquoted.isEmpty()) {
        return null;
      }
      name.append(name.length() == 0 ? "" : ".").append(unquoted.toLowerCase(Locale.ROOT));
    }
    return name.toString();
  }

  private static String unquote(String name) {
    if (name.length() >= 2) {
      char first = name.charAt(0);
      char last = name.charAt(name.length() - 1);
      if ((first == '"' && last == '"') || (first == '`' && last == '`') || (first == '[' && last == ']')) {
        return name.substring(1, name.length() - 1);
      }
    }
    return name;
  }

  // ---- typed reads of nodes, each reporting its own problems

  private Map<String, NodeTuple> mapping(Node node, String path) {
    if (node == null || isNull(node)) {
      return Map.of();
    }
    if (!(node instanceof MappingNode)) {
      problems.add(node, path, "expected a mapping (key: value lines indented below it)");
      return Map.of();
    }
    return entries((MappingNode) node, path);
  }

  private Map<String, NodeTuple> entries(MappingNode node, String path) {
    Map<String, NodeTuple> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : node.getValue()) {
      Node key = tuple.getKeyNode();
      if (!(key instanceof ScalarNode)) {
        problems.add(key, path, "expected a plain key");
        continue;
      }
      String name = ((ScalarNode) key).getValue();
      if (entries.putIfAbsent(name, tuple) != null) {
        problems.add(key, join(path, name), "duplicate key");
      }
    }
    return entries;
  }

  private void unknownKeys(Map<String, NodeTuple> entries, List<String> allowed, String path) {
    entries.forEach((key, tuple) -> {
      if (!allowed.contains(key)) {
        problems.add(tuple.getKeyNode(), join(path, key), "unknown key; expected one of " + String.join(", ", allowed));
      }
    });
  }

  private static Node value(Map<String, NodeTuple> entries, String key) {
    NodeTuple tuple = entries.get(key);
    return tuple == null ? null : tuple.getValueNode();
  }

  private String text(Map<String, NodeTuple> entries, String key, String path) {
    Node node = value(entries, key);
    return node == null ? null : scalar(node, path + "." + key);
  }

  /** The scalar's text with {@code ${ENV}} substituted; null for a YAML null or a problem. */
  private String scalar(Node node, String path) {
    if (isNull(node)) {
      return null;
    }
    if (!(node instanceof ScalarNode)) {
      problems.add(node, path, "expected a single value");
      return null;
    }
    try {
      return env.substitute(((ScalarNode) node).getValue()).trim();
    } catch (EnvSubstitution.MissingVariable e) {
      problems.add(node, path, e.getMessage());
      return null;
    }
  }

  /**
   * A value quoted for a message. A value that came from {@code ${ENV}} is shown as written in the
   * file, never as substituted: environment variables hold passwords as often as anything else.
   */
  private static String shown(Node node, String value) {
    String written = node instanceof ScalarNode scalar ? scalar.getValue().trim() : value;
    if (written.equals(value) || !written.contains("${")) {
      return "'" + value + "'";
    }
    return "'" + written + "' (its value from the environment is not shown)";
  }

  private Long number(Map<String, NodeTuple> entries, String key, String path, long min, long max) {
    String text = text(entries, key, path);
    if (text == null) {
      return null;
    }
    try {
      long value = Long.parseLong(text.replace("_", ""));
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below, with the range that was expected
    }
    problems.add(entries.get(key).getValueNode(), path + "." + key, "expected a whole number "
        + (max == Long.MAX_VALUE ? "of at least " + min : "from " + min + " to " + max) + ", got "
        + shown(entries.get(key).getValueNode(), text));
    return null;
  }

  private Duration duration(Map<String, NodeTuple> entries, String key, String path, boolean zeroAllowed) {
    String text = text(entries, key, path);
    if (text == null) {
      return null;
    }
    try {
      Duration duration = Settings.parseDuration(text);
      if (zeroAllowed || !duration.isZero()) {
        return duration;
      }
      problems.add(entries.get(key).getValueNode(), path + "." + key, "expected a positive duration, got "
          + shown(entries.get(key).getValueNode(), text));
    } catch (IllegalArgumentException e) {
      Node node = entries.get(key).getValueNode();
      problems.add(node, path + "." + key, e.getMessage().replace("'" + text + "'", shown(node, text)));
    }
    return null;
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
  }

  private static int line(Node node) {
    return node == null ? 0 : node.getStartMark().getLine() + 1;
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
