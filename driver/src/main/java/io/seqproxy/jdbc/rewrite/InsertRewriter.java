package io.seqproxy.jdbc.rewrite;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Turns the application's SQL into a {@link RewritePlan}: INSERT and REPLACE statements into
 * mapped tables get their generated columns filled from sequences; everything else is sent
 * unchanged. Pure and without caches: it never touches a connection, and the same SQL gives an
 * equal plan every time. The driver keeps the one cache, per SQL string and per shape, above it.
 *
 * <p>Planning is two steps so that a cache can sit between them: {@link #read} (a cheap text
 * pre-check, then the tokens and the {@linkplain Reading#shapeKey() shape key}) and
 * {@link #shape} (the expensive part: JSqlParser validates the INSERT, the edits are placed),
 * whose result serves every SQL string of the same shape key through {@link Reading#plan}.
 *
 * <p>Thread safety: immutable.
 */
public final class InsertRewriter {
  private final TableMappings mappings;
  private final SqlDialect dialect;
  private final TextPreCheck preCheck;
  private final Duration planningLimit;

  /**
   * A rewriter for MySQL/MariaDB text. The mappings are read once for the pre-check; they are
   * expected not to change.
   */
  public InsertRewriter(TableMappings mappings) {
    this(mappings, SqlDialect.MYSQL);
  }

  public InsertRewriter(TableMappings mappings, SqlDialect dialect) {
    this(mappings, dialect, PlanningBound.DEFAULT);
  }

  /** A rewriter whose planning of one statement is bounded by {@code planningLimit} rather than the default. */
  public InsertRewriter(TableMappings mappings, SqlDialect dialect, Duration planningLimit) {
    this.mappings = Objects.requireNonNull(mappings, "mappings");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.preCheck = new TextPreCheck(mappings.tableNames(), dialect);
    this.planningLimit = Objects.requireNonNull(planningLimit, "planningLimit");
  }

  /**
   * The plan for the SQL, planned anew.
   *
   * @throws java.sql.SQLFeatureNotSupportedException for an INSERT into a mapped table in a form
   *     that cannot carry generated values yet (INSERT ... SELECT without the column)
   * @throws SQLException for an INSERT into a mapped table that cannot be parsed or rewritten,
   *     or that supplies a value for a column configured with {@code explicit: reject}
   */
  public RewritePlan plan(String sql) throws SQLException {
    Reading reading = read(sql);
    return reading == null ? RewritePlan.passThrough(sql) : reading.plan(shape(reading));
  }

  /**
   * Whether the text pre-check lets {@code sql} through: false when it cannot insert into a mapped
   * table, whatever the current schema (most SQL). Neither tokenizes nor allocates.
   */
  public boolean mayRewrite(String sql) {
    return preCheck.mayInsertIntoMappedTable(sql);
  }

  /**
   * Where the statement in {@code sql} begins after the whitespace and block comments that lead it
   * (a tracer's context, new for each statement), 0 when none do. A statement that was planned
   * has, with those in front, the same plan with those in front: the first fragment begins with
   * them, the rest is the same (on MySQL an executable comment is not skipped: it makes its own
   * shape).
   */
  public int statementStart(String sql) {
    return SqlTokenizer.statementStart(sql, dialect);
  }

  /**
   * The SQL read as far as its shape, or null when the text pre-check shows that it cannot
   * insert into a mapped table (most SQL: then it is sent as written).
   */
  public Reading read(String sql) {
    return read(sql, statementStart(sql));
  }

  /** {@link #read} for SQL whose {@link #statementStart} is {@code statementStart}, found already. */
  public Reading read(String sql, int statementStart) {
    return preCheck.mayInsertIntoMappedTable(sql, statementStart) ? readChecked(sql) : null;
  }

  /** {@link #read} for SQL that {@link #mayRewrite} already let through: the text is not scanned again. */
  public Reading readChecked(String sql) {
    return new Reading(sql, SqlTokenizer.tokenize(sql, dialect), dialect);
  }

  /**
   * The plan of every SQL string with the shape key of {@code reading}.
   *
   * @throws SQLException as {@link #plan} does
   */
  public Shape shape(Reading reading) throws SQLException {
    return shape(reading, TableColumns.UNKNOWN);
  }

  /**
   * The plan of every SQL string with the shape key of {@code reading}, for the tables as
   * {@code tables} describes them (their column order, the spelling of their columns). The
   * plan holds for those tables only: a cache above must key it by what {@code tables} answers
   * for (the connection's current schema) and forget it when a table changes.
   *
   * @throws SQLException as {@link #plan} does, and when {@code tables} cannot describe a table
   */
  public Shape shape(Reading reading, TableColumns tables) throws SQLException {
    return new Shape(InsertPlanner.shape(
        reading.sql, reading.tokens, mappings, tables, dialect, planningLimit));
  }

  /** One SQL string, tokenized. */
  public static final class Reading {
    private final String sql;
    private final Tokens tokens;
    private final SqlDialect dialect;
    private final boolean hasLiterals;

    Reading(String sql, Tokens tokens, SqlDialect dialect) {
      this.sql = sql;
      this.tokens = tokens;
      this.dialect = dialect;
      this.hasLiterals = tokens.hasLiterals();
    }

    /**
     * This string as a template for the next of its shape ({@link LiteralTemplate}); null when it
     * has no literals, or its key is its whole text.
     */
    public LiteralTemplate template() {
      return LiteralTemplate.of(sql, tokens, dialect);
    }

    /**
     * The identity of the shape: the tokens, each string and number literal as a mark of its
     * kind, with one space wherever the text has whitespace or comments between two of them.
     * SQL strings with equal keys have one {@link Shape}: they differ only in their literals,
     * comments and whitespace, which each keeps in its plan. (On MySQL a text with an executable
     * comment is a key of its own.)
     */
    public String shapeKey() {
      return PlanShape.key(sql, tokens, dialect == SqlDialect.MYSQL);
    }

    /** The {@link #shapeKey()} as a map key, hashed from the tokens without building its text. */
    public ShapeKey key() {
      return ShapeKey.of(sql, tokens, dialect == SqlDialect.MYSQL);
    }

    /** The tokens of this SQL string. */
    Tokens tokens() {
      return tokens;
    }

    /** Whether the SQL holds literals, i.e. whether it is rarely written twice. */
    public boolean hasLiterals() {
      return hasLiterals;
    }

    /**
     * Whether the SQL is its own shape key: no literals, nothing between its tokens but single
     * spaces, nothing before or after them.
     */
    public boolean isShapeKey() {
      return !hasLiterals && PlanShape.isOwnKey(sql, tokens);
    }

    /** The SQL text of this reading. */
    public String sql() {
      return sql;
    }

    /**
     * The text a plain Statement sends for this SQL string after {@code leading}: the fragments of
     * {@link #plan} joined with the slots' texts, built without the plan.
     */
    public String render(String leading, Shape shape, SlotText slots) {
      return shape.shape.render(leading, sql, tokens, slots);
    }

    /**
     * The SQL a PreparedStatement is prepared with for this string: {@link #plan}'s
     * {@link RewritePlan#preparedSql()}, built without the plan.
     */
    public String preparedSql(Shape shape) {
      return shape.shape.prepared(sql, tokens);
    }

    /** The plan of this SQL string, from the shape of its key. */
    public RewritePlan plan(Shape shape) {
      return shape.shape.instantiate(sql, tokens);
    }
  }

  /** The plan of one shape key, made once. Immutable. */
  public static final class Shape {
    private final PlanShape shape;

    private Shape(PlanShape shape) {
      this.shape = shape;
    }

    /**
     * Whether the plans of this shape differ in more than their text: explicit keys written as
     * number literals, read from each string.
     */
    public boolean readsKeys() {
      return shape.readsKeys();
    }
  }

  /** Writes the text of one slot of a rendered statement ({@link Reading#render}). */
  public interface SlotText {
    /** Appends slot {@code slot} (0-based, text order; see {@link RewritePlan#slots()}) to {@code sql}. */
    void append(StringBuilder sql, int slot);
  }
}
