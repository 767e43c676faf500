package io.seqproxy.jdbc.schema;

import io.seqproxy.jdbc.rewrite.ColumnMapping;
import io.seqproxy.jdbc.rewrite.TableColumns;
import io.seqproxy.jdbc.rewrite.TableMappings;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import io.seqproxy.sequence.Sequence;
import io.seqproxy.sequence.range.RangeSequence;
import io.seqproxy.sequence.snowflake.SnowflakeSequence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mapped tables as the database describes them, for one engine and SQL dialect: read once
 * per table and catalog/schema, on the connection that first writes the table, and kept until
 * DDL on the table passes through the proxy ({@link #invalidate}). Only mapped tables are ever
 * read; the rewriter asks only about them, and only when it plans a statement, never per
 * execution.
 *
 * <p>Thread safety: lookups are lock-free; reading a table is serialised so that a table is read
 * once even when several connections first write it at the same time.
 */
public final class SchemaCatalog {
  private static final Logger log = LoggerFactory.getLogger(SchemaCatalog.class);

  private final TableMappings mappings;
  private final Function<String, Sequence> sequences;
  private final String source;
  private final boolean catalogQualifies;
  private final ConcurrentHashMap<String, Described> tables = new ConcurrentHashMap<>();
  private final AtomicLong reads = new AtomicLong();
  private final Object reading = new Object();

  /**
   * A table and what the rewriter needs of it, made once per read; {@code skipPending} until the
   * first statement that draws a value for it was planned ({@code existing-rows: skip}).
   */
  private static final class Described {
    final TableMetadata table;
    final TableColumns.Known known;
    final List<ColumnMapping> mapped;
    final Identifiers identifiers;
    volatile boolean skipPending = true;

    Described(TableMetadata table, TableColumns.Known known, List<ColumnMapping> mapped, Identifiers identifiers) {
      this.table = table;
      this.known = known;
      this.mapped = mapped;
      this.identifiers = identifiers;
    }
  }

  /**
   * @param mappings which columns of which tables are generated
   * @param sequences the engine's sequences by name, for {@code existing-rows: skip}
   * @param source where the mappings come from (the configuration file), for messages
   * @param catalogQualifies whether a table's qualifier is a catalog (MySQL, MariaDB) rather
   *     than a schema
   */
  public SchemaCatalog(TableMappings mappings, Function<String, Sequence> sequences, String source,
      boolean catalogQualifies) {
    this.mappings = mappings;
    this.sequences = sequences;
    this.source = source;
    this.catalogQualifies = catalogQualifies;
  }

  /** Whether a table's qualifier is a catalog (MySQL's database) rather than a schema. */
  public boolean catalogQualifies() {
    return catalogQualifies;
  }

  /** How many tables were read from the database's metadata since this catalog was made. */
  public long reads() {
    return reads.get();
  }

  /**
   * The mapped table {@code qualifier.table} for the rewriter, read on {@code real} the first
   * time; null when the table is not mapped.
   *
   * @param qualifier the catalog or schema as written, or the connection's current one
   * @throws SQLException naming the table, the column and the configuration when the table
   *     cannot be read or lacks a mapped column
   */
  public TableColumns.Known known(Connection real, String qualifier, String table) throws SQLException {
    Described described = described(real, qualifier, table);
    return described == null ? null : described.known;
  }

  /** The metadata of a mapped table, as {@link #known}; null when the table is not mapped. */
  public TableMetadata table(Connection real, String qualifier, String table) throws SQLException {
    Described described = described(real, qualifier, table);
    return described == null ? null : described.table;
  }

  private Described described(Connection real, String qualifier, String table) throws SQLException {
    String key = key(qualifier, table);
    Described described = tables.get(key);
    if (described != null) {
      return described;
    }
    List<ColumnMapping> mapped = mappings.columnsFor(qualifier, table);
    if (mapped.isEmpty()) {
      return null;
    }
    synchronized (reading) {
      described = tables.get(key);
      if (described == null) {
        described = read(real, qualifier, table, mapped);
        tables.put(key, described);
      }
      return described;
    }
  }

  /**
   * A statement that draws values for the mapped table {@code qualifier.table} was planned: the
   * first time since the table was read, its existing rows are skipped ({@code existing-rows:
   * skip}). Deferred from the read to here so that rows a seed script writes with ids of its own
   * before the application's first generated insert are skipped too.
   */
  public void drawing(Connection real, String qualifier, String table) throws SQLException {
    Described described = tables.get(key(qualifier, table));
    if (described == null || !described.skipPending) {
      return;
    }
    synchronized (reading) {
      if (described.skipPending) {
        skipExistingRows(real, described.table, described.mapped, described.identifiers);
        described.skipPending = false;
      }
    }
  }

  /**
   * Forgets every schema's table whose name contains {@code name} (DDL on it passed through the
   * proxy): a mapped name, or the literal part of a pattern ({@code orders_} of {@code orders_*}).
   */
  public void invalidate(String name) {
    String part = name.toLowerCase(Locale.ROOT);
    tables.keySet().removeIf(key -> key.substring(key.indexOf('\n') + 1).contains(part));
  }

  private static String key(String qualifier, String table) {
    return (qualifier == null ? "" : qualifier.toLowerCase(Locale.ROOT)) + "\n"
        + table.toLowerCase(Locale.ROOT);
  }

  private Described read(Connection real, String qualifier, String table, List<ColumnMapping> mapped)
      throws SQLException {
    String named = qualifier == null ? table : qualifier + "." + table;
    if (qualifier == null) {
      throw new SQLException("seqproxy cannot read the columns of table " + named + ", mapped in "
          + source + ": the connection has no current " + (catalogQualifies ? "database" : "schema")
          + "; name the table with its " + (catalogQualifies ? "database" : "schema") + " in the SQL");
    }
    TableMetadata found;
    DatabaseMetaData metaData;
    try {
      reads.incrementAndGet();
      found = MetadataReader.read(real, catalogQualifies, qualifier, table);
      metaData = real.getMetaData();
    } catch (SQLException | RuntimeException e) {
      throw new SQLException("seqproxy cannot read the columns of table " + named + ", mapped in "
          + source + ": " + e.getMessage(), "42S02", e);
    }
    if (found == null) {
      throw new SQLException("seqproxy cannot read the columns of table " + named + ", mapped in "
          + source + ": the database reports no such table" + (catalogQualifies ? " in database " : " in schema ")
          + qualifier + "; create it first, or correct the table under tables: in " + source, "42S02");
    }
    for (ColumnMapping column : mapped) {
      if (found.column(column.column()) == null) {
        throw new SQLException("table " + found.qualifiedName() + " has no column " + column.column()
            + ", which " + source + " maps to sequence " + column.sequence() + " (its columns: "
            + String.join(", ", found.columns().stream().map(ColumnInfo::name).toList())
            + "); correct the column under tables: in " + source, "42S22");
      }
    }
    for (ColumnMapping column : mapped) {
      checkWidth(found, found.column(column.column()), column);
    }
    log.info("seqproxy read the columns of table {}: {}", found.qualifiedName(), found.columns());
    Identifiers identifiers = Identifiers.of(metaData);
    return new Described(found, known(found, mapped, identifiers), mapped, identifiers);
  }

  /**
   * A Snowflake's values need 64 bits: a narrower integer column is refused before any write. A
   * segment sequence issues no more than a narrower column holds: its {@code max} defaults to the
   * column's largest value (the narrowest column wins), and a configured {@code max} above it is
   * refused.
   */
  private void checkWidth(TableMetadata table, ColumnInfo info, ColumnMapping column) throws SQLException {
    long columnMax = largestValue(info);
    if (columnMax == Long.MAX_VALUE) {
      return;
    }
    Sequence sequence = sequences.apply(column.sequence());
    if (sequence instanceof SnowflakeSequence) {
      throw new SQLException("column " + info.name() + " of table " + table.qualifiedName() + " is "
          + info.typeName() + ", too narrow for sequence " + column.sequence() + " (a Snowflake, whose"
          + " values need 64 bits): make the column BIGINT, or map it in " + source
          + " to a segment sequence", "22003");
    }
    if (sequence instanceof RangeSequence range) {
      if (range.maxConfigured() && range.max() > columnMax) {
        throw new SQLException("column " + info.name() + " of table " + table.qualifiedName() + " is "
            + info.typeName() + ", whose largest value is " + columnMax + ", but sequence " + column.sequence()
            + " may issue up to its max " + range.max() + ": set sequences." + column.sequence() + ".max to "
            + columnMax + " or less in " + source + " (or leave max out: it then defaults to the column's"
            + " largest value), or make the column BIGINT", "22003");
      }
      long before = range.max();
      if (range.limitMax(columnMax) < before) {
        log.info("seqproxy sequence {}: issues at most {}, the largest value of {}.{} ({})", column.sequence(),
            columnMax, table.qualifiedName(), info.name(), info.typeName());
      }
    }
  }

  /** The largest value an integer column holds; {@code Long.MAX_VALUE} for 64 bits or anything else. */
  static long largestValue(ColumnInfo info) {
    boolean unsigned = info.typeName() != null && info.typeName().toUpperCase(Locale.ROOT).contains("UNSIGNED");
    boolean medium = info.typeName() != null && info.typeName().toUpperCase(Locale.ROOT).startsWith("MEDIUMINT");
    return switch (info.jdbcType()) {
      case Types.TINYINT -> unsigned ? 255 : 127;
      case Types.SMALLINT -> unsigned ? 65_535 : 32_767;
      case Types.INTEGER -> medium ? (unsigned ? 16_777_215 : 8_388_607)
          : unsigned ? 4_294_967_295L : Integer.MAX_VALUE;
      default -> Long.MAX_VALUE;
    };
  }

  /**
   * {@code existing-rows: skip}: a range sequence issues only values above what the table's rows
   * already hold (one {@code MAX} per column, when the process first plans a statement that
   * draws for the table). The store's mark only moves up, so processes, tables sharing a sequence
   * and shards are safe.
   */
  private void skipExistingRows(Connection real, TableMetadata table, List<ColumnMapping> mapped,
      Identifiers identifiers) throws SQLException {
    String qualifier = table.schema() != null ? table.schema() : table.catalog();
    String from = (qualifier == null ? "" : identifiers.sqlName(qualifier) + ".")
        + identifiers.sqlName(table.name());
    for (ColumnMapping column : mapped) {
      if (!column.skipExisting() || !(sequences.apply(column.sequence()) instanceof RangeSequence range)) {
        continue;
      }
      String name = identifiers.sqlName(table.column(column.column()).name());
      try (Statement statement = real.createStatement();
          ResultSet rs = statement.executeQuery("SELECT MAX(" + name + ") FROM " + from)) {
        if (rs.next()) {
          long max = rs.getLong(1);
          if (!rs.wasNull() && max < Long.MAX_VALUE) {
            range.skipTo(max + 1);
            log.info("seqproxy sequence {}: issues above {}.{} = {}, the rows the table already holds",
                column.sequence(), table.qualifiedName(), column.column(), max);
          }
        }
      } catch (SQLException | RuntimeException e) {
        throw new SQLException("seqproxy cannot skip the values table " + table.qualifiedName()
            + " already holds in " + column.column() + " (existing-rows: skip in " + source + "): "
            + e.getMessage() + "; set existing-rows: ignore to write without it", e);
      }
    }
  }

  private static TableColumns.Known known(TableMetadata table, List<ColumnMapping> mapped,
      Identifiers identifiers) {
    List<String> columns = new ArrayList<>();
    List<String> sqlNames = new ArrayList<>();
    for (ColumnInfo column : table.columns()) {
      columns.add(column.name());
      sqlNames.add(identifiers.sqlName(column.name()));
    }
    boolean overriding = false;
    for (ColumnMapping column : mapped) {
      overriding |= table.identityAlways().contains(column.column().toLowerCase(Locale.ROOT));
    }
    return new TableColumns.Known(columns, sqlNames, overriding);
  }
}
