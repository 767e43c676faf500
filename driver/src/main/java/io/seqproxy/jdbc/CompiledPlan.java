package io.seqproxy.jdbc;

import io.seqproxy.jdbc.config.Engine;
import io.seqproxy.jdbc.rewrite.RewritePlan;
import io.seqproxy.sequence.Sequence;
import io.seqproxy.sequence.SequenceException;
import io.seqproxy.sequence.SequenceUnavailableException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link RewritePlan} made ready to execute, once per SQL string: slots resolved to sequences
 * and parameter indexes, so that an execution only reads arrays. Immutable and shared by every
 * statement of every connection that runs the same SQL.
 *
 * <p>The generated slots ("gen" below) are the GENERATED and GENERATED_IF_NULL slots in text
 * order. An execution draws the values of each sequence in one {@code next(count)} call and hands
 * them out in text order, which is row order, so one statement's IDs ascend with its rows.
 */
final class CompiledPlan {
  /** Binding state of an application parameter in a generated column. */
  static final byte UNSET = 0;
  static final byte NULL = 1;
  static final byte VALUE = 2;
  /** A key cell with no known value: the application wrote an expression, or another table's row. */
  static final long UNKNOWN = Long.MIN_VALUE;

  final RewritePlan plan;
  final String preparedSql;
  final int appParameterCount;
  /** The real statement's parameter index of each application parameter; [0] unused. */
  final int[] realIndex;
  /** For each application parameter, its gen slot when it sits in a generated column, else -1. */
  final int[] genOfAppParameter;
  final boolean hasIfNull;

  final int genCount;
  final int[] genRealIndex;
  final boolean[] genIfNull;
  final int[] genAppParameter;
  final boolean[] genReject;
  final String[] genColumn;
  /** Index into a keys row block: {@code row * columns + column}; -1 when not reported. */
  final int[] genKeyCell;

  final Sequence[] sequences;
  /** The gen slots of each sequence, in text order. */
  final int[][] genOfSequence;

  final String[] columns;
  final int rowCount;
  /** The keys every execution starts from: explicit literals in place, UNKNOWN elsewhere. */
  final long[] keyTemplate;

  CompiledPlan(RewritePlan plan, Engine engine) throws SQLException {
    this.plan = plan;
    this.preparedSql = plan.preparedSql();
    this.appParameterCount = plan.appParameterCount();
    this.columns = plan.generatedColumns().toArray(new String[0]);
    this.rowCount = plan.rowCount();
    this.realIndex = new int[appParameterCount + 1];
    this.genOfAppParameter = new int[appParameterCount + 1];
    java.util.Arrays.fill(genOfAppParameter, -1);

    List<RewritePlan.Slot> slots = plan.slots();
    List<Integer> gens = new ArrayList<>();
    for (int i = 0; i < slots.size(); i++) {
      RewritePlan.Slot slot = slots.get(i);
      if (slot.kind() != RewritePlan.Kind.GENERATED) {
        realIndex[slot.appParameter()] = i + 1;
      }
      if (slot.kind() != RewritePlan.Kind.PARAMETER) {
        gens.add(i);
      }
    }
    genCount = gens.size();
    genRealIndex = new int[genCount];
    genIfNull = new boolean[genCount];
    genAppParameter = new int[genCount];
    genReject = new boolean[genCount];
    genColumn = new String[genCount];
    genKeyCell = new int[genCount];
    Map<String, List<Integer>> bySequence = new LinkedHashMap<>();
    boolean ifNull = false;
    for (int g = 0; g < genCount; g++) {
      int i = gens.get(g);
      RewritePlan.Slot slot = slots.get(i);
      genRealIndex[g] = i + 1;
      genIfNull[g] = slot.kind() == RewritePlan.Kind.GENERATED_IF_NULL;
      genAppParameter[g] = slot.appParameter();
      genReject[g] = slot.rejectExplicit();
      genColumn[g] = slot.column();
      genKeyCell[g] = keyCell(slot.row(), slot.column());
      if (genIfNull[g]) {
        genOfAppParameter[slot.appParameter()] = g;
        ifNull = true;
      }
      bySequence.computeIfAbsent(slot.sequence(), s -> new ArrayList<>()).add(g);
    }
    hasIfNull = ifNull;
    sequences = new Sequence[bySequence.size()];
    genOfSequence = new int[bySequence.size()][];
    int s = 0;
    for (Map.Entry<String, List<Integer>> entry : bySequence.entrySet()) {
      sequences[s] = engine.sequence(entry.getKey());
      if (sequences[s] == null) {
        throw new SQLException("sequence " + entry.getKey() + " is not configured in " + engine.source()
            + ", but the statement's plan uses it: " + plan.originalSql());
      }
      genOfSequence[s++] = entry.getValue().stream().mapToInt(Integer::intValue).toArray();
    }
    keyTemplate = keyTemplate(plan);
  }

  /**
   * The same plan for another SQL string of the same shape (it differs only in literals, see
   * {@link io.seqproxy.jdbc.rewrite.InsertRewriter}): everything is shared but the text and the
   * explicit keys, so a plain Statement with inlined values is not compiled again.
   */
  CompiledPlan withText(RewritePlan other) {
    return new CompiledPlan(this, other);
  }

  private CompiledPlan(CompiledPlan shape, RewritePlan plan) {
    this.plan = plan;
    this.preparedSql = plan.preparedSql();
    this.appParameterCount = shape.appParameterCount;
    this.columns = shape.columns;
    this.rowCount = shape.rowCount;
    this.realIndex = shape.realIndex;
    this.genOfAppParameter = shape.genOfAppParameter;
    this.hasIfNull = shape.hasIfNull;
    this.genCount = shape.genCount;
    this.genRealIndex = shape.genRealIndex;
    this.genIfNull = shape.genIfNull;
    this.genAppParameter = shape.genAppParameter;
    this.genReject = shape.genReject;
    this.genColumn = shape.genColumn;
    this.genKeyCell = shape.genKeyCell;
    this.sequences = shape.sequences;
    this.genOfSequence = shape.genOfSequence;
    this.keyTemplate = plan.explicitKeys().isEmpty() ? shape.keyTemplate : keyTemplate(plan);
  }

  private long[] keyTemplate(RewritePlan plan) {
    long[] template = new long[rowCount * columns.length];
    java.util.Arrays.fill(template, UNKNOWN);
    for (RewritePlan.ExplicitKey key : plan.explicitKeys()) {
      int cell = keyCell(key.row(), key.column());
      if (cell >= 0 && key.value() != null) {
        template[cell] = key.value();
      }
    }
    return template;
  }

  private int keyCell(int row, String column) {
    for (int c = 0; c < columns.length; c++) {
      if (columns[c].equalsIgnoreCase(column)) {
        return row < 0 || row >= rowCount ? -1 : row * columns.length + c;
      }
    }
    return -1;
  }

  /** The number of the generated column {@code name} (any case), or -1. */
  int column(String name) {
    String unquoted = name.length() > 1 && (name.charAt(0) == '"' || name.charAt(0) == '`')
        ? name.substring(1, name.length() - 1) : name;
    for (int c = 0; c < columns.length; c++) {
      if (columns[c].equalsIgnoreCase(unquoted)) {
        return c;
      }
    }
    return -1;
  }

  /**
   * Draws the generated values of one execution into {@code values} (one per gen slot). A slot
   * whose application parameter was bound to a value keeps it: its entry is that value when it
   * is a number, UNKNOWN otherwise.
   *
   * @param state binding state per application parameter (null for a plain Statement: no parameters)
   * @param bound bound values per application parameter, for the keys
   */
  void draw(long[] values, byte[] state, Object[] bound) throws SQLException {
    if (hasIfNull && state != null) {
      checkBindings(state);
    }
    for (int s = 0; s < sequences.length; s++) {
      int[] gens = genOfSequence[s];
      int count = 0;
      for (int g : gens) {
        if (generates(g, state)) {
          count++;
        } else {
          values[g] = asKey(bound[genAppParameter[g]]);
        }
      }
      if (count == 0) {
        continue;
      }
      if (count == 1) {
        long value = next(sequences[s]);
        for (int g : gens) {
          if (generates(g, state)) {
            values[g] = value;
          }
        }
      } else {
        long[] drawn = next(sequences[s], count);
        int k = 0;
        for (int g : gens) {
          if (generates(g, state)) {
            values[g] = drawn[k++];
          }
        }
      }
    }
  }

  /** Whether gen slot {@code g} takes a value from its sequence in this execution. */
  boolean generates(int g, byte[] state) {
    return !genIfNull[g] || state == null || state[genAppParameter[g]] == NULL;
  }

  private void checkBindings(byte[] state) throws SQLException {
    for (int g = 0; g < genCount; g++) {
      if (!genIfNull[g]) {
        continue;
      }
      int parameter = genAppParameter[g];
      if (state[parameter] == UNSET) {
        throw new SQLException("No value specified for parameter " + parameter, "07001");
      }
      if (state[parameter] == VALUE && genReject[g]) {
        throw new SQLException("parameter " + parameter + " sets column " + genColumn[g]
            + ", which takes its values from sequence " + sequences[sequenceOf(g)].name()
            + " (explicit: reject); bind null or leave the column out", "23000");
      }
    }
  }

  private int sequenceOf(int g) {
    for (int s = 0; s < genOfSequence.length; s++) {
      for (int x : genOfSequence[s]) {
        if (x == g) {
          return s;
        }
      }
    }
    return -1;
  }

  /** Writes one execution's keys (rowCount rows of columns) into {@code keys} at {@code offset}. */
  void keys(long[] values, long[] keys, int offset) {
    System.arraycopy(keyTemplate, 0, keys, offset, keyTemplate.length);
    for (int g = 0; g < genCount; g++) {
      if (genKeyCell[g] >= 0) {
        keys[offset + genKeyCell[g]] = values[g];
      }
    }
  }

  /** The statement for a plain Statement: the fragments with the drawn values as literals. */
  String render(long[] values) {
    List<String> fragments = plan.fragments();
    List<RewritePlan.Slot> slots = plan.slots();
    StringBuilder sql = new StringBuilder(plan.originalSql().length() + 20 * slots.size());
    int g = 0;
    for (int i = 0; i < slots.size(); i++) {
      sql.append(fragments.get(i));
      if (slots.get(i).kind() == RewritePlan.Kind.PARAMETER) {
        sql.append('?');
      } else {
        sql.append(values[g++]);
      }
    }
    return sql.append(fragments.get(slots.size())).toString();
  }

  private static long asKey(Object value) {
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    try {
      if (value instanceof BigDecimal || value instanceof BigInteger) {
        return new BigDecimal(value.toString()).longValueExact();
      }
      if (value instanceof String text) {
        return Long.parseLong(text.trim());
      }
    } catch (ArithmeticException | NumberFormatException e) {
      return UNKNOWN;
    }
    return UNKNOWN;
  }

  private static long next(Sequence sequence) throws SQLException {
    try {
      return sequence.next();
    } catch (SequenceException e) {
      throw sqlException(sequence, e);
    }
  }

  private static long[] next(Sequence sequence, int count) throws SQLException {
    try {
      return sequence.next(count);
    } catch (SequenceException e) {
      throw sqlException(sequence, e);
    }
  }

  /** Unavailable stores are transient (the application may retry); anything else is not. */
  static SQLException sqlException(Sequence sequence, SequenceException e) {
    String message = "sequence " + sequence.name() + ": " + e.getMessage();
    return e instanceof SequenceUnavailableException
        ? new SQLTransientException(message, "08001", e)
        : new SQLException(message, "HY000", e);
  }
}
