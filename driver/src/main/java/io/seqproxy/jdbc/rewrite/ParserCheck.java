package io.seqproxy.jdbc.rewrite;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.StringProvider;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * The JSqlParser adapter. <b>JSqlParser validates; it never reads.</b> Every offset, name, value
 * and row that a plan uses comes from {@link InsertShape}, which reads the tokens; JSqlParser is
 * asked one question per INSERT into a mapped table: is this, in the frame the reader found, an
 * INSERT or REPLACE into that table that a database would accept (table, column list, VALUES or
 * SET, the clauses after them)? Its answer is yes, or the refusal the application sees.
 *
 * <p>What it is shown is the statement's skeleton: the tokens, without comments, with each value
 * the reader delimited (in the rows, the SET list and the assignments of ON DUPLICATE KEY UPDATE
 * and ON CONFLICT ... DO UPDATE SET) replaced by {@code ?}, only the first row of a multi-row
 * VALUES (the reader has checked that every row has as many values as there are columns), and
 * the vendor syntax JSqlParser 5.3 lacks but that does not change what is inserted left out:
 * MySQL's row alias, PostgreSQL's OVERRIDING clause, charset introducers, MariaDB's RETURNING
 * after REPLACE; strings it cannot lex
 * become {@code 's'}, an empty column list or row a dummy entry. So values — hex and bit
 * literals, CONVERT, INTERVAL, JSON, arrays, vendor functions — are the database's business, and
 * a statement's parse does not grow with its rows or with the nesting inside its values.
 *
 * <p>The parser runs in its cheap mode first and in its complex mode only when the cheap one
 * fails and the nesting is shallow enough for it (as {@code CCJSqlParserUtil.parse} does), on
 * the calling thread, within the {@link PlanningBound}. A statement the reader could not follow
 * is shown whole, values included, and so gets the cheap mode only.
 *
 * <p>Two things keep a malformed statement from costing the whole bound. Text whose parentheses
 * do not pair up is refused before JSqlParser sees it (no database accepts it, and JSqlParser
 * would only fail on it, slowly). And a failing parse does not list what JSqlParser was expecting
 * ({@link BriefParser}): that list, which {@link #briefly} drops anyway, took over 90% of a
 * failing parse of deeply nested parentheses and grew faster than the text.
 */
final class ParserCheck {

  private final String sql;
  private final List<Token> tokens;
  private final SqlDialect dialect;
  private final PlanningBound bound;

  /**
   * Loads and initialises JSqlParser's classes (hundreds of milliseconds on a loaded machine) once,
   * before any planning clock starts, so that the first statement of a JVM is not refused for it.
   */
  static void load() {
    Objects.requireNonNull(Loaded.DONE);
  }

  private static final class Loaded {
    static final Object DONE = parseOnce();

    private static Object parseOnce() {
      try {
        return new BriefParser("INSERT INTO t (a) VALUES (?)").Statement();
      } catch (ParseException e) {
        throw new IllegalStateException("JSqlParser cannot parse a plain INSERT", e);
      }
    }
  }

  ParserCheck(String sql, List<Token> tokens, SqlDialect dialect, PlanningBound bound) {
    this.sql = sql;
    this.tokens = tokens;
    this.dialect = dialect;
    this.bound = bound;
  }

  /** Refuses the INSERT in tokens {@code start..end} unless JSqlParser accepts its skeleton as one into the reader's table. */
  void validate(int start, int end, InsertShape shape) throws SQLException {
    Statement statement;
    try {
      statement = parse(checkedSkeleton(start, end, shape, shape.tableText), shape.tableText);
    } catch (ParseException e) {
      throw new SQLException(
          "INSERT into " + shape.tableText + " cannot be parsed: " + briefly(e.getMessage()), e);
    }
    Table table = tableOf(statement);
    if (table == null || !shape.table.equalsIgnoreCase(unquote(table.getName()))) {
      throw new SQLException(
          "INSERT into " + shape.tableText + " cannot be rewritten: the parser reads it as "
              + (table == null ? statement.getClass().getSimpleName() : "into " + table));
    }
  }

  /**
   * The table JSqlParser finds in a statement the reader could not follow, or null when it finds
   * none.
   *
   * @throws ParseException with JSqlParser's message when it cannot parse it either
   */
  Table tableOf(int start, int end, String mentioned) throws SQLException, ParseException {
    // The whole text, values and all: the cheap mode only, so that malformed value text cannot
    // send JSqlParser into the complex mode's look-aheads (over 100 ms for "... VALUES (1 +)").
    String text = checkedSkeleton(start, end, null, mentioned);
    bound.check(mentioned);
    return tableOf(bound.parse(newParser(text, false), mentioned));
  }

  /** The schema of a table JSqlParser found, as written without quotes. */
  static String schemaOf(Table table) {
    return unquote(table.getSchemaName());
  }

  static String nameOf(Table table) {
    return unquote(table.getName());
  }

  private Statement parse(String text, String table) throws SQLException, ParseException {
    bound.check(table);
    try {
      return bound.parse(newParser(text, false), table);
    } catch (ParseException cheapFailed) {
      if (CCJSqlParserUtil.getNestingDepth(text) > CCJSqlParserUtil.ALLOWED_NESTING_DEPTH) {
        throw cheapFailed;
      }
      return bound.parse(newParser(text, true), table);
    }
  }

  private CCJSqlParser newParser(String text, boolean complex) {
    return new BriefParser(text)
        .withAllowComplexParsing(complex)
        .withBackslashEscapeCharacter(dialect.backslashEscapes);
  }

  /**
   * The {@link #skeleton}, or the refusal of a statement whose parentheses (outside the values
   * left out of it) do not pair up, decided from the tokens in one pass.
   */
  private String checkedSkeleton(int start, int end, InsertShape shape, String table)
      throws SQLException {
    int[] unpaired = new int[1];
    String text = skeleton(start, end, shape, unpaired);
    if (unpaired[0] >= 0) {
      Token token = tokens.get(unpaired[0]);
      boolean open = token.isSymbol(sql, '(');
      throw new SQLException("INSERT into " + table + " cannot be rewritten: its parentheses do"
          + " not pair up (" + (open ? "the '(' at character " : "the ')' at character ")
          + (token.start() + 1) + (open ? " is never closed" : " closes nothing") + "); make every"
          + " '(' of the statement have its ')'", "42000");
    }
    return text;
  }

  String skeleton(int start, int end, InsertShape shape) {
    return skeleton(start, end, shape, new int[1]);
  }

  /**
   * The text JSqlParser is shown (see the class comment). Tokens adjacent in the original stay
   * adjacent, so operators such as {@code ::} and {@code ||} survive.
   *
   * @param shape the reader's view, or null for a statement it could not follow (sent whole)
   * @param unpaired receives the token index of the first parenthesis of the text that has no
   *     partner (the first extra ')', else the outermost unclosed '('), or -1
   */
  private String skeleton(int start, int end, InsertShape shape, int[] unpaired) {
    int[] valueLast = shape == null ? null : valueLasts(start, end, shape);
    int skipFrom = -1;
    int skipTo = -1;
    if (shape != null && shape.body == InsertShape.Body.VALUES && shape.rows.size() > 1) {
      skipFrom = shape.rows.get(0).close() + 1;
      skipTo = shape.rows.get(shape.rows.size() - 1).close();
    }
    if (shape != null && shape.returning >= 0 && tokens.get(shape.verb).isWord(sql, "REPLACE")) {
      // MariaDB's REPLACE ... RETURNING: JSqlParser 5.3 reads REPLACE without RETURNING.
      end = shape.returning;
    }
    StringBuilder text = new StringBuilder();
    Token previous = null;
    int depth = 0;
    int outermostOpen = -1;
    int extraClose = -1;
    for (int i = start; i < end; i++) {
      Token token = tokens.get(i);
      if (i >= skipFrom && i <= skipTo) {
        continue;
      }
      if ((shape != null && isLeftOut(shape, i, token)) || isCharsetIntroducer(i, end)) {
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
      if (valueLast != null && valueLast[i - start] >= 0) {
        text.append('?');
        i = valueLast[i - start];
        previous = tokens.get(i);
        continue;
      }
      if (token.isSymbol(sql, '(')) {
        if (depth++ == 0) {
          outermostOpen = i;
        }
      } else if (token.isSymbol(sql, ')') && --depth < 0 && extraClose < 0) {
        extraClose = i;
      }
      String raw = token.text(sql);
      boolean unlexable = raw.startsWith("$") || raw.indexOf('\\') >= 0;
      boolean string = token.kind() == Token.Kind.STRING
          || (token.kind() == Token.Kind.QUOTED && raw.charAt(0) == '"');
      text.append(string && unlexable ? "'s'" : raw);
      previous = token;
    }
    unpaired[0] = extraClose >= 0 ? extraClose : depth > 0 ? outermostOpen : -1;
    return text.toString();
  }

  /** For each token (from {@code start}) that begins a value the reader delimited, the value's last token; else -1. */
  private static int[] valueLasts(int start, int end, InsertShape shape) {
    int[] lasts = new int[end - start];
    Arrays.fill(lasts, -1);
    if (!shape.rows.isEmpty()) {
      for (InsertShape.Value value : shape.rows.get(0).values()) {
        lasts[value.first() - start] = value.last();
      }
    }
    for (InsertShape.Assignment assignment : shape.assignments) {
      lasts[assignment.value().first() - start] = assignment.value().last();
    }
    for (InsertShape.Value value : shape.tailValues) {
      lasts[value.first() - start] = value.last();
    }
    return lasts;
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

  private static boolean isLeftOut(InsertShape shape, int index, Token token) {
    return (shape.overriding >= 0 && index >= shape.overriding && index < shape.overriding + 3)
        || (token.start() >= shape.rowAliasStart && token.end() <= shape.rowAliasEnd
            && shape.rowAliasEnd > shape.rowAliasStart);
  }

  private boolean isEmptyListEnd(InsertShape shape, int index) {
    if (index == 0 || !tokens.get(index - 1).isSymbol(sql, '(')) {
      return false;
    }
    return index == shape.columnListClose
        || (!shape.rows.isEmpty() && shape.rows.get(0).close() == index
            && shape.rows.get(0).values().isEmpty());
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

  /**
   * JSqlParser whose failure costs no more than the parse before it. The generated {@code
   * generateParseException} re-runs every look-ahead taken so far to list the tokens that could
   * have come next; on deeply nested parentheses that took over 90% of a failing parse (about 2 s
   * at depth 200, past the planning bound, for it does not look at {@code interrupted}), and
   * {@link #briefly} drops the list. This one reports the same unexpected token at the same place
   * with its one token as the list (which the message then shows, as the generated one does, and
   * {@link #briefly} drops); whether and where a parse fails is unchanged.
   */
  static final class BriefParser extends CCJSqlParser {
    BriefParser(String text) {
      super(new StringProvider(text));
    }

    @Override
    public ParseException generateParseException() {
      net.sf.jsqlparser.parser.Token next = token.next;
      return new ParseException(token, new int[][] {{next == null ? EOF : next.kind}}, tokenImage);
    }
  }

  /** A parser message cut to what matters: where, and which token. */
  static String briefly(String message) {
    if (message == null) {
      return "unknown error";
    }
    int expecting = message.indexOf("Was expecting");
    String brief = (expecting < 0 ? message : message.substring(0, expecting))
        .replaceAll("\\s+", " ").strip();
    return brief.length() > 200 ? brief.substring(0, 200) + "..." : brief;
  }
}
