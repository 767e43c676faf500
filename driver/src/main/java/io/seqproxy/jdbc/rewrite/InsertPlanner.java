package io.seqproxy.jdbc.rewrite;

import io.seqproxy.jdbc.rewrite.InsertShape.Unreadable;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.schema.Table;

/**
 * Plans one SQL string that passed the text pre-check, within {@link PlanningBound}: walks its
 * statements ({@link Statements}) in text order, refuses the other writers of mapped tables
 * ({@link OtherWriters}), reads each INSERT into a mapped table ({@link InsertShape}), has
 * JSqlParser validate it ({@link ParserCheck}), collects the edits of its body ({@link
 * BodyEdits}) and cuts the text into a shape ({@link Fragments}). An INSERT ... SELECT that does
 * not supply a generated column is not a shape but a plan of two statements ({@link SelectBody},
 * thrown as {@link InsertSelectRequired}). One instance per call.
 */
final class InsertPlanner {

  private final String sql;
  private final List<Token> tokens;
  private final TableMappings mappings;
  private final TableColumns tableColumns;
  private final PlanningBound bound;
  private final Statements statements;
  private final OtherWriters otherWriters;
  private final ParserCheck parser;
  private final BodyEdits body;
  /** Token indexes of the INSERT and REPLACE keywords planned as statements, nested or not. */
  private final Set<Integer> plannedVerbs = new HashSet<>();

  private InsertPlanner(String sql, List<Token> tokens, TableMappings mappings,
      TableColumns tableColumns, SqlDialect dialect, PlanningBound bound) {
    this.sql = sql;
    this.tokens = tokens;
    this.mappings = mappings;
    this.tableColumns = tableColumns;
    this.bound = bound;
    this.statements = new Statements(sql, tokens);
    this.otherWriters = new OtherWriters(sql, tokens, mappings, statements);
    this.parser = new ParserCheck(sql, tokens, dialect, bound);
    this.body = new BodyEdits(sql, tokens);
  }

  /**
   * The shape of {@code sql}: its plan with the literals left as holes. Planning is bounded by
   * {@link PlanningBound#DEFAULT}.
   *
   * @throws SQLException when an INSERT into a mapped table cannot be planned; the same string
   *     is refused the same way every time
   */
  static PlanShape shape(String sql, List<Token> tokens, TableMappings mappings, SqlDialect dialect)
      throws SQLException {
    return shape(sql, tokens, mappings, TableColumns.UNKNOWN, dialect, PlanningBound.DEFAULT);
  }

  /**
   * {@link #shape(String, List, TableMappings, SqlDialect)} with what the database says about
   * the mapped tables, and another bound on planning.
   */
  static PlanShape shape(String sql, List<Token> tokens, TableMappings mappings,
      TableColumns tableColumns, SqlDialect dialect, Duration bound) throws SQLException {
    refuseUnicodeEscapedIdentifiers(sql, tokens, dialect);
    refuseExecutableComments(sql, tokens, dialect);
    ParserCheck.load();
    Objects.requireNonNull(Loaded.DONE);
    InsertPlanner planner = new InsertPlanner(
        sql, tokens, mappings, tableColumns, dialect, PlanningBound.start(bound));
    planner.planStatements();
    return Fragments.assemble(tokens, planner.body);
  }

  /**
   * The planner's own classes, loaded and initialised by planning one plain INSERT once, before
   * any planning clock starts: on a loaded machine (or under a coverage agent) loading them
   * took over a second, and the first statement of a JVM was refused for it.
   */
  private static final class Loaded {
    static final Object DONE = planOnce();

    private static Object planOnce() {
      String sql = "INSERT INTO t (a) VALUES (?)";
      TableMappings mappings = new TableMappings() {
        @Override
        public List<ColumnMapping> columnsFor(String schema, String table) {
          return List.of(new ColumnMapping("id", "s", false));
        }

        @Override
        public Set<String> tableNames() {
          return Set.of("t");
        }
      };
      try {
        Tokens tokens = SqlTokenizer.tokenize(sql, SqlDialect.STANDARD);
        InsertPlanner planner = new InsertPlanner(sql, tokens, mappings, TableColumns.UNKNOWN,
            SqlDialect.STANDARD, PlanningBound.start(Duration.ofDays(1)));
        planner.planStatements();
        return Fragments.assemble(tokens, planner.body).instantiate(sql, tokens);
      } catch (SQLException e) {
        throw new IllegalStateException("the planner cannot plan a plain INSERT", e);
      }
    }
  }

  /**
   * Refuses an INSERT, REPLACE or MERGE holding a Unicode-escaped identifier ({@code U&"..."},
   * with or without {@code UESCAPE}) on PostgreSQL and H2: such a name can be a mapped table
   * whose text does not appear ({@code U&"\006Frders"} is {@code orders}), and a row written
   * through it would have no generated ID. Refused rather than decoded: JSqlParser 5.3 could not
   * validate the statement either. MySQL has no such identifiers ({@code U&"x"} is an
   * expression there).
   */
  private static void refuseUnicodeEscapedIdentifiers(String sql, List<Token> tokens,
      SqlDialect dialect) throws SQLException {
    if (dialect == SqlDialect.MYSQL) {
      return;
    }
    int escaped = -1;
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      if (escaped < 0 && token.isWord(sql, "U") && i + 2 < tokens.size()
          && tokens.get(i + 1).isSymbol(sql, '&') && tokens.get(i + 1).start() == token.end()
          && tokens.get(i + 2).kind() == Token.Kind.QUOTED
          && sql.charAt(tokens.get(i + 2).start()) == '"'
          && tokens.get(i + 2).start() == tokens.get(i + 1).end()) {
        escaped = i;
      }
    }
    if (escaped >= 0 && (writes(sql, tokens) || merges(sql, tokens))) {
      String name = sql.substring(tokens.get(escaped).start(), tokens.get(escaped + 2).end());
      throw new SQLException("INSERT with the Unicode-escaped identifier " + name
          + " cannot be rewritten: seqproxy cannot tell whether it names a mapped table, and a row"
          + " written through it would have no generated ID; write the identifier without U&"
          + " escapes", "0A000");
    }
  }

  /**
   * Refuses, on MySQL and MariaDB, an INSERT or REPLACE with an executable comment ({@code
   * /*! ... *}{@code /}, {@code /*M! ... *}{@code /}): the server runs its text, so {@code INSERT
   * INTO /*!orders*}{@code / ...} writes a mapped table that the tokens, which drop comments, do
   * not show. Comments lie only between tokens, so the gaps between them are searched.
   */
  private static void refuseExecutableComments(String sql, List<Token> tokens, SqlDialect dialect)
      throws SQLException {
    if (dialect != SqlDialect.MYSQL || !writes(sql, tokens)) {
      return;
    }
    int gapStart = 0;
    for (int i = 0; i <= tokens.size(); i++) {
      int gapEnd = i < tokens.size() ? tokens.get(i).start() : sql.length();
      int at = gapStart;
      while (at < gapEnd) {
        if (sql.startsWith("/*", at)) {
          int close = sql.indexOf("*/", at + 2);
          int after = close < 0 || close + 2 > gapEnd ? gapEnd : close + 2;
          if (sql.startsWith("/*!", at) || sql.regionMatches(true, at, "/*m!", 0, 4)) {
            throw new SQLException("INSERT with the executable comment " + sql.substring(at, after)
                + " cannot be rewritten: the server runs its text, which may name a mapped table or"
                + " its columns out of seqproxy's sight; write that text outside the comment",
                "0A000");
          }
          at = after;
        } else if (sql.charAt(at) == '#' || sql.startsWith("--", at)) {
          // A line comment: a "/*!" inside it is not run.
          while (at < gapEnd && sql.charAt(at) != '\n' && sql.charAt(at) != '\r') {
            at++;
          }
        } else {
          at++;
        }
      }
      gapStart = i < tokens.size() ? tokens.get(i).end() : gapEnd;
    }
  }

  private static boolean writes(String sql, List<Token> tokens) {
    for (Token token : tokens) {
      if (token.isWord(sql, "INSERT") || token.isWord(sql, "REPLACE")) {
        return true;
      }
    }
    return false;
  }

  private static boolean merges(String sql, List<Token> tokens) {
    return tokens.stream().anyMatch(token -> token.isWord(sql, "MERGE"));
  }

  private void planStatements() throws SQLException {
    int start = 0;
    while (start < tokens.size()) {
      int end = statements.end(start);
      planStatement(start, end, false);
      otherWriters.refuseUnplannedInserts(start, end, plannedVerbs);
      start = end + 1;
    }
  }

  /**
   * Plans the statement in tokens {@code start..end}, and every INSERT nested in it as a whole
   * parenthesised statement (H2's {@code FINAL TABLE (INSERT ...)}, PostgreSQL's {@code WITH x AS
   * (INSERT ...)}), in text order so that rows are numbered as they are written. A nested INSERT
   * is planned exactly like a top-level one, with its closing parenthesis as its end, so every
   * splice stays inside the parentheses and JSqlParser validates the INSERT's own text: version
   * 5.3 cannot parse {@code FINAL TABLE}, and the query around the INSERT is not ours to check.
   */
  private void planStatement(int start, int end, boolean nested) throws SQLException {
    if (start >= end || statements.isDefinition(start)) {
      return;
    }
    otherWriters.refuse(start, end);
    int verb = statements.mainVerb(start, end);
    for (int i = start; i < end; i++) {
      if (i == verb) {
        planInsert(start, verb, end, nested);
      } else if (statements.opensStatement(i, end)) {
        int close = statements.matchingClose(i, end);
        if (close >= 0 && statements.isNestedInsert(i + 1, close)) {
          planStatement(i + 1, close, true);
          i = close;
        }
      }
    }
  }

  private void planInsert(int start, int verb, int end, boolean nested) throws SQLException {
    plannedVerbs.add(verb);
    InsertShape shape;
    try {
      shape = InsertShape.read(sql, tokens, verb, end);
    } catch (Unreadable e) {
      planUnreadable(start, end, e);
      return;
    }
    // An unqualified table is the current schema's, when the connection's is known.
    String schema = shape.schema != null ? shape.schema : tableColumns.currentSchema();
    List<ColumnMapping> columns = mappings.columnsFor(schema, shape.table);
    if (columns.isEmpty()) {
      return;
    }
    bound.check(shape.tableText);
    long reading = System.nanoTime();
    TableColumns.Known known = tableColumns.of(schema, shape.table);
    bound.exclude(System.nanoTime() - reading);
    if (shape.body == InsertShape.Body.SELECT) {
      new SelectBody(sql, tokens).check(start, end, shape, columns, known, nested);
      return;
    }
    parser.validate(start, end, shape);
    switch (shape.body) {
      case VALUES -> body.values(shape, columns, known);
      case SET -> body.set(shape, columns, known);
      case DEFAULT_VALUES -> body.defaultValues(shape, columns, known);
      case SELECT -> throw new IllegalStateException("handled above");
    }
  }

  /**
   * The reader could not follow the statement. It is an error only when the statement inserts
   * into a mapped table; the table is the one the reader found, or else the one JSqlParser
   * finds, or else any mapped table named in the statement.
   */
  private void planUnreadable(int start, int end, Unreadable e) throws SQLException {
    if (e.table != null) {
      if (!mappings.columnsFor(e.schema, e.table).isEmpty()) {
        throw new SQLException(
            "INSERT into " + e.table + " cannot be rewritten: " + e.getMessage());
      }
      return;
    }
    String mentioned = mentionedMappedTable(start, end);
    if (mentioned == null) {
      return;
    }
    String parserMessage;
    try {
      Table table = parser.tableOf(start, end, mentioned);
      if (table == null || mappings.columnsFor(ParserCheck.schemaOf(table),
          ParserCheck.nameOf(table)).isEmpty()) {
        return;
      }
      parserMessage = e.getMessage();
    } catch (ParseException parseError) {
      parserMessage = ParserCheck.briefly(parseError.getMessage());
    }
    throw new SQLException("INSERT into " + mentioned + " cannot be rewritten: " + parserMessage);
  }

  /** The first mapped table named in tokens {@code start..end}, as written; null when none. */
  private String mentionedMappedTable(int start, int end) {
    for (int i = start; i < end; i++) {
      Token token = tokens.get(i);
      // columnsFor, not tableNames: a table may be mapped by a pattern (orders_*).
      if (token.isName() && !mappings.columnsFor(null, token.lowerName(sql)).isEmpty()) {
        return token.name(sql);
      }
    }
    return null;
  }
}
