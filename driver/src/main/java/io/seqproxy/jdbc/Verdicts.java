package io.seqproxy.jdbc;

import io.seqproxy.jdbc.function.FunctionCall;
import io.seqproxy.jdbc.rewrite.InsertRewriter;
import io.seqproxy.jdbc.rewrite.InsertSelectRequired;
import io.seqproxy.jdbc.rewrite.LiteralTemplate;
import io.seqproxy.jdbc.rewrite.RewritePlan;
import io.seqproxy.jdbc.rewrite.ShapeKey;
import io.seqproxy.jdbc.rewrite.SqlDialect;
import io.seqproxy.jdbc.rewrite.TableColumns;
import io.seqproxy.jdbc.schema.ConnectionTables;
import io.seqproxy.jdbc.schema.SchemaCatalog;
import io.seqproxy.sequence.Sequence;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The verdict on each SQL string, for one engine and SQL dialect, shared by every connection that
 * uses them: the only cache between the application's SQL and the pure {@link InsertRewriter}.
 * Three maps, each bounded:
 * <ul>
 *   <li>per SQL string, its {@link Verdict}: an application's statements are mostly a small set of
 *       constant strings, and one lookup costs less than reading the text again. A statement led
 *       by comments of its own (a tracer's, new each time) is kept without them too, and the next
 *       string that leads it with others takes its plan with those in front, unread;
 *   <li>per shape key ({@link InsertRewriter.Reading#shapeKey()}: the tokens with their literals,
 *       comments and whitespace left out), the rewriter's shape and the plan compiled from it, so
 *       that a plain Statement with inlined values, or any statement carrying a trace comment of
 *       its own, is tokenized per string but parsed and compiled once per shape. Strings with
 *       literals rarely come again and are not remembered one by one; those that differ from
 *       their key in comments or whitespace only from their second use on;
 *   <li>per SQL string, the refusal of an INSERT that cannot be rewritten: decided once, thrown
 *       afresh (same class, message and SQLState) on every use. A refusal because planning
 *       exceeded its time bound (SQLState 54000) is not kept: it depends on how loaded the machine
 *       was, so the string is planned again on its next use.
 * </ul>
 * An INSERT ... SELECT that seqproxy runs itself is a verdict of its own ({@link
 * Verdict.SelectThenInsert}), kept per string like the others. Its {@link RewriterFigures} count
 * on the miss and refusal paths only.
 *
 * <p>Thread safety: {@link ConcurrentHashMap}s, whose reads take no lock. Two threads deciding
 * the same new string may both compute it, with equal results. A full map is cleared whole:
 * amortised constant time, and deciding again is cheap; prepared statements keep their plan.
 */
final class Verdicts {
  private static final int MAX_ENTRIES = 4096;
  /** Longer SQL is decided every time rather than kept in memory (refusals excepted). */
  private static final int MAX_CACHED_LENGTH = 2048;
  /** The refused texts kept, in characters: refusals of long strings are kept too, up to this. */
  private static final long MAX_REFUSED_CHARS = 1L << 22;

  private static final int SEEN_SLOTS = 1024;

  /** Current schemas of connections at most kept apart; past it, all are forgotten at once. */
  private static final int MAX_SCOPES = 64;

  /** Templates kept per scope ({@link #templates}): a string that none reads was compared with each. */
  private static final int TEMPLATES = 4;
  private final Engine engine;
  private final SqlDialect dialect;
  private final InsertRewriter rewriter;
  /** The mapped tables as the database describes them; one per engine and dialect. */
  private final SchemaCatalog catalog;
  /** The schemas of pooled physical connections, for connections borrowed anew; shared by every scope. */
  private final PooledScopes pooledScopes;
  /** The current schema (MySQL: database) these verdicts hold for; null: unknown or any. */
  private final String scope;
  /** The verdicts of the engine and dialect with no scope, which keeps those of every scope. */
  private final Verdicts root;
  private final ConcurrentHashMap<String, Verdicts> scopes;
  /** Root: bumped by DDL on a mapped table. Others: the root's value when they were made. */
  private volatile int generation;
  private final ConcurrentHashMap<String, Verdict> bySql = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ShapeKey, KnownShape> byShape = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Refusal> refusals = new ConcurrentHashMap<>();
  private final AtomicLong refusedChars = new AtomicLong();
  /** Hashes of recent strings not yet remembered (see {@link #seenBefore}). */
  private final AtomicIntegerArray seen = new AtomicIntegerArray(SEEN_SLOTS);
  /**
   * The statements kept without the comments that led them ({@link #rememberStatement}), with
   * their plans: a lossy table by hash, where a string led by comments finds its statement without
   * copying it out (one with inlined values, never kept, costs one hash of its text).
   */
  private final AtomicReferenceArray<KeptStatement> keptStatements = new AtomicReferenceArray<>(SEEN_SLOTS);
  /**
   * Statements with literals, of shapes with a plan, as templates: a new string of one of their
   * shapes (SQL built by concatenation, new values each time) is read against them in place,
   * before it would be tokenized, hashed and looked up ({@link #fromTemplate}).
   */
  private final AtomicReferenceArray<Template> templates = new AtomicReferenceArray<>(TEMPLATES);
  /** The slot the next template takes. Racy: a lost increment only makes one replace another. */
  private int nextTemplate;
  /** One per engine and dialect: every scope's verdicts count into the root's. */
  private final RewriterFigures figures;

  /** @param dialect the SQL dialect of the real driver's URL, for the rewriter's tokenizer */
  Verdicts(Engine engine, SqlDialect dialect) {
    this(engine, dialect, new InsertRewriter(engine.tables(), dialect));
  }

  /** Verdicts whose planning of one statement is bounded by {@code planningLimit}, for tests. */
  Verdicts(Engine engine, SqlDialect dialect, Duration planningLimit) {
    this(engine, dialect, new InsertRewriter(engine.tables(), dialect, planningLimit));
  }

  private Verdicts(Engine engine, SqlDialect dialect, InsertRewriter rewriter) {
    this.engine = engine;
    this.dialect = dialect;
    this.rewriter = rewriter;
    this.catalog = new SchemaCatalog(engine.tables(), engine::sequence, engine.source(), dialect == SqlDialect.MYSQL);
    this.pooledScopes = new PooledScopes();
    this.scope = null;
    this.root = this;
    this.scopes = new ConcurrentHashMap<>();
    this.figures = new RewriterFigures(() -> cached(v -> v.bySql.size()), () -> cached(v -> v.byShape.size()));
    figures.register(engine.source(), dialect);
    engine.whenClosed(figures::unregister);
  }

  RewriterFigures figures() {
    return figures;
  }

  /** Root: what {@code size} counts in its own maps and every scope's. */
  private int cached(java.util.function.ToIntFunction<Verdicts> size) {
    int total = size.applyAsInt(this);
    for (Verdicts scoped : scopes.values()) {
      total += size.applyAsInt(scoped);
    }
    return total;
  }

  /** The verdicts of one current schema: plans read the tables of that schema. */
  private Verdicts(Verdicts root, String scope) {
    this.engine = root.engine;
    this.dialect = root.dialect;
    this.rewriter = root.rewriter;
    this.catalog = root.catalog;
    this.pooledScopes = root.pooledScopes;
    this.scope = scope;
    this.root = root;
    this.scopes = null;
    this.figures = root.figures;
    this.generation = root.generation;
  }

  /** The verdicts for connections whose current schema (MySQL: database) is {@code scope}. */
  Verdicts forScope(String scope) {
    String key = scope == null ? "" : scope;
    Verdicts verdicts = root.scopes.get(key);
    if (verdicts == null || verdicts.stale()) {
      verdicts = new Verdicts(root, scope);
      bound(root.scopes, MAX_SCOPES).put(key, verdicts);
    }
    return verdicts;
  }

  /** Whether DDL on a mapped table passed through since these verdicts were made. */
  boolean stale() {
    return generation != root.generation;
  }

  /**
   * DDL passes through: when it names a mapped table, that table's metadata and every plan made
   * from it are forgotten (each scope's verdicts are made anew on their next use).
   */
  void definitionPasses(String sql) {
    String text = sql.toLowerCase(java.util.Locale.ROOT);
    for (String table : engine.tables().tableNames()) {
      if (text.contains(table)) {
        catalog.invalidate(table);
        synchronized (root) {
          root.generation++;
          root.scopes.clear();
        }
      }
    }
  }

  SqlDialect dialect() {
    return dialect;
  }

  SchemaCatalog catalog() {
    return catalog;
  }

  PooledScopes pooledScopes() {
    return pooledScopes;
  }

  Engine engine() {
    return engine;
  }

  /**
   * The verdict kept on {@code sql} as the same in every schema, because the text pre-check
   * showed that it cannot insert into a mapped table (a SELECT, an UPDATE, an INSERT into another
   * table, a next-value call); null when none is kept. The root keeps only such verdicts (every
   * other one is kept by a scope's verdicts), so a string seen before is answered without reading
   * its text again, and without the connection's schema.
   */
  Verdict keptEverywhere(String sql) {
    return root.bySql.get(sql);
  }

  /**
   * The verdict on a string {@link #keptEverywhere} does not answer when it is the same in every
   * schema; null when it may insert into a mapped table, and the connection's current schema
   * decides. A connection that has not read its schema asks this first, so that most SQL never
   * makes it read it.
   */
  Verdict decidedEverywhere(String sql) {
    return rewriter.mayRewrite(sql) ? null : root.rememberedFromSecondUse(sql, root.asWritten(sql));
  }

  /**
   * The verdict on {@code sql}.
   *
   * @throws SQLException when it is an INSERT into a mapped table that cannot be rewritten
   */
  Verdict verdict(String sql) throws SQLException {
    // Not kept in the root's own map, which holds only the verdicts that hold in every schema.
    return (this == root ? forScope(null) : this).verdict(sql, null, false);
  }

  /**
   * The verdict on {@code sql} on a connection whose current schema is this scope's.
   *
   * @param real the real connection, on which a mapped table's metadata is read the first time
   *     a statement writes it; null: the tables are not described (no INSERT without a column
   *     list, configured column names as written)
   * @param mayRewrite the text pre-check already let {@code sql} through ({@link
   *     #decidedEverywhere} answered null): a new string is not scanned twice
   */
  Verdict verdict(String sql, Connection real, boolean mayRewrite) throws SQLException {
    Verdict verdict = bySql.get(sql);
    if (verdict != null) {
      return verdict;
    }
    if (!refusals.isEmpty()) {
      Refusal refusal = refusals.get(sql);
      if (refusal != null) {
        SQLException again = refusal.exception();
        figures.refused(again);
        throw again;
      }
    }
    try {
      return decide(sql, real, mayRewrite);
    } catch (SQLException e) {
      figures.refused(e);
      if (!RewriterFigures.isPlanningBound(e)) {
        refuse(sql, e);
      }
      throw e;
    }
  }

  private Verdict decide(String sql, Connection real, boolean mayRewrite) throws SQLException {
    int statementStart = rewriter.statementStart(sql);
    Verdict templated = fromTemplate(sql, statementStart);
    if (templated != null) {
      return templated;
    }
    // Comments of its own before a statement known to rewrite (a tracer's, new each time): that
    // statement's plan with them in front, without reading the string.
    CompiledPlan kept = statementStart > 0 ? keptStatement(sql, statementStart) : null;
    if (kept != null) {
      return rememberedFromSecondUse(sql, kept.ledBy(sql.substring(0, statementStart)));
    }
    // The text pre-check passes most SQL through at once.
    InsertRewriter.Reading reading = mayRewrite ? rewriter.readChecked(sql) : rewriter.read(sql, statementStart);
    if (reading == null) {
      return rememberedFromSecondUse(sql, asWritten(sql));
    }
    ShapeKey key = reading.key();
    KnownShape known = byShape.get(key);
    Verdict verdict;
    if (known == null) {
      InsertRewriter.Shape shape;
      ConnectionTables tables = real == null ? null : new ConnectionTables(catalog, real, scope);
      long start = System.nanoTime();
      try {
        shape = rewriter.shape(reading, tables == null ? TableColumns.UNKNOWN : tables);
      } catch (InsertSelectRequired required) {
        if (tables != null) {
          tables.drawing();
        }
        figures.insertSelectPlanned();
        // Per string: the plan's query and INSERT carry the string's literals.
        return remember(sql, new Verdict.SelectThenInsert(required.plan()));
      } finally {
        figures.planned(System.nanoTime() - start);
      }
      RewritePlan plan = reading.plan(shape);
      known = new KnownShape(shape, plan.passThrough() ? null
          : new CompiledPlan(plan, engine, tables == null ? null : tables.skipBeforeDrawing()));
      bound(byShape, MAX_ENTRIES).put(key.kept(), known);
      verdict = remember(sql, ofShape(known, reading));
    } else {
      verdict = ofShape(known, reading);
      // Another string of a shape seen before. With inlined values it rarely comes again: never
      // remembered; with a comment of its own (a trace context) maybe never: from its second use.
      if (!reading.hasLiterals()) {
        verdict = reading.isShapeKey() ? remember(sql, verdict) : rememberedFromSecondUse(sql, verdict);
      }
    }
    if (statementStart > 0 && known.compiled != null && !reading.hasLiterals()) {
      rememberStatement(sql.substring(statementStart), known);
    }
    if (known.compiled != null && reading.hasLiterals()) {
      keepTemplate(reading, known);
    }
    return verdict;
  }

  /**
   * The verdict on {@code sql}, whose statement begins at {@code statementStart}, when a template
   * reads it ({@link #templates}); else null.
   */
  private Verdict fromTemplate(String sql, int statementStart) {
    for (int t = 0; t < TEMPLATES; t++) {
      Template template = templates.get(t);
      if (template == null) {
        return null;
      }
      InsertRewriter.Reading reading = template.literal().read(sql, statementStart);
      if (reading != null) {
        return ofShape(template.known(), reading);
      }
    }
    return null;
  }

  /**
   * Keeps the string of {@code reading} as the template of its shape, {@code known}, unless one is
   * kept (a string of that shape the template did not read, led by a comment, say, does not
   * replace it), in the place of the oldest.
   */
  private void keepTemplate(InsertRewriter.Reading reading, KnownShape known) {
    for (int t = 0; t < TEMPLATES; t++) {
      Template template = templates.get(t);
      if (template != null && template.known() == known) {
        return;
      }
    }
    LiteralTemplate literal = reading.template();
    if (literal != null) {
      templates.set(Math.floorMod(nextTemplate++, TEMPLATES), new Template(literal, known));
    }
  }

  /** A statement with literals read as a template, and its shape. */
  private record Template(LiteralTemplate literal, KnownShape known) {}

  /**
   * Keeps the verdict on {@code statement}, a string's own without the comments that led it, for
   * the next string that has it with comments of their own.
   */
  private void rememberStatement(String statement, KnownShape known) {
    if (statement.length() > MAX_CACHED_LENGTH) {
      return;
    }
    Verdict verdict = bySql.get(statement);
    if (verdict == null) {
      InsertRewriter.Reading bare = rewriter.read(statement);
      if (bare == null) {
        return;
      }
      verdict = remember(statement, ofShape(known, bare));
    }
    if (verdict instanceof CompiledPlan plan) {
      int hash = statement.hashCode();
      keptStatements.set(slot(hash), new KeptStatement(statement, hash, plan));
    }
  }

  /** A statement kept without the comments that led it, and its plan. */
  private record KeptStatement(String text, int hash, CompiledPlan plan) {}

  /**
   * The plan of the statement of {@code sql} from {@code start} when it is one kept, else null:
   * hashed as String hashes and compared in place, without copying it out.
   */
  private CompiledPlan keptStatement(String sql, int start) {
    int hash = 0;
    for (int i = start; i < sql.length(); i++) {
      hash = 31 * hash + sql.charAt(i);
    }
    KeptStatement kept = keptStatements.get(slot(hash));
    int length = sql.length() - start;
    return kept != null && kept.hash() == hash && kept.text().length() == length
        && sql.regionMatches(start, kept.text(), 0, length) ? kept.plan() : null;
  }

  /** The verdict on the string of {@code reading}, whose shape is {@code known}'s. */
  private Verdict ofShape(KnownShape known, InsertRewriter.Reading reading) {
    String sql = reading.sql();
    return known.compiled == null ? asWritten(sql)
        : sql.equals(known.compiled.originalSql()) ? known.compiled
        : known.compiled.withText(reading, known.shape);
  }

  /**
   * Remembers {@code verdict} when {@code sql} was very likely here before: SQL with inlined values
   * (a SELECT or UPDATE by id, a trace comment) may never come again, and a stream of such strings
   * passing through would otherwise cost an entry each and clear the map every {@value
   * #MAX_ENTRIES}. A constant string is remembered from its second use.
   */
  private Verdict rememberedFromSecondUse(String sql, Verdict verdict) {
    return seenBefore(sql) ? remember(sql, verdict) : verdict;
  }

  /**
   * Whether {@code sql} was very likely here before: a table of the hashes of recent strings,
   * where each new one takes its slot. Lossy both ways, and without allocation.
   */
  private boolean seenBefore(String sql) {
    int hash = sql.hashCode();
    int slot = slot(hash);
    if (seen.get(slot) == hash) {
      return true;
    }
    seen.set(slot, hash);
    return false;
  }

  /** The slot of {@code hash} in a table of {@link #SEEN_SLOTS} hashes. */
  private static int slot(int hash) {
    return (hash ^ (hash >>> 16)) & (SEEN_SLOTS - 1);
  }

  /** The verdict on SQL the rewriter sends as written: a call seqproxy answers, or not. */
  private Verdict asWritten(String sql) {
    FunctionCall call = FunctionCall.of(sql);
    if (call == null) {
      return Verdict.PassThrough.AS_WRITTEN;
    }
    return switch (call.kind()) {
      case LAST_INSERT_ID -> new Verdict.Answer(call, null);
      case NEXT_VALUE -> {
        Sequence sequence = engine.sequenceNamedInSql(call.sequence());
        // Sequences seqproxy does not configure are the database's.
        yield sequence == null ? Verdict.PassThrough.AS_WRITTEN : new Verdict.Answer(call, sequence);
      }
    };
  }

  private Verdict remember(String sql, Verdict verdict) {
    if (sql.length() <= MAX_CACHED_LENGTH) {
      bound(bySql, MAX_ENTRIES).put(sql, verdict);
    }
    return verdict;
  }

  private void refuse(String sql, SQLException e) {
    if (refusals.size() >= MAX_ENTRIES || refusedChars.addAndGet(sql.length()) > MAX_REFUSED_CHARS) {
      refusals.clear();
      refusedChars.set(sql.length());
    }
    refusals.put(sql, new Refusal(e));
  }

  private static <K, V> ConcurrentHashMap<K, V> bound(ConcurrentHashMap<K, V> map, int max) {
    if (map.size() >= max) {
      map.clear();
    }
    return map;
  }

  /** The rewriter's shape of one shape key and the plan compiled from it; null when it passes through. */
  private record KnownShape(InsertRewriter.Shape shape, CompiledPlan compiled) {}

  /**
   * A decided refusal: the first exception, thrown afresh on every use, as the same class or, when
   * that class cannot be made from a message alone (e.g. one carrying a plan), as its nearest
   * superclass that can, so a caller catching {@code SQLFeatureNotSupportedException} still does.
   */
  private record Refusal(SQLException first) {
    SQLException exception() {
      SQLException fresh = null;
      for (Class<?> type = first.getClass(); fresh == null && type != SQLException.class; type = type.getSuperclass()) {
        try {
          fresh = (SQLException) type.getConstructor(String.class, String.class, int.class)
              .newInstance(first.getMessage(), first.getSQLState(), first.getErrorCode());
        } catch (ReflectiveOperationException | RuntimeException e) {
          // try the superclass
        }
      }
      if (fresh == null) {
        fresh = new SQLException(first.getMessage(), first.getSQLState(), first.getErrorCode());
      }
      if (first.getCause() != null) {
        fresh.initCause(first.getCause());
      }
      return fresh;
    }
  }
}
