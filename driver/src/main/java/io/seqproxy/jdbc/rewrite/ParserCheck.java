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
 * after REPLACE; strings it cannot lex become {@code 's'}, an empty column list or row a dummy
 * entry, what square brackets hold {@code 1}, and each query of a WITH clause before the INSERT
 * {@code SELECT 1}. So values — hex and bit literals, CONVERT, INTERVAL, JSON, arrays, vendor
 * functions — are the database's business, and a statement's parse does not grow with its rows
 * or with the nesting inside its values.
 *
 * <p>The parser runs in its cheap mode first and in its complex mode only when the cheap one
 * fails and the nesting is shallow enough for it (as {@code CCJSqlParserUtil.parse} does), on
 * the calling thread, within the {@link PlanningBound}. A statement the reader could not follow
 * is shown whole, values included, and so gets the cheap mode only.
 *
 * <p>JSqlParser's time grows exponentially with nesting, so four things keep a statement from
 * costing the whole bound. Text whose parentheses and square brackets do not pair up is refused
 * before JSqlParser sees it (no database accepts it, and JSqlParser would only fail on it, slowly).
 * What brackets hold, and the queries of a WITH clause before the INSERT, are not shown to it
 * ({@link #skeleton}), as values are not. And a failing parse does not list what JSqlParser was
 * expecting ({@link BriefParser}): that list, which {@link #briefly} drops anyway, took over 90%
 * of a failing parse of deeply nested parentheses and grew faster than the text.
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
   * The {@link #skeleton}, or the refusal of a statement whose parentheses and square brackets
   * (outside the values left out of it) do not pair up, decided from the tokens in one pass.
   */
  private String checkedSkeleton(int start, int end, InsertShape shape, String table)
      throws SQLException {
    Pairing pairing = new Pairing();
    String text = skeleton(start, end, shape, pairing);
    if (pairing.unpaired >= 0) {
      throw new SQLException("INSERT into " + table + " cannot be rewritten: " + pairing.describe(),
          "42000");
    }
    return text;
  }

  String skeleton(int start, int end, InsertShape shape) {
    return skeleton(start, end, shape, new Pairing());
  }

  /**
   * The text JSqlParser is shown (see the class comment). Tokens adjacent in the original stay
   * adjacent, so operators such as {@code ::} and {@code ||} survive. What a pair of square
   * brackets holds is shown as {@code 1} ({@code x[1]}, {@code ARRAY[1]}; an empty pair stays
   * empty): an array's elements and a subscript are values, and JSqlParser's look-aheads grow
   * exponentially with brackets nested in brackets, in both its modes, whether the text parses or
   * not (a failing parse took 530 ms at 8 deep and the whole bound at 10, a valid
   * {@code ARRAY[[[[[[[[1]]]]]]]]} 17 ms, doubling with each level).
   *
   * <p>Each query of a WITH clause before the INSERT ({@code WITH v AS (...)}) is shown as
   * {@code (SELECT 1)}: what it selects is the INSERT's input, as its values are, and JSqlParser's
   * time grows exponentially with the nesting of subqueries, CASE and parentheses inside it (a
   * valid query of subqueries nested ten deep took the whole bound). An INSERT inside one of them
   * is planned, and so checked, as a statement of its own.
   *
   * @param shape the reader's view, or null for a statement it could not follow (sent whole)
   * @param pairing receives the first parenthesis or bracket of the text that has no partner
   */
  private String skeleton(int start, int end, InsertShape shape, Pairing pairing) {
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
    int withEnd = shape == null ? start : shape.verb; // tokens start..withEnd: the WITH clause
    // A pair whose contents are hidden (a '[' or a WITH query's '('): the pairing depth outside
    // it, or -1; while it is open its tokens are only paired, and at its close a stand-in shown.
    int hiddenDepth = -1;
    boolean hiddenQuery = false;
    boolean hiddenEmpty = true;
    for (int i = start; i < end; i++) {
      Token token = tokens.get(i);
      if (i >= skipFrom && i <= skipTo) {
        continue;
      }
      if ((shape != null && isLeftOut(shape, i, token)) || isCharsetIntroducer(i, end)) {
        continue;
      }
      char symbol = token.kind() == Token.Kind.SYMBOL ? sql.charAt(token.start()) : 0;
      boolean round = symbol == '(' || symbol == ')';
      boolean opens = symbol == '(' || symbol == '[';
      boolean closes = symbol == ')' || symbol == ']';
      if (hiddenDepth >= 0) {
        if (valueLast != null && valueLast[i - start] >= 0) {
          i = valueLast[i - start];
        } else if (opens) {
          pairing.open(i, round);
        } else if (closes) {
          pairing.close(i, round);
          if (pairing.depth == hiddenDepth && pairing.unpaired < 0) {
            text.append(hiddenQuery ? "SELECT 1)" : hiddenEmpty ? "]" : "1]");
            hiddenDepth = -1;
            previous = token;
          }
        }
        hiddenEmpty = false;
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
      if (opens) {
        boolean query = i < withEnd && pairing.depth == 0 && previous != null
            && (previous.isWord(sql, "AS") || previous.isWord(sql, "MATERIALIZED"));
        if (query || !round) {
          hiddenDepth = pairing.depth;
          hiddenQuery = query;
          hiddenEmpty = true;
        }
        pairing.open(i, round);
      } else if (closes) {
        pairing.close(i, round);
      }
      String raw = token.text(sql);
      boolean unlexable = raw.startsWith("$") || raw.indexOf('\\') >= 0;
      boolean string = token.kind() == Token.Kind.STRING
          || (token.kind() == Token.Kind.QUOTED && raw.charAt(0) == '"');
      text.append(string && unlexable ? "'s'" : raw);
      previous = token;
    }
    pairing.finish();
    return text.toString();
  }

  /**
   * The parentheses and square brackets of the shown text, paired with a stack of the open ones;
   * the first that has no partner: the first closing one that closes nothing or the other kind,
   * else the outermost one left open.
   */
  private final class Pairing {
    /** The open ones, innermost last: token index times two, plus one for a square bracket. */
    private int[] open = new int[8];
    int depth;
    int unpaired = -1;
    private int met = -1;

    void open(int index, boolean round) {
      if (unpaired >= 0) {
        return;
      }
      if (depth == open.length) {
        open = Arrays.copyOf(open, depth * 2);
      }
      open[depth++] = index << 1 | (round ? 0 : 1);
    }

    void close(int index, boolean round) {
      if (unpaired >= 0) {
        return;
      }
      if (depth == 0) {
        unpaired = index;
      } else if (((open[depth - 1] & 1) == 0) != round) {
        unpaired = index;
        met = open[depth - 1] >>> 1;
      } else {
        depth--;
      }
    }

    void finish() {
      if (unpaired < 0 && depth > 0) {
        unpaired = open[0] >>> 1;
      }
    }

    private char symbol(int index) {
      return sql.charAt(tokens.get(index).start());
    }

    private String at(int index) {
      return "the '" + symbol(index) + "' at character " + (tokens.get(index).start() + 1);
    }

    /** Which one, and what to change. */
    String describe() {
      char symbol = symbol(unpaired);
      if (met >= 0) {
        return "its parentheses and square brackets do not pair up (" + at(unpaired) + " closes "
            + at(met) + "); close every '(' with ')' and every '[' with ']', the inner ones first";
      }
      boolean round = symbol == '(' || symbol == ')';
      String what = round ? "parentheses" : "square brackets";
      String pair = round ? "'(' of the statement have its ')'" : "'[' of the statement have its ']'";
      return "its " + what + " do not pair up (" + at(unpaired)
          + (symbol == '(' || symbol == '[' ? " is never closed" : " closes nothing") + "); make every "
          + pair;
    }
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
