package io.seqproxy.jdbc.rewrite;

import io.seqproxy.jdbc.rewrite.InsertShape.Unreadable;
import io.seqproxy.jdbc.rewrite.InsertShape.Value;
import io.seqproxy.jdbc.rewrite.RewritePlan.ExplicitKey;
import io.seqproxy.jdbc.rewrite.RewritePlan.Kind;
import io.seqproxy.jdbc.rewrite.RewritePlan.Slot;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Computes the plan for one SQL string that passed the text pre-check. One instance per
 * call: it collects the edits to the text while it walks the statements in order, then cuts
 * the text into fragments around the slots.
 */
final class InsertPlanner {

  /** First words of statements whose body may mention INSERT without being one (DDL). */
  private static final Set<String> DEFINITIONS =
      Set.of("create", "alter", "drop", "grant", "revoke", "comment", "rename", "truncate");

  /**
   * A change to the text: characters {@code start..end} are replaced by {@code before}, then
   * the slot (if any), then {@code after}.
   */
  private record Edit(int start, int end, String before, Slot slot, String after) {}

  private final String sql;
  private final List<Token> tokens;
  private final TableMappings mappings;
  private final SqlDialect dialect;
  private final List<Edit> edits = new ArrayList<>();
  /** Token indexes of the INSERT and REPLACE keywords planned as statements, nested or not. */
  private final Set<Integer> plannedVerbs = new HashSet<>();
  /** The application's 1-based parameter index of each PARAMETER token, by token index. */
  private final int[] appIndex;
  private final int appParameterCount;
  /** Token index of an application {@code ?} that fills a generated column → its slot. */
  private final Map<Integer, Slot> generatedIfNull = new LinkedHashMap<>();
  /** Lower-case name → configured name, first table first. */
  private final Map<String, String> generatedColumns = new LinkedHashMap<>();
  private final List<ExplicitKey> explicitKeys = new ArrayList<>();
  /** Per explicit key: the literal (by literal number) its value was read from, or -1; and its sign. */
  private final List<Integer> explicitKeyLiterals = new ArrayList<>();
  private final List<String> explicitKeySigns = new ArrayList<>();
  /** The literal number of each literal token, by token index; -1 for other tokens. */
  private final int[] literalIndex;
  private int rowCount;

  private InsertPlanner(String sql, List<Token> tokens, TableMappings mappings, SqlDialect dialect) {
    this.sql = sql;
    this.mappings = mappings;
    this.dialect = dialect;
    this.tokens = tokens;
    this.appIndex = new int[tokens.size()];
    this.literalIndex = new int[tokens.size()];
    int count = 0;
    int literals = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      if (token.kind() == Token.Kind.PARAMETER) {
        appIndex[i] = ++count;
      }
      literalIndex[i] = PlanShape.isLiteral(token) ? literals++ : -1;
    }
    this.appParameterCount = count;
  }

  static RewritePlan plan(String sql, TableMappings mappings, SqlDialect dialect)
      throws SQLException {
    List<Token> tokens = SqlTokenizer.tokenize(sql, dialect);
    return shape(sql, tokens, mappings, dialect).instantiate(sql, tokens);
  }

  /** The shape of {@code sql}: its plan with the literals left as holes. */
  static PlanShape shape(String sql, List<Token> tokens, TableMappings mappings, SqlDialect dialect)
      throws SQLException {
    InsertPlanner planner = new InsertPlanner(sql, tokens, mappings, dialect);
    planner.planStatements();
    return planner.toShape();
  }

  private void planStatements() throws SQLException {
    int start = 0;
    while (start < tokens.size()) {
      int end = statementEnd(start);
      planStatement(start, end);
      refuseUnplannedInserts(start, end);
      start = end + 1;
    }
  }

  /**
   * The index of the ';' that ends the statement starting at {@code start}, or the token
   * count. A CREATE of a routine or trigger with a BEGIN ... END body holds ';' of its own,
   * so it runs to the end of the text.
   */
  private int statementEnd(int start) {
    boolean definition = isDefinition(start);
    int depth = 0;
    for (int i = start; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      if (token.isSymbol(sql, '(')) {
        depth++;
      } else if (token.isSymbol(sql, ')')) {
        depth = Math.max(0, depth - 1);
      } else if (definition && token.isWord(sql, "BEGIN")) {
        return tokens.size();
      } else if (depth == 0 && token.isSymbol(sql, ';')) {
        return i;
      }
    }
    return tokens.size();
  }

  private boolean isDefinition(int start) {
    Token first = tokens.get(start);
    return first.kind() == Token.Kind.WORD && DEFINITIONS.contains(first.lowerName(sql));
  }

  /**
   * Plans the statement in tokens {@code start..end}, and every INSERT nested in it as a whole
   * parenthesised statement (H2's {@code FINAL TABLE (INSERT ...)}, PostgreSQL's {@code WITH x AS
   * (INSERT ...)}), in text order so that rows are numbered as they are written. A nested INSERT
   * is planned exactly like a top-level one, with its closing parenthesis as its end, so every
   * splice stays inside the parentheses and JSqlParser validates the INSERT's own text: version
   * 5.3 cannot parse {@code FINAL TABLE}, and the query around the INSERT is not ours to check.
   */
  private void planStatement(int start, int end) throws SQLException {
    if (start >= end || isDefinition(start)) {
      return;
    }
    refuseOtherWriters(start, end);
    int verb = mainVerb(start, end);
    for (int i = start; i < end; i++) {
      if (i == verb) {
        planInsert(start, verb, end);
      } else if (tokens.get(i).isSymbol(sql, '(') && i + 1 < end
          && (tokens.get(i + 1).isWord(sql, "INSERT") || tokens.get(i + 1).isWord(sql, "WITH"))) {
        int close = matchingClose(i, end);
        if (close >= 0 && isNestedInsert(i + 1, close)) {
          planStatement(i + 1, close);
          i = close;
        }
      }
    }
  }

  /**
   * Statements that can write rows into a mapped table without being an INSERT that seqproxy
   * fills: a MERGE whose insert does not supply the generated columns itself, and EXPLAIN
   * ANALYZE of an INSERT (PostgreSQL runs it). They are refused rather than let through without
   * IDs.
   */
  private void refuseOtherWriters(int start, int end) throws SQLException {
    Token first = tokens.get(start);
    if (first.isWord(sql, "EXPLAIN")) {
      boolean analyze = false;
      for (int i = start + 1; i < end; i++) {
        Token token = tokens.get(i);
        if (token.isWord(sql, "ANALYZE") || token.isWord(sql, "ANALYSE")) {
          analyze = true;
        } else if (isInsertVerb(token)) {
          String table = analyze ? mappedTableOf(i, end) : null;
          if (table != null) {
            throw new SQLFeatureNotSupportedException("EXPLAIN ANALYZE runs the INSERT into " + table
                + ", which seqproxy does not fill inside EXPLAIN: explain it without ANALYZE, or run"
                + " the INSERT as a statement of its own");
          }
          return;
        }
      }
      return;
    }
    int merge = first.isWord(sql, "MERGE") ? start : -1;
    for (int i = start, depth = 0; merge < 0 && first.isWord(sql, "WITH") && i < end; i++) {
      Token token = tokens.get(i);
      depth += token.isSymbol(sql, '(') ? 1 : token.isSymbol(sql, ')') ? -1 : 0;
      if (depth == 0 && token.isWord(sql, "MERGE")) {
        merge = i;
      }
    }
    if (merge >= 0) {
      refuseMergeWithoutColumns(merge, end);
    }
  }

  private void refuseMergeWithoutColumns(int merge, int end) throws SQLException {
    int at = merge + 1;
    if (at < end && tokens.get(at).isWord(sql, "INTO")) {
      at++;
    }
    List<Token> name = new ArrayList<>();
    while (at < end && tokens.get(at).isName()) {
      name.add(tokens.get(at++));
      if (at < end && tokens.get(at).isSymbol(sql, '.')) {
        at++;
      } else {
        break;
      }
    }
    if (name.isEmpty()) {
      return;
    }
    String table = name.get(name.size() - 1).name(sql);
    String schema = name.size() > 1 ? name.get(name.size() - 2).name(sql) : null;
    List<ColumnMapping> columns = mappings.columnsFor(schema, table);
    if (columns.isEmpty()) {
      return;
    }
    // The standard MERGE ... USING ... WHEN NOT MATCHED THEN INSERT (cols) ...; without USING,
    // H2's MERGE INTO t (cols) KEY (...) VALUES ...: its column list follows the table.
    boolean using = false;
    List<Integer> columnLists = new ArrayList<>();
    boolean unlisted = false;
    for (int i = at, depth = 0; i < end; i++) {
      Token token = tokens.get(i);
      if (depth == 0 && token.isWord(sql, "USING")) {
        using = true;
      } else if (depth == 0 && token.isWord(sql, "INSERT")) {
        if (i + 1 < end && tokens.get(i + 1).isSymbol(sql, '(')) {
          columnLists.add(i + 1);
        } else {
          unlisted = true;
        }
      }
      depth += token.isSymbol(sql, '(') ? 1 : token.isSymbol(sql, ')') ? -1 : 0;
    }
    if (!using) {
      columnLists.clear();
      unlisted = !(at < end && tokens.get(at).isSymbol(sql, '('));
      if (!unlisted) {
        columnLists.add(at);
      }
    }
    boolean supplied = !unlisted;
    for (int open : columnLists) {
      supplied &= listsAll(open, end, columns);
    }
    if (!supplied) {
      throw new SQLFeatureNotSupportedException("MERGE into " + sql.substring(name.get(0).start(),
          name.get(name.size() - 1).end()) + " can insert rows without " + names(columns)
          + ", which seqproxy does not fill in a MERGE: list " + names(columns) + " in the MERGE's"
          + " insert columns and supply the value, or use INSERT (with ON CONFLICT or ON DUPLICATE"
          + " KEY UPDATE)");
    }
  }

  /** Whether the column list opening at {@code open} names every generated column. */
  private boolean listsAll(int open, int end, List<ColumnMapping> columns) {
    int close = matchingClose(open, end);
    if (close < 0) {
      return false;
    }
    List<String> listed = new ArrayList<>();
    for (int i = open + 1; i < close; i++) {
      if (tokens.get(i).isName()
          && (tokens.get(i + 1).isSymbol(sql, ',') || tokens.get(i + 1).isSymbol(sql, ')'))) {
        listed.add(tokens.get(i).name(sql));
      }
    }
    int[] positions = positions(listed, columns);
    for (int position : positions) {
      if (position < 0) {
        return false;
      }
    }
    return true;
  }

  /** The index of the ')' that closes the '(' at {@code open}, or -1 before {@code end}. */
  private int matchingClose(int open, int end) {
    int depth = 0;
    for (int i = open; i < end; i++) {
      if (tokens.get(i).isSymbol(sql, '(')) {
        depth++;
      } else if (tokens.get(i).isSymbol(sql, ')') && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Whether tokens {@code start..end} are an INSERT INTO, possibly after a WITH clause. INTO is
   * required (H2 and PostgreSQL, the databases that nest INSERTs, require it too) so that
   * MySQL's string function {@code INSERT(s, pos, len, t)} is not taken for one.
   */
  private boolean isNestedInsert(int start, int end) {
    int verb = mainVerb(start, end);
    return verb >= 0
        && verb + 1 < end
        && tokens.get(verb).isWord(sql, "INSERT")
        && tokens.get(verb + 1).isWord(sql, "INTO");
  }

  /** The INSERT or REPLACE that the statement is, after a WITH clause; -1 for other statements. */
  private int mainVerb(int start, int end) {
    Token first = tokens.get(start);
    if (isInsertVerb(first)) {
      return start;
    }
    if (!first.isWord(sql, "WITH")) {
      return -1;
    }
    int depth = 0;
    for (int i = start + 1; i < end; i++) {
      Token token = tokens.get(i);
      if (token.isSymbol(sql, '(')) {
        depth++;
      } else if (token.isSymbol(sql, ')')) {
        depth--;
      } else if (depth == 0 && isInsertVerb(token)) {
        return i;
      } else if (depth == 0 && isOtherVerb(token)) {
        return -1;
      }
    }
    return -1;
  }

  private boolean isInsertVerb(Token token) {
    return token.isWord(sql, "INSERT") || token.isWord(sql, "REPLACE");
  }

  private boolean isOtherVerb(Token token) {
    return token.isWord(sql, "SELECT")
        || token.isWord(sql, "UPDATE")
        || token.isWord(sql, "DELETE")
        || token.isWord(sql, "MERGE")
        || token.isWord(sql, "VALUES")
        || token.isWord(sql, "TABLE");
  }

  /**
   * The safety net behind {@link #planStatement}: an INSERT into a mapped table inside
   * parentheses that was not planned as a statement of its own (its parenthesis is not closed,
   * or it shares the parentheses with other text) must not reach the database without its ID.
   */
  private void refuseUnplannedInserts(int start, int end) throws SQLException {
    int depth = 0;
    for (int i = start; i < end; i++) {
      Token token = tokens.get(i);
      if (token.isSymbol(sql, '(')) {
        depth++;
      } else if (token.isSymbol(sql, ')')) {
        depth--;
      } else if (depth > 0 && !plannedVerbs.contains(i) && token.isWord(sql, "INSERT")) {
        String table = mappedTableOf(i, end);
        if (table != null) {
          throw new SQLFeatureNotSupportedException(
              "INSERT into " + table + " inside another statement cannot be rewritten: seqproxy"
                  + " fills a nested INSERT only when it is all that its parentheses hold, as in"
                  + " FINAL TABLE (INSERT ...) or WITH x AS (INSERT ...); run it as a statement"
                  + " of its own");
        }
      }
    }
  }

  /** The table the INSERT at {@code verb} writes to when it is mapped, else null. */
  private String mappedTableOf(int verb, int end) {
    try {
      InsertShape shape = InsertShape.read(sql, tokens, verb, end);
      return mappings.columnsFor(shape.schema, shape.table).isEmpty() ? null : shape.tableText;
    } catch (Unreadable e) {
      return e.table == null || mappings.columnsFor(e.schema, e.table).isEmpty() ? null : e.table;
    }
  }

  private void planInsert(int start, int verb, int end) throws SQLException {
    plannedVerbs.add(verb);
    InsertShape shape;
    try {
      shape = InsertShape.read(sql, tokens, verb, end);
    } catch (Unreadable e) {
      planUnreadable(start, end, e);
      return;
    }
    List<ColumnMapping> columns = mappings.columnsFor(shape.schema, shape.table);
    if (columns.isEmpty()) {
      return;
    }
    if (shape.body != InsertShape.Body.SELECT) {
      // INSERT ... SELECT is only checked for the column, never rewritten.
      validateWithParser(start, end, shape);
    }
    switch (shape.body) {
      case VALUES -> planValues(shape, columns);
      case SET -> planSet(shape, columns);
      case DEFAULT_VALUES -> planDefaultValues(shape, columns);
      case SELECT -> checkSelect(shape, columns);
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
    String parserMessage;
    try {
      Table table = tableOf(parse(start, end, null));
      if (table == null || mappings.columnsFor(unquote(table.getSchemaName()),
          unquote(table.getName())).isEmpty()) {
        return;
      }
      parserMessage = e.getMessage();
    } catch (SQLException parseError) {
      parserMessage = parseError.getMessage();
    }
    for (int i = start; i < end; i++) {
      Token token = tokens.get(i);
      if (token.isName() && !mappings.columnsFor(null, token.lowerName(sql)).isEmpty()) {
        throw new SQLException(
            "INSERT into " + token.name(sql) + " cannot be rewritten: " + parserMessage);
      }
    }
  }

  private void validateWithParser(int start, int end, InsertShape shape) throws SQLException {
    Statement statement;
    try {
      statement = parse(start, end, shape);
    } catch (SQLException e) {
      throw new SQLException(
          "INSERT into " + shape.tableText + " cannot be parsed: " + e.getMessage(), e);
    }
    Table table = tableOf(statement);
    if (table == null || !shape.table.equalsIgnoreCase(unquote(table.getName()))) {
      throw new SQLException(
          "INSERT into " + shape.tableText + " cannot be rewritten: the parser reads it as "
              + (table == null ? statement.getClass().getSimpleName() : "into " + table));
    }
  }

  /**
   * Parses the statement on this thread: JSqlParser's own entry points run the parser on an
   * executor to enforce a time-out, which a driver must not do on the application's thread.
   */
  private Statement parse(int start, int end, InsertShape shape) throws SQLException {
    try {
      CCJSqlParser parser =
          CCJSqlParserUtil.newParser(parserText(start, end, shape))
              .withAllowComplexParsing(true)
              .withBackslashEscapeCharacter(dialect.backslashEscapes);
      return parser.Statement();
    } catch (Exception | StackOverflowError e) {
      throw new SQLException(briefly(e.getMessage()), e);
    }
  }

  /**
   * The statement as JSqlParser is shown it: the tokens without comments, which JSqlParser
   * 5.3 does not all know ({@code #}), and with the vendor syntax it lacks but that does not
   * change what the statement inserts neutralised: strings it cannot lex become {@code 's'},
   * MySQL's row alias and PostgreSQL's OVERRIDING clause are left out, and an empty column
   * list or row gets a dummy entry. Tokens adjacent in the original stay adjacent, so
   * operators such as {@code ::} and {@code ||} survive.
   */
  private String parserText(int start, int end, InsertShape shape) {
    StringBuilder text = new StringBuilder();
    Token previous = null;
    for (int i = start; i < end; i++) {
      Token token = tokens.get(i);
      if (shape != null && isLeftOutForParser(shape, i, token)) {
        continue;
      }
      if (isCharsetIntroducer(i, end)) {
        continue;
      }
      if (previous != null
          && (previous.end() != token.start()
              || (previous.isSymbol(sql, '-') && token.isSymbol(sql, '-')))) {
        // "5--1" is 5 - -1 to MySQL but a comment to JSqlParser.
        text.append(' ');
      }
      if (shape != null && isEmptyListEnd(shape, i)) {
        text.append(i == shape.columnListClose ? "x" : "NULL");
      }
      String raw = token.text(sql);
      boolean unlexable = raw.startsWith("$") || raw.indexOf('\\') >= 0;
      boolean string = token.kind() == Token.Kind.STRING
          || (token.kind() == Token.Kind.QUOTED && raw.charAt(0) == '"');
      text.append(string && unlexable ? "'s'" : raw);
      previous = token;
    }
    return text.toString();
  }

  /** MySQL's {@code _utf8mb4'text'}: JSqlParser knows the string but not the introducer. */
  private boolean isCharsetIntroducer(int index, int end) {
    Token token = tokens.get(index);
    return token.kind() == Token.Kind.WORD
        && sql.charAt(token.start()) == '_'
        && index + 1 < end
        && tokens.get(index + 1).kind() == Token.Kind.STRING
        && tokens.get(index + 1).start() == token.end();
  }

  private static boolean isLeftOutForParser(InsertShape shape, int index, Token token) {
    return (shape.overriding >= 0 && index >= shape.overriding && index < shape.overriding + 3)
        || (token.start() >= shape.rowAliasStart && token.end() <= shape.rowAliasEnd
            && shape.rowAliasEnd > shape.rowAliasStart);
  }

  private boolean isEmptyListEnd(InsertShape shape, int index) {
    if (index == 0 || !tokens.get(index - 1).isSymbol(sql, '(')) {
      return false;
    }
    return index == shape.columnListClose
        || shape.rows.stream().anyMatch(row -> row.close() == index && row.values().isEmpty());
  }

  private static Table tableOf(Statement statement) {
    if (statement instanceof Insert insert) {
      return insert.getTable();
    }
    if (statement instanceof Upsert upsert) {
      return upsert.getTable();
    }
    return null;
  }

  private void planValues(InsertShape shape, List<ColumnMapping> columns) throws SQLException {
    if (shape.columnListClose < 0) {
      throw new SQLException(
          "INSERT into " + shape.tableText + " has no column list: list the columns so that"
              + " seqproxy can add " + names(columns)
              + " (it does not know the table's column order)");
    }
    int[] positions = positions(shape.columns, columns);
    appendColumns(shape, columns, positions);
    for (int r = 0; r < shape.rows.size(); r++) {
      InsertShape.Row row = shape.rows.get(r);
      if (row.values().size() != shape.columns.size()) {
        throw new SQLException(
            "INSERT into " + shape.tableText + " cannot be rewritten: row " + (r + 1) + " has "
                + row.values().size() + " values for " + shape.columns.size() + " columns");
      }
      int at = tokens.get(row.close()).start();
      boolean empty = row.values().isEmpty();
      for (int c = 0; c < columns.size(); c++) {
        ColumnMapping column = columns.get(c);
        if (positions[c] < 0) {
          edits.add(new Edit(at, at, empty ? "" : ", ", generated(column), ""));
          empty = false;
        } else {
          planValue(shape, column, row.values().get(positions[c]));
        }
      }
      rowCount++;
    }
    declare(columns);
  }

  private void appendColumns(InsertShape shape, List<ColumnMapping> columns, int[] positions) {
    int at = tokens.get(shape.columnListClose).start();
    boolean empty = shape.columns.isEmpty();
    for (int c = 0; c < columns.size(); c++) {
      if (positions[c] < 0) {
        edits.add(new Edit(at, at, (empty ? "" : ", ") + columns.get(c).column(), null, ""));
        empty = false;
      }
    }
  }

  private void planSet(InsertShape shape, List<ColumnMapping> columns) throws SQLException {
    List<String> assigned = shape.assignments.stream().map(InsertShape.Assignment::column).toList();
    int[] positions = positions(assigned, columns);
    int at = tokens.get(shape.bodyLast).end();
    for (int c = 0; c < columns.size(); c++) {
      ColumnMapping column = columns.get(c);
      if (positions[c] < 0) {
        edits.add(new Edit(at, at, ", " + column.column() + " = ", generated(column), ""));
      } else {
        planValue(shape, column, shape.assignments.get(positions[c]).value());
      }
    }
    rowCount++;
    declare(columns);
  }

  /** {@code DEFAULT VALUES} becomes {@code (id) VALUES (?)}: every other column still defaults. */
  private void planDefaultValues(InsertShape shape, List<ColumnMapping> columns) {
    int start = tokens.get(shape.bodyFirst).start();
    int end = tokens.get(shape.bodyLast).end();
    String before = "(" + names(columns) + ") VALUES (";
    for (int c = 0; c < columns.size(); c++) {
      Slot slot = generated(columns.get(c));
      edits.add(c == 0 ? new Edit(start, end, before, slot, "") : new Edit(end, end, ", ", slot, ""));
    }
    edits.add(new Edit(end, end, ")", null, ""));
    rowCount++;
    declare(columns);
  }

  /** INSERT ... SELECT is forwarded when the query supplies every generated column itself. */
  private void checkSelect(InsertShape shape, List<ColumnMapping> columns)
      throws SQLFeatureNotSupportedException {
    int[] positions = positions(shape.columns, columns);
    for (int c = 0; c < columns.size(); c++) {
      if (positions[c] < 0) {
        String column = columns.get(c).column();
        throw new SQLFeatureNotSupportedException(
            "INSERT ... SELECT into " + shape.tableText + " does not supply " + column
                + ", which seqproxy cannot fill in a query yet: list " + column
                + " in the column list and select its value, or insert with VALUES");
      }
    }
  }

  private void planValue(InsertShape shape, ColumnMapping column, Value value)
      throws SQLException {
    Token token = tokens.get(value.first());
    if (value.isSingle() && (token.isWord(sql, "NULL") || token.isWord(sql, "DEFAULT"))) {
      edits.add(new Edit(token.start(), token.end(), "", generated(column), ""));
    } else if (value.isSingle() && token.kind() == Token.Kind.PARAMETER) {
      generatedIfNull.put(
          value.first(),
          new Slot(Kind.GENERATED_IF_NULL, appIndex[value.first()], column.sequence(),
              column.column(), rowCount, column.rejectExplicit()));
    } else if (column.rejectExplicit()) {
      throw new SQLException(
          "INSERT into " + shape.tableText + " supplies its own value for " + column.column()
              + " (" + sql.substring(token.start(), tokens.get(value.last()).end()) + " in row "
              + (rowCount + 1) + "), but " + column.column()
              + " is configured with explicit: reject; leave the column out or write NULL or DEFAULT");
    } else {
      explicitKeys.add(new ExplicitKey(rowCount, column.column(), integerLiteral(value)));
      recordKeyLiteral(value);
    }
  }

  /** Remembers which literal an explicit key's value comes from, so that a shape can read it. */
  private void recordKeyLiteral(Value value) {
    SignedNumber number = signedNumber(value);
    explicitKeyLiterals.add(number == null ? -1 : literalIndex[number.token()]);
    explicitKeySigns.add(number == null ? "" : number.sign());
  }

  /** The value of an integer literal, optionally signed; null for anything else. */
  private Long integerLiteral(Value value) {
    SignedNumber number = signedNumber(value);
    if (number == null) {
      return null;
    }
    try {
      return Long.valueOf(number.sign() + tokens.get(number.token()).text(sql));
    } catch (NumberFormatException notAnInteger) {
      return null;
    }
  }

  /** A value that is one number literal, with the sign written before it ("" for none). */
  private record SignedNumber(String sign, int token) {}

  private SignedNumber signedNumber(Value value) {
    int first = value.first();
    String sign = "";
    if (value.last() == first + 1
        && (tokens.get(first).isSymbol(sql, '-') || tokens.get(first).isSymbol(sql, '+'))) {
      sign = tokens.get(first).text(sql);
      first++;
    }
    return first == value.last() && tokens.get(first).kind() == Token.Kind.NUMBER
        ? new SignedNumber(sign, first) : null;
  }

  private Slot generated(ColumnMapping column) {
    return new Slot(Kind.GENERATED, 0, column.sequence(), column.column(), rowCount, false);
  }

  private void declare(List<ColumnMapping> columns) {
    for (ColumnMapping column : columns) {
      generatedColumns.putIfAbsent(column.column().toLowerCase(Locale.ROOT), column.column());
    }
  }

  /** For each generated column, its index among {@code written} (case-insensitive) or -1. */
  private static int[] positions(List<String> written, List<ColumnMapping> columns) {
    int[] positions = new int[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      positions[c] = -1;
      for (int w = 0; w < written.size(); w++) {
        if (written.get(w).equalsIgnoreCase(columns.get(c).column())) {
          positions[c] = w;
          break;
        }
      }
    }
    return positions;
  }

  private static String names(List<ColumnMapping> columns) {
    return String.join(", ", columns.stream().map(ColumnMapping::column).toList());
  }

  private PlanShape toShape() {
    if (generatedColumns.isEmpty()) {
      return PlanShape.PASS_THROUGH;
    }
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).kind() == Token.Kind.PARAMETER) {
        Slot slot = generatedIfNull.get(i);
        if (slot == null) {
          slot = new Slot(Kind.PARAMETER, appIndex[i], null, null, -1, false);
        }
        edits.add(new Edit(tokens.get(i).start(), tokens.get(i).end(), "", slot, ""));
      }
    }
    edits.sort(Comparator.comparingInt(Edit::start));
    List<Object[]> fragments = new ArrayList<>();
    List<Slot> slots = new ArrayList<>();
    List<Object> pieces = new ArrayList<>();
    int cursor = 0;
    int nextToken = 0;
    for (Edit edit : edits) {
      nextToken = copy(cursor, edit.start(), nextToken, pieces);
      pieces.add(edit.before());
      if (edit.slot() != null) {
        fragments.add(join(pieces));
        slots.add(edit.slot());
        pieces.clear();
      }
      pieces.add(edit.after());
      cursor = edit.end();
    }
    copy(cursor, sql.length(), nextToken, pieces);
    fragments.add(join(pieces));
    int[] keyLiteral = explicitKeyLiterals.stream().mapToInt(Integer::intValue).toArray();
    return new PlanShape(
        fragments.toArray(new Object[0][]),
        List.copyOf(slots),
        appParameterCount,
        rowCount,
        List.copyOf(generatedColumns.values()),
        List.copyOf(explicitKeys),
        keyLiteral,
        explicitKeySigns.toArray(new String[0]));
  }

  /**
   * Adds the text {@code from..to} to {@code pieces}, with each literal in it as its literal
   * number; returns the first token at or after {@code to}. No edit ever cuts into a literal.
   */
  private int copy(int from, int to, int firstToken, List<Object> pieces) {
    int at = from;
    int t = firstToken;
    while (t < tokens.size() && tokens.get(t).start() < to) {
      Token token = tokens.get(t);
      if (literalIndex[t] >= 0 && token.start() >= from) {
        pieces.add(sql.substring(at, token.start()));
        pieces.add(literalIndex[t]);
        at = token.end();
      }
      t++;
    }
    pieces.add(sql.substring(at, to));
    return t;
  }

  /** The pieces with adjacent texts merged and empty ones dropped. */
  private static Object[] join(List<Object> pieces) {
    List<Object> joined = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (Object piece : pieces) {
      if (piece instanceof String s) {
        text.append(s);
      } else {
        if (text.length() > 0) {
          joined.add(text.toString());
          text.setLength(0);
        }
        joined.add(piece);
      }
    }
    if (text.length() > 0) {
      joined.add(text.toString());
    }
    return joined.toArray();
  }

  private static String unquote(String name) {
    if (name == null || name.length() < 2) {
      return name;
    }
    char first = name.charAt(0);
    char last = name.charAt(name.length() - 1);
    if ((first == '"' && last == '"') || (first == '`' && last == '`')
        || (first == '[' && last == ']')) {
      return name.substring(1, name.length() - 1);
    }
    return name;
  }

  /** A parser message cut to what matters: where, and which token. */
  private static String briefly(String message) {
    if (message == null) {
      return "unknown error";
    }
    int expecting = message.indexOf("Was expecting");
    String brief = (expecting < 0 ? message : message.substring(0, expecting))
        .replaceAll("\\s+", " ").strip();
    return brief.length() > 200 ? brief.substring(0, 200) + "..." : brief;
  }
}
