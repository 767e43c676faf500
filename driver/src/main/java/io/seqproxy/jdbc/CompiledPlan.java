package io.seqproxy.jdbc;

import io.seqproxy.jdbc.keys.GeneratedKeys;
import io.seqproxy.jdbc.keys.KeyLayout;
import io.seqproxy.jdbc.rewrite.InsertRewriter;
import io.seqproxy.jdbc.rewrite.RewritePlan;
import io.seqproxy.jdbc.schema.SkipBeforeDrawing;
import io.seqproxy.sequence.Sequence;
import io.seqproxy.sequence.range.RangeSequence;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link RewritePlan} made ready to execute, once per SQL string: slots resolved to sequences
 * and parameter indexes. Immutable and shared by every statement of every connection that runs
 * the same SQL; an {@link Execution} holds what one statement's executions bind and draw.
 *
 * <p>The generated slots ("gen" below) are the GENERATED and GENERATED_IF_NULL slots in text
 * order. An execution draws the values of each sequence in one {@code next(count)} call and hands
 * them out in text order, which is row order, so one statement's IDs ascend with its rows.
 */
final class CompiledPlan implements Verdict, KeyLayout {
  /**
   * What an application parameter in a generated column was bound to when it is not a value
   * itself; a parameter not bound at all is null.
   */
  private enum Bound { SQL_NULL, NOT_AN_INTEGER }

  /** The plan; null when the text is rendered from {@link #reading}. */
  private final RewritePlan plan;
  /** The SQL string and its shape, rendered without a plan; null when {@link #plan} was given. */
  private final InsertRewriter.Reading reading;
  private final InsertRewriter.Shape shape;
  /**
   * The comments and whitespace before the statement that {@link #plan} or {@link #reading} has
   * (a tracer's context, new for each statement), written before every text sent; usually empty.
   */
  private final String leading;
  /**
   * The prepared SQL; rendered from {@link #reading} on first use, then kept, for a string
   * prepared again and again. Racing threads render equal strings, and a String is safe to share
   * however it was published.
   */
  private String preparedSql;
  private final Slots slots;
  /** The keys every execution starts from: explicit literals in place, UNKNOWN elsewhere. */
  private final long[] keyTemplate;
  /**
   * The literal values written into columns with {@code explicit: advance}: per sequence, the
   * largest, which every execution moves the sequence past. Empty for almost every plan.
   */
  private final LiteralAdvance literals;
  /** Existing rows of the plan's tables, skipped before its first draw; null when none are read. */
  private final SkipBeforeDrawing skip;

  CompiledPlan(RewritePlan plan, Engine engine, SkipBeforeDrawing skip) throws SQLException {
    this.plan = plan;
    this.reading = null;
    this.shape = null;
    this.leading = "";
    this.preparedSql = plan.preparedSql();
    this.slots = new Slots(plan, engine);
    this.keyTemplate = keyTemplate(plan);
    this.literals = LiteralAdvance.of(plan, engine);
    this.skip = skip;
  }

  private CompiledPlan(RewritePlan plan, InsertRewriter.Reading reading, InsertRewriter.Shape shape, String leading,
      String preparedSql, Slots slots, long[] keyTemplate, LiteralAdvance literals, SkipBeforeDrawing skip) {
    this.plan = plan;
    this.reading = reading;
    this.shape = shape;
    this.leading = leading;
    this.preparedSql = preparedSql;
    this.slots = slots;
    this.keyTemplate = keyTemplate;
    this.literals = literals;
    this.skip = skip;
  }

  /**
   * The same plan for another SQL string of the same shape (it differs only in literals, comments
   * and whitespace): all is shared but the text and the explicit keys, so a plain Statement with
   * inlined values is not compiled again.
   */
  CompiledPlan withText(RewritePlan other) {
    return other.explicitKeys().isEmpty()
        ? new CompiledPlan(other, null, null, "", other.preparedSql(), slots, keyTemplate, literals, skip)
        : new CompiledPlan(other, null, null, "", other.preparedSql(), slots, keyTemplate(other),
            LiteralAdvance.of(other, slots.engine), skip);
  }

  /**
   * The same plan for {@code other}, a string of the shape {@code shape} this plan was made from.
   * When the shape reads no explicit keys from literals, the string's plan differs from this one
   * in its text only: it is not made, and both the prepared SQL and a plain Statement's text are
   * rendered straight from the string's tokens.
   */
  CompiledPlan withText(InsertRewriter.Reading other, InsertRewriter.Shape shape) {
    return shape.readsKeys() ? withText(other.plan(shape))
        : new CompiledPlan(null, other, shape, "", null, slots, keyTemplate, literals, skip);
  }

  /**
   * This plan for the SQL string that is {@code leading} (comments and whitespace, see {@link
   * InsertRewriter#statementStart}) followed by this plan's: every text it sends begins with them,
   * all else is the same.
   */
  CompiledPlan ledBy(String leading) {
    return new CompiledPlan(plan, reading, shape, leading + this.leading, leading + preparedSql(), slots, keyTemplate,
        literals, skip);
  }

  /** The application's SQL this plan is for. */
  String originalSql() {
    String statement = reading != null ? reading.sql() : plan.originalSql();
    return leading.isEmpty() ? statement : leading + statement;
  }

  /** The SQL the real statement is prepared with: every generated value an added {@code ?}. */
  String preparedSql() {
    String rendered = preparedSql;
    if (rendered == null) {
      rendered = reading.preparedSql(shape);
      preparedSql = rendered;
    }
    return rendered;
  }

  /** The real statement's index of the application's parameter. */
  int realIndex(int appParameter) throws SQLException {
    if (appParameter < 1 || appParameter > slots.appParameterCount) {
      throw new SQLException("parameter index " + appParameter + " is out of range; the statement has "
          + slots.appParameterCount + " parameters", "07009");
    }
    return slots.realIndex[appParameter];
  }

  /** The state of a prepared statement's executions, reused by each of them. */
  Execution preparedExecution() {
    return new Execution(slots.hasIfNull);
  }

  /** The execution of a plain Statement: no parameters, every generated slot draws. */
  Execution statementExecution() {
    return new Execution(false);
  }

  @Override
  public String[] keyColumns() {
    return slots.columns;
  }

  @Override
  public int keyRows() {
    return slots.rowCount;
  }

  @Override
  public int keyColumn(String name) {
    String unquoted = name.length() > 1 && (name.charAt(0) == '"' || name.charAt(0) == '`')
        ? name.substring(1, name.length() - 1) : name;
    return slots.column(unquoted);
  }

  @Override
  public void writeKeys(long[] values, long[] keys, int offset) {
    System.arraycopy(keyTemplate, 0, keys, offset, keyTemplate.length);
    int[] cells = slots.genKeyCell;
    for (int g = 0; g < cells.length; g++) {
      if (cells[g] >= 0) {
        keys[offset + cells[g]] = values[g];
      }
    }
  }

  private long[] keyTemplate(RewritePlan plan) {
    long[] template = new long[slots.rowCount * slots.columns.length];
    Arrays.fill(template, UNKNOWN);
    for (RewritePlan.ExplicitKey key : plan.explicitKeys()) {
      int cell = slots.keyCell(key.row(), key.column());
      if (cell >= 0 && key.value() != null) {
        template[cell] = key.value();
      }
    }
    return template;
  }

  @Override
  public String toString() {
    return preparedSql();
  }

  /**
   * What one statement binds and draws, execution after execution: the binding state of its
   * parameters in generated columns, and the values of its generated slots. Used by one thread
   * at a time, like the statement; the arrays are reused so that an execution allocates only what
   * the sequences return.
   */
  final class Execution implements InsertRewriter.SlotText {
    private long[] values = new long[slots.genCount];
    /**
     * Whether a keys result set reads {@link #values} as its cells ({@link #keys}): the next draw
     * writes a new array rather than change keys the application may still read.
     */
    private boolean lent;
    /** Per gen slot: whether this execution draws it; null when every slot always draws. */
    private final boolean[] draws;
    /**
     * Per application parameter in a generated column: what it is bound to, a value or a
     * {@link Bound}, null when it is not bound; null when no parameter is in a generated column.
     */
    private final Object[] bound;

    private Execution(boolean tracksBindings) {
      this.draws = tracksBindings ? new boolean[slots.genCount] : null;
      this.bound = tracksBindings ? new Object[slots.appParameterCount + 1] : null;
    }

    CompiledPlan plan() {
      return CompiledPlan.this;
    }

    /** Records that the application bound parameter {@code p} to {@code value} (null for SQL NULL). */
    void recordBinding(int p, Object value) {
      if (bound != null && slots.genOfAppParameter[p] >= 0) {
        bound[p] = value == null ? Bound.SQL_NULL : value;
      }
    }

    /** Records that the application bound parameter {@code p} to a non-null value of no integer type. */
    void recordBinding(int p) {
      if (bound != null && slots.genOfAppParameter[p] >= 0) {
        bound[p] = Bound.NOT_AN_INTEGER;
      }
    }

    /** Records that the application bound parameter {@code p} to the integer {@code value}. */
    void recordBinding(int p, long value) {
      if (bound != null && slots.genOfAppParameter[p] >= 0) {
        bound[p] = value;
      }
    }

    void clearBindings() {
      if (bound != null) {
        Arrays.fill(bound, null);
      }
    }

    /**
     * Draws this execution's values from the sequences. A slot whose parameter the application
     * bound to a value keeps it: its entry is that value when it is an integer, UNKNOWN otherwise.
     *
     * @param real the real statement, on whose connection the plan's tables have their existing
     *     rows skipped before the first value is drawn
     * @throws SQLException when a parameter in a generated column is unbound or refused, or a
     *     sequence cannot issue values
     */
    void draw(Statement real) throws SQLException {
      if (lent) {
        values = new long[values.length];
        lent = false;
      }
      if (draws != null) {
        decideDraws();
      }
      literals.advance();
      for (int s = 0; s < slots.sequences.length; s++) {
        int[] gens = slots.genOfSequence[s];
        int count = 0;
        long explicit = UNKNOWN;
        RangeSequence advancing = null;
        for (int g : gens) {
          if (draws(g)) {
            count++;
          } else {
            values[g] = asKey(bound[slots.genAppParameter[g]]);
            if (slots.genAdvance[g] != null && values[g] != UNKNOWN) {
              advancing = slots.genAdvance[g];
              explicit = Math.max(explicit, values[g]);
            }
          }
        }
        if (advancing != null) {
          // Before drawing, so that no row of this statement is given the value another row wrote.
          Engine.skipPast(advancing, explicit);
        }
        if (count > 0 && skip != null) {
          skip.beforeDrawing(real);
        }
        if (count == 1) {
          long value = Engine.next(slots.sequences[s]);
          for (int g : gens) {
            if (draws(g)) {
              values[g] = value;
            }
          }
        } else if (count > 1) {
          long[] drawn = Engine.next(slots.sequences[s], count);
          int k = 0;
          for (int g : gens) {
            if (draws(g)) {
              values[g] = drawn[k++];
            }
          }
        }
      }
    }

    /** Whether gen slot {@code g} draws in this execution: decided once per execution. */
    private boolean draws(int g) {
      return draws == null || draws[g];
    }

    private void decideDraws() throws SQLException {
      for (int g = 0; g < draws.length; g++) {
        if (!slots.genIfNull[g]) {
          draws[g] = true;
          continue;
        }
        int parameter = slots.genAppParameter[g];
        Object binding = bound[parameter];
        if (binding == null) {
          throw new SQLException("No value specified for parameter " + parameter, "07001");
        }
        if (binding != Bound.SQL_NULL && slots.genReject[g]) {
          throw new SQLException("parameter " + parameter + " sets column " + slots.genColumn[g]
              + ", which takes its values from sequence " + slots.genSequence[g].name()
              + " (explicit: reject); bind null or leave the column out", "23000");
        }
        draws[g] = binding == Bound.SQL_NULL;
      }
    }

    /** Binds the drawn values to the real statement's generated parameters. */
    void bindDrawn(PreparedStatement real) throws SQLException {
      for (int g = 0; g < values.length; g++) {
        if (draws(g)) {
          real.setLong(slots.genRealIndex[g], values[g]);
        }
      }
    }

    /** The first value this execution drew, for {@code LAST_INSERT_ID()}; UNKNOWN when none. */
    long firstDrawn() {
      for (int g = 0; g < values.length; g++) {
        if (draws(g)) {
          return values[g];
        }
      }
      return UNKNOWN;
    }

    /** This execution's rows as the generated keys of {@code owner}, asked for with no names. */
    ResultSet keys(Statement owner) {
      if (!slots.valuesAreKeys) {
        return GeneratedKeys.ofValues(owner, CompiledPlan.this, values);
      }
      lent = true;
      return GeneratedKeys.ofCells(owner, CompiledPlan.this, values);
    }

    /** Adds this execution's rows to {@code keys}. */
    void appendKeys(GeneratedKeys keys) {
      keys.append(CompiledPlan.this, values);
    }

    /** The statement for a plain Statement: the fragments with the drawn values as literals. */
    String render() {
      if (reading != null) {
        return reading.render(leading, shape, this);
      }
      List<String> fragments = plan.fragments();
      int slotCount = fragments.size() - 1;
      StringBuilder sql = new StringBuilder(leading.length() + plan.originalSql().length() + 20 * slotCount)
          .append(leading);
      for (int i = 0; i < slotCount; i++) {
        append(sql.append(fragments.get(i)), i);
      }
      return sql.append(fragments.get(slotCount)).toString();
    }

    /** A rendered slot: an application's {@code ?} as written, a generated one as its drawn value. */
    @Override
    public void append(StringBuilder sql, int slot) {
      int g = slots.slotGen[slot];
      if (g < 0) {
        sql.append('?');
      } else {
        sql.append(values[g]);
      }
    }
  }

  /**
   * The integer literals one SQL string writes into columns with {@code explicit: advance}: the
   * largest per sequence. Immutable.
   */
  private record LiteralAdvance(RangeSequence[] sequences, long[] values) {
    private static final LiteralAdvance NONE = new LiteralAdvance(new RangeSequence[0], new long[0]);

    static LiteralAdvance of(RewritePlan plan, Engine engine) {
      Map<RangeSequence, Long> largest = new LinkedHashMap<>();
      for (RewritePlan.ExplicitKey key : plan.explicitKeys()) {
        if (key.advances() != null && key.value() != null
            && engine.sequence(key.advances()) instanceof RangeSequence range) {
          largest.merge(range, key.value(), Math::max);
        }
      }
      if (largest.isEmpty()) {
        return NONE;
      }
      RangeSequence[] sequences = largest.keySet().toArray(new RangeSequence[0]);
      long[] values = largest.values().stream().mapToLong(Long::longValue).toArray();
      return new LiteralAdvance(sequences, values);
    }

    void advance() throws SQLException {
      for (int i = 0; i < sequences.length; i++) {
        Engine.skipPast(sequences[i], values[i]);
      }
    }
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

  /**
   * The slots of a plan resolved to indexes and sequences: what every SQL string of one shape
   * shares. Immutable.
   */
  private static final class Slots {
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
    /** Per gen slot: the sequence a bound integer moves past ({@code explicit: advance}), else null. */
    final RangeSequence[] genAdvance;
    final Engine engine;
    final String[] genColumn;
    final Sequence[] genSequence;
    /** Index into a keys row block: {@code row * columns + column}; -1 when not reported. */
    final int[] genKeyCell;

    final Sequence[] sequences;
    /** The gen slots of each sequence, in text order. */
    final int[][] genOfSequence;

    final String[] columns;
    final int rowCount;
    /** Per slot in text order: its gen slot, or -1 for an application parameter. */
    final int[] slotGen;
    /**
     * Whether an execution's values are its keys as they stand: gen slot g is key cell g, and
     * every cell is one (one generated column per row, or every row's in the same order), so
     * {@link CompiledPlan#writeKeys} would only copy them. Almost every plan.
     */
    final boolean valuesAreKeys;

    Slots(RewritePlan plan, Engine engine) throws SQLException {
      this.engine = engine;
      appParameterCount = plan.appParameterCount();
      columns = plan.generatedColumns().toArray(new String[0]);
      rowCount = plan.rowCount();
      realIndex = new int[appParameterCount + 1];
      genOfAppParameter = new int[appParameterCount + 1];
      Arrays.fill(genOfAppParameter, -1);

      List<RewritePlan.Slot> slots = plan.slots();
      List<Integer> gens = new ArrayList<>();
      slotGen = new int[slots.size()];
      for (int i = 0; i < slots.size(); i++) {
        RewritePlan.Slot slot = slots.get(i);
        if (slot.kind() != RewritePlan.Kind.GENERATED) {
          realIndex[slot.appParameter()] = i + 1;
        }
        slotGen[i] = slot.kind() == RewritePlan.Kind.PARAMETER ? -1 : gens.size();
        if (slot.kind() != RewritePlan.Kind.PARAMETER) {
          gens.add(i);
        }
      }
      genCount = gens.size();
      genRealIndex = new int[genCount];
      genIfNull = new boolean[genCount];
      genAppParameter = new int[genCount];
      genReject = new boolean[genCount];
      genAdvance = new RangeSequence[genCount];
      genColumn = new String[genCount];
      genSequence = new Sequence[genCount];
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
      boolean identity = genCount == rowCount * columns.length;
      for (int g = 0; identity && g < genCount; g++) {
        identity = genKeyCell[g] == g;
      }
      valuesAreKeys = identity;
      sequences = new Sequence[bySequence.size()];
      genOfSequence = new int[bySequence.size()][];
      int s = 0;
      for (Map.Entry<String, List<Integer>> entry : bySequence.entrySet()) {
        sequences[s] = engine.sequence(entry.getKey());
        if (sequences[s] == null) {
          throw new SQLException("sequence " + entry.getKey() + " is not configured in " + engine.source()
              + ", but the statement's plan uses it: " + plan.originalSql());
        }
        genOfSequence[s] = entry.getValue().stream().mapToInt(Integer::intValue).toArray();
        for (int g : genOfSequence[s]) {
          genSequence[g] = sequences[s];
          if (slots.get(gens.get(g)).advanceExplicit() && sequences[s] instanceof RangeSequence range) {
            genAdvance[g] = range;
          }
        }
        s++;
      }
    }

    int keyCell(int row, String column) {
      int c = column(column);
      return c < 0 || row < 0 || row >= rowCount ? -1 : row * columns.length + c;
    }

    int column(String name) {
      for (int c = 0; c < columns.length; c++) {
        if (columns[c].equalsIgnoreCase(name)) {
          return c;
        }
      }
      return -1;
    }
  }
}
