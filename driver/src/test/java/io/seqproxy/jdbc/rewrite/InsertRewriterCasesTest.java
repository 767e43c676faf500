package io.seqproxy.jdbc.rewrite;

import static io.seqproxy.jdbc.rewrite.RewriteCase.fails;
import static io.seqproxy.jdbc.rewrite.RewriteCase.passes;
import static io.seqproxy.jdbc.rewrite.RewriteCase.rewrites;
import static io.seqproxy.jdbc.rewrite.SqlDialect.MYSQL;
import static io.seqproxy.jdbc.rewrite.SqlDialect.POSTGRESQL;
import static io.seqproxy.jdbc.rewrite.SqlDialect.STANDARD;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SQL in, SQL out. Mappings ({@link FixedMappings#STANDARD}): {@code orders.id}, {@code
 * events.event_id} (explicit: reject), {@code shop.carts.cart_id} (that schema only), and
 * {@code items.id} plus {@code items.code}. See {@link RewriteCase} for the notation.
 */
class InsertRewriterCasesTest {

  private static final Class<SQLException> ERROR = SQLException.class;
  private static final Class<SQLFeatureNotSupportedException> UNSUPPORTED =
      SQLFeatureNotSupportedException.class;
  /** An INSERT ... SELECT that runs as its query and batched INSERTs: refused by the rewriter alone. */
  private static final Class<InsertSelectRequired> SELECT_PLAN = InsertSelectRequired.class;

  @ParameterizedTest(name = "{0}")
  @MethodSource({"basics", "mysql", "postgresql", "h2", "nested", "errors", "untouched", "otherWriters"})
  void planMatchesTable(RewriteCase rewriteCase) throws SQLException {
    rewriteCase.check();
  }

  static Stream<RewriteCase> basics() {
    return Stream.of(
        rewrites(MYSQL, "INSERT INTO orders (a) VALUES (?)",
            "INSERT INTO orders (a, id) VALUES ({app:1}, {gen:id#0})",
            "rows=1 columns=[id] keys=[] params=1"),
        rewrites(MYSQL, "insert into orders(a,b) values(?,?)",
            "insert into orders(a,b, id) values({app:1},{app:2}, {gen:id#0})"),
        rewrites(MYSQL, "INSERT INTO ORDERS (A) VALUES (1)",
            "INSERT INTO ORDERS (A, id) VALUES (1, {gen:id#0})"),
        rewrites(MYSQL, "INSERT INTO orders (a) VALUES (?), (?), (?)",
            "INSERT INTO orders (a, id) VALUES ({app:1}, {gen:id#0}), ({app:2}, {gen:id#1}),"
                + " ({app:3}, {gen:id#2})",
            "rows=3 columns=[id] keys=[] params=3"),
        rewrites(MYSQL, "INSERT INTO orders (id, a) VALUES (NULL, ?)",
            "INSERT INTO orders (id, a) VALUES ({gen:id#0}, {app:1})"),
        rewrites(MYSQL, "INSERT INTO orders (id, a) VALUES (null, ?)",
            "INSERT INTO orders (id, a) VALUES ({gen:id#0}, {app:1})"),
        rewrites(MYSQL, "INSERT INTO orders (a, id) VALUES (?, DEFAULT)",
            "INSERT INTO orders (a, id) VALUES ({app:1}, {gen:id#0})"),
        rewrites(MYSQL, "INSERT INTO orders (a, id) VALUES (?, default)",
            "INSERT INTO orders (a, id) VALUES ({app:1}, {gen:id#0})"),
        rewrites(MYSQL, "INSERT INTO orders (a, id, b) VALUES (?, ?, ?)",
            "INSERT INTO orders (a, id, b) VALUES ({app:1}, {gen?:2 id#0}, {app:3})",
            "rows=1 columns=[id] keys=[] params=3"),
        rewrites(MYSQL, "INSERT INTO orders (id, a) VALUES (42, 'x')",
            "INSERT INTO orders (id, a) VALUES (42, 'x')",
            "rows=1 columns=[id] keys=[0:id=42] params=0"),
        rewrites(MYSQL, "INSERT INTO orders (id, a) VALUES (-7, 'x')",
            "INSERT INTO orders (id, a) VALUES (-7, 'x')",
            "rows=1 columns=[id] keys=[0:id=-7] params=0"),
        rewrites(MYSQL, "INSERT INTO orders (id, a) VALUES (40 + 2, 'x')",
            "INSERT INTO orders (id, a) VALUES (40 + 2, 'x')",
            "rows=1 columns=[id] keys=[0:id=null] params=0"),
        rewrites(MYSQL, "INSERT INTO orders (id, a) VALUES (99999999999999999999, 'x')",
            "INSERT INTO orders (id, a) VALUES (99999999999999999999, 'x')",
            "rows=1 columns=[id] keys=[0:id=null] params=0"),
        rewrites(MYSQL, "INSERT INTO orders (id, a) VALUES (1.5, 'x')",
            "INSERT INTO orders (id, a) VALUES (1.5, 'x')",
            "rows=1 columns=[id] keys=[0:id=null] params=0"),
        rewrites(MYSQL, "INSERT INTO orders (id, a) VALUES ('17', 'x')",
            "INSERT INTO orders (id, a) VALUES ('17', 'x')",
            "rows=1 columns=[id] keys=[0:id=null] params=0"),
        rewrites(MYSQL, "INSERT INTO orders (id, a) VALUES (5, ?), (NULL, ?), (?, ?), (DEFAULT, ?)",
            "INSERT INTO orders (id, a) VALUES (5, {app:1}), ({gen:id#1}, {app:2}),"
                + " ({gen?:3 id#2}, {app:4}), ({gen:id#3}, {app:5})",
            "rows=4 columns=[id] keys=[0:id=5] params=5"),
        rewrites(MYSQL, "INSERT INTO orders (id, a) VALUES (COALESCE(?, 3), ?)",
            "INSERT INTO orders (id, a) VALUES (COALESCE({app:1}, 3), {app:2})",
            "rows=1 columns=[id] keys=[0:id=null] params=2"),
        rewrites(MYSQL, "INSERT INTO orders (id, a) VALUES ((NULL), ?)",
            "INSERT INTO orders (id, a) VALUES ((NULL), {app:1})",
            "rows=1 columns=[id] keys=[0:id=null] params=1"),
        rewrites(MYSQL, "INSERT INTO orders (ID, a) VALUES (NULL, 1)",
            "INSERT INTO orders (ID, a) VALUES ({gen:id#0}, 1)"),
        rewrites(MYSQL, "INSERT INTO orders (`Id`, a) VALUES (NULL, 1)",
            "INSERT INTO orders (`Id`, a) VALUES ({gen:id#0}, 1)"),
        rewrites(MYSQL, "INSERT INTO orders (orders.id, a) VALUES (NULL, 1)",
            "INSERT INTO orders (orders.id, a) VALUES ({gen:id#0}, 1)"),
        rewrites(MYSQL, "INSERT INTO orders (a, b) VALUES (f(?, g(?, ?)), (SELECT max(x) FROM y))",
            "INSERT INTO orders (a, b, id) VALUES (f({app:1}, g({app:2}, {app:3})),"
                + " (SELECT max(x) FROM y), {gen:id#0})"),
        rewrites(MYSQL, "INSERT INTO orders (a) VALUES (')?,(')",
            "INSERT INTO orders (a, id) VALUES (')?,(', {gen:id#0})",
            "rows=1 columns=[id] keys=[] params=0"),
        rewrites(MYSQL, "INSERT INTO items (name) VALUES (?)",
            "INSERT INTO items (name, id, code) VALUES ({app:1}, {gen:id#0}, {gen:code#0})",
            "rows=1 columns=[id, code] keys=[] params=1"),
        rewrites(MYSQL, "INSERT INTO items (code, name) VALUES (?, ?), ('c2', ?)",
            "INSERT INTO items (code, name, id) VALUES ({gen?:1 code#0}, {app:2}, {gen:id#0}),"
                + " ('c2', {app:3}, {gen:id#1})",
            "rows=2 columns=[id, code] keys=[1:code=null] params=3"),
        rewrites(MYSQL, "INSERT INTO items (id, code) VALUES (NULL, DEFAULT)",
            "INSERT INTO items (id, code) VALUES ({gen:id#0}, {gen:code#0})"),
        rewrites(MYSQL, "INSERT INTO events (name) VALUES (?)",
            "INSERT INTO events (name, event_id) VALUES ({app:1}, {gen:event_id#0})"),
        rewrites(MYSQL, "INSERT INTO events (event_id, name) VALUES (?, ?)",
            "INSERT INTO events (event_id, name) VALUES ({gen?!:1 event_id#0}, {app:2})"),
        rewrites(MYSQL, "INSERT INTO events (event_id, name) VALUES (NULL, ?)",
            "INSERT INTO events (event_id, name) VALUES ({gen:event_id#0}, {app:1})"),
        rewrites(MYSQL, "INSERT INTO shop.carts (a) VALUES (1)",
            "INSERT INTO shop.carts (a, cart_id) VALUES (1, {gen:cart_id#0})"),
        rewrites(MYSQL, "INSERT INTO SHOP.CARTS (a) VALUES (1)",
            "INSERT INTO SHOP.CARTS (a, cart_id) VALUES (1, {gen:cart_id#0})"),
        passes(MYSQL, "INSERT INTO carts (a) VALUES (1)"),
        passes(MYSQL, "INSERT INTO other.carts (a) VALUES (1)"),
        rewrites(MYSQL, "INSERT INTO anyschema.orders (a) VALUES (1)",
            "INSERT INTO anyschema.orders (a, id) VALUES (1, {gen:id#0})"),
        passes(MYSQL, "INSERT INTO orders_archive (a) VALUES (1)"),
        passes(MYSQL, "INSERT INTO my_orders (a) VALUES (1)"),
        rewrites(MYSQL, "INSERT INTO orders () VALUES ()",
            "INSERT INTO orders (id) VALUES ({gen:id#0})"),
        rewrites(MYSQL, "INSERT INTO orders () VALUES (), ()",
            "INSERT INTO orders (id) VALUES ({gen:id#0}), ({gen:id#1})"),
        rewrites(MYSQL, "INSERT INTO items () VALUES ()",
            "INSERT INTO items (id, code) VALUES ({gen:id#0}, {gen:code#0})"),
        rewrites(MYSQL, "INSERT INTO orders (a) VALUES (?);",
            "INSERT INTO orders (a, id) VALUES ({app:1}, {gen:id#0});"));
  }

  static Stream<RewriteCase> mysql() {
    return Stream.of(
        rewrites(MYSQL, "INSERT INTO orders SET a = ?, b = 2",
            "INSERT INTO orders SET a = {app:1}, b = 2, id = {gen:id#0}",
            "rows=1 columns=[id] keys=[] params=1"),
        rewrites(MYSQL, "INSERT INTO orders SET id = NULL, a = ?",
            "INSERT INTO orders SET id = {gen:id#0}, a = {app:1}"),
        rewrites(MYSQL, "INSERT INTO orders SET a = ?, id = ?",
            "INSERT INTO orders SET a = {app:1}, id = {gen?:2 id#0}"),
        rewrites(MYSQL, "INSERT INTO orders SET a = ?, id = 12",
            "INSERT INTO orders SET a = {app:1}, id = 12",
            "rows=1 columns=[id] keys=[0:id=12] params=1"),
        rewrites(MYSQL, "INSERT INTO orders SET a = ? ON DUPLICATE KEY UPDATE a = ?",
            "INSERT INTO orders SET a = {app:1}, id = {gen:id#0} ON DUPLICATE KEY UPDATE a = {app:2}"),
        rewrites(MYSQL, "INSERT INTO items SET name = CONCAT(?, 'x')",
            "INSERT INTO items SET name = CONCAT({app:1}, 'x'), id = {gen:id#0}, code = {gen:code#0}"),
        rewrites(MYSQL, "INSERT INTO orders SET a = (1, 2) IN ((1, 2))",
            "INSERT INTO orders SET a = (1, 2) IN ((1, 2)), id = {gen:id#0}"),
        rewrites(MYSQL, "INSERT IGNORE INTO orders (a) VALUES (?)",
            "INSERT IGNORE INTO orders (a, id) VALUES ({app:1}, {gen:id#0})"),
        rewrites(MYSQL, "INSERT LOW_PRIORITY IGNORE INTO orders (a) VALUES (?)",
            "INSERT LOW_PRIORITY IGNORE INTO orders (a, id) VALUES ({app:1}, {gen:id#0})"),
        rewrites(MYSQL, "INSERT orders (a) VALUES (?)",
            "INSERT orders (a, id) VALUES ({app:1}, {gen:id#0})"),
        rewrites(MYSQL, "INSERT INTO orders (a) VALUE (?)",
            "INSERT INTO orders (a, id) VALUE ({app:1}, {gen:id#0})"),
        rewrites(MYSQL, "REPLACE INTO orders (a) VALUES (?)",
            "REPLACE INTO orders (a, id) VALUES ({app:1}, {gen:id#0})"),
        rewrites(MYSQL, "replace into orders (id, a) values (7, ?)",
            "replace into orders (id, a) values (7, {app:1})",
            "rows=1 columns=[id] keys=[0:id=7] params=1"),
        rewrites(MYSQL, "REPLACE orders SET a = ?",
            "REPLACE orders SET a = {app:1}, id = {gen:id#0}"),
        rewrites(MYSQL, "REPLACE INTO orders (a) VALUES (1), (2)",
            "REPLACE INTO orders (a, id) VALUES (1, {gen:id#0}), (2, {gen:id#1})"),
        rewrites(MYSQL,
            "INSERT INTO orders (a, b) VALUES (?, ?) ON DUPLICATE KEY UPDATE b = ?, c = VALUES(a)",
            "INSERT INTO orders (a, b, id) VALUES ({app:1}, {app:2}, {gen:id#0})"
                + " ON DUPLICATE KEY UPDATE b = {app:3}, c = VALUES(a)",
            "rows=1 columns=[id] keys=[] params=3"),
        rewrites(MYSQL,
            "INSERT INTO orders (a) VALUES (?), (?) ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)",
            "INSERT INTO orders (a, id) VALUES ({app:1}, {gen:id#0}), ({app:2}, {gen:id#1})"
                + " ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)"),
        rewrites(MYSQL,
            "INSERT INTO orders (a) VALUES (?) AS new ON DUPLICATE KEY UPDATE a = new.a + ?",
            "INSERT INTO orders (a, id) VALUES ({app:1}, {gen:id#0}) AS new"
                + " ON DUPLICATE KEY UPDATE a = new.a + {app:2}"),
        rewrites(MYSQL, "INSERT INTO `orders` (`a`) VALUES (?)",
            "INSERT INTO `orders` (`a`, id) VALUES ({app:1}, {gen:id#0})"),
        rewrites(MYSQL, "INSERT INTO `shop`.`carts` (`a`) VALUES (?)",
            "INSERT INTO `shop`.`carts` (`a`, cart_id) VALUES ({app:1}, {gen:cart_id#0})"),
        rewrites(MYSQL, "INSERT INTO `Orders` (`id`, `a`) VALUES (NULL, ?)",
            "INSERT INTO `Orders` (`id`, `a`) VALUES ({gen:id#0}, {app:1})"),
        rewrites(MYSQL, "INSERT /*+ NO_RANGE_OPTIMIZATION(t) */ INTO orders (a) VALUES (?)",
            "INSERT /*+ NO_RANGE_OPTIMIZATION(t) */ INTO orders (a, id) VALUES ({app:1}, {gen:id#0})"),
        rewrites(MYSQL, "INSERT INTO orders (a) VALUES ('it''s ?'), ('back\\'slash ?')",
            "INSERT INTO orders (a, id) VALUES ('it''s ?', {gen:id#0}), ('back\\'slash ?', {gen:id#1})",
            "rows=2 columns=[id] keys=[] params=0"),
        rewrites(MYSQL, "INSERT INTO orders (a) VALUES (\"dq ? \\\" )\")",
            "INSERT INTO orders (a, id) VALUES (\"dq ? \\\" )\", {gen:id#0})"),
        rewrites(MYSQL, "INSERT INTO orders (a) # a comment with ? and )\nVALUES (?)",
            "INSERT INTO orders (a, id) # a comment with ? and )\nVALUES ({app:1}, {gen:id#0})",
            "rows=1 columns=[id] keys=[] params=1"),
        rewrites(MYSQL, "INSERT INTO orders (a) -- trailing ? comment\nVALUES (?)",
            "INSERT INTO orders (a, id) -- trailing ? comment\nVALUES ({app:1}, {gen:id#0})"),
        rewrites(MYSQL, "INSERT INTO orders (a) VALUES (5--1)",
            "INSERT INTO orders (a, id) VALUES (5--1, {gen:id#0})"),
        rewrites(MYSQL, "INSERT INTO orders (a /* ) */, b) VALUES (? /* ? */, ?)",
            "INSERT INTO orders (a /* ) */, b, id) VALUES ({app:1} /* ? */, {app:2}, {gen:id#0})"),
        rewrites(MYSQL, "INSERT INTO orders (a) VALUES (_utf8mb4'x')",
            "INSERT INTO orders (a, id) VALUES (_utf8mb4'x', {gen:id#0})"),
        rewrites(MYSQL, "INSERT INTO orders (a) VALUES (X'0A'), (0x0B)",
            "INSERT INTO orders (a, id) VALUES (X'0A', {gen:id#0}), (0x0B, {gen:id#1})"),
        rewrites(MYSQL, "INSERT INTO orders (id) VALUES (0x10)",
            "INSERT INTO orders (id) VALUES (0x10)",
            "rows=1 columns=[id] keys=[0:id=null] params=0"),
        rewrites(MYSQL, "INSERT INTO orders PARTITION (p1) (a) VALUES (?)",
            "INSERT INTO orders PARTITION (p1) (a, id) VALUES ({app:1}, {gen:id#0})"),
        rewrites(MYSQL, "INSERT INTO orders (a) VALUES (NOW()), (CURRENT_TIMESTAMP)",
            "INSERT INTO orders (a, id) VALUES (NOW(), {gen:id#0}), (CURRENT_TIMESTAMP, {gen:id#1})"),
        rewrites(MYSQL, "  \n\tINSERT\n  INTO\torders\n(\n a \n)\nVALUES\n(\n?\n)\n",
            "  \n\tINSERT\n  INTO\torders\n(\n a \n, id)\nVALUES\n(\n{app:1}\n, {gen:id#0})\n"),
        rewrites(MYSQL, "INSERT INTO orders(a)VALUES(?),(?)",
            "INSERT INTO orders(a, id)VALUES({app:1}, {gen:id#0}),({app:2}, {gen:id#1})"),
        rewrites(MYSQL, "INSERT INTO orders (a) VALUES (?); INSERT INTO orders (a) VALUES (?)",
            "INSERT INTO orders (a, id) VALUES ({app:1}, {gen:id#0});"
                + " INSERT INTO orders (a, id) VALUES ({app:2}, {gen:id#1})",
            "rows=2 columns=[id] keys=[] params=2"),
        rewrites(MYSQL,
            "UPDATE orders SET a = ? WHERE b = ?; INSERT INTO orders (a) VALUES (?), (?);"
                + " SELECT * FROM orders WHERE a = ?",
            "UPDATE orders SET a = {app:1} WHERE b = {app:2}; INSERT INTO orders (a, id)"
                + " VALUES ({app:3}, {gen:id#0}), ({app:4}, {gen:id#1});"
                + " SELECT * FROM orders WHERE a = {app:5}",
            "rows=2 columns=[id] keys=[] params=5"),
        rewrites(MYSQL,
            "INSERT INTO events (name) VALUES (?); INSERT INTO other (x) VALUES (?);"
                + " INSERT INTO orders (id) VALUES (9)",
            "INSERT INTO events (name, event_id) VALUES ({app:1}, {gen:event_id#0});"
                + " INSERT INTO other (x) VALUES ({app:2}); INSERT INTO orders (id) VALUES (9)",
            "rows=2 columns=[event_id, id] keys=[1:id=9] params=2"),
        rewrites(MYSQL, "INSERT INTO orders (a) VALUES ('; INSERT INTO orders (b) VALUES (1)')",
            "INSERT INTO orders (a, id) VALUES ('; INSERT INTO orders (b) VALUES (1)', {gen:id#0})",
            "rows=1 columns=[id] keys=[] params=0"),
        rewrites(MYSQL, "INSERT INTO orders (a) VALUES (?) /* done */ ;  -- bye\n",
            "INSERT INTO orders (a, id) VALUES ({app:1}, {gen:id#0}) /* done */ ;  -- bye\n"),
        rewrites(MYSQL, "INSERT INTO orders (a) VALUES (?) ON DUPLICATE KEY UPDATE a = IF(? > 0, ?, a)",
            "INSERT INTO orders (a, id) VALUES ({app:1}, {gen:id#0})"
                + " ON DUPLICATE KEY UPDATE a = IF({app:2} > 0, {app:3}, a)"),
        rewrites(MYSQL, "INSERT INTO orders (a) VALUES (ROW(1, 2) = ROW(?, ?))",
            "INSERT INTO orders (a, id) VALUES (ROW(1, 2) = ROW({app:1}, {app:2}), {gen:id#0})"),
        rewrites(MYSQL, "INSERT INTO orders (a) VALUES (CAST(? AS CHAR))",
            "INSERT INTO orders (a, id) VALUES (CAST({app:1} AS CHAR), {gen:id#0})"),
        rewrites(MYSQL, "INSERT HIGH_PRIORITY INTO orders (a) VALUES (?)",
            "INSERT HIGH_PRIORITY INTO orders (a, id) VALUES ({app:1}, {gen:id#0})"),
        rewrites(MYSQL, "INSERT INTO orders (a) VALUES (JSON_OBJECT('k', ?))",
            "INSERT INTO orders (a, id) VALUES (JSON_OBJECT('k', {app:1}), {gen:id#0})"),
        rewrites(MYSQL, "INSERT INTO orders (a) VALUES (@var)",
            "INSERT INTO orders (a, id) VALUES (@var, {gen:id#0})"),
        rewrites(MYSQL, "INSERT INTO orders (id) VALUES (@next_id)",
            "INSERT INTO orders (id) VALUES (@next_id)",
            "rows=1 columns=[id] keys=[0:id=null] params=0"));
  }

  static Stream<RewriteCase> postgresql() {
    return Stream.of(
        rewrites(POSTGRESQL, "INSERT INTO orders (a) VALUES (?) RETURNING id",
            "INSERT INTO orders (a, id) VALUES ({app:1}, {gen:id#0}) RETURNING id"),
        rewrites(POSTGRESQL, "INSERT INTO orders (a) VALUES (?), (?) RETURNING *",
            "INSERT INTO orders (a, id) VALUES ({app:1}, {gen:id#0}), ({app:2}, {gen:id#1}) RETURNING *"),
        rewrites(POSTGRESQL, "INSERT INTO orders (a) VALUES (?) ON CONFLICT DO NOTHING",
            "INSERT INTO orders (a, id) VALUES ({app:1}, {gen:id#0}) ON CONFLICT DO NOTHING"),
        rewrites(POSTGRESQL,
            "INSERT INTO orders (a, b) VALUES (?, ?) ON CONFLICT (a) DO UPDATE SET b = ?"
                + " WHERE orders.b <> ? RETURNING id, a",
            "INSERT INTO orders (a, b, id) VALUES ({app:1}, {app:2}, {gen:id#0}) ON CONFLICT (a)"
                + " DO UPDATE SET b = {app:3} WHERE orders.b <> {app:4} RETURNING id, a",
            "rows=1 columns=[id] keys=[] params=4"),
        rewrites(POSTGRESQL,
            "INSERT INTO orders (a) VALUES (?) ON CONFLICT ON CONSTRAINT orders_a DO UPDATE"
                + " SET a = EXCLUDED.a",
            "INSERT INTO orders (a, id) VALUES ({app:1}, {gen:id#0}) ON CONFLICT ON CONSTRAINT"
                + " orders_a DO UPDATE SET a = EXCLUDED.a"),
        rewrites(POSTGRESQL, "INSERT INTO orders (id, a) OVERRIDING SYSTEM VALUE VALUES (NULL, ?)",
            "INSERT INTO orders (id, a) OVERRIDING SYSTEM VALUE VALUES ({gen:id#0}, {app:1})"),
        rewrites(POSTGRESQL, "INSERT INTO orders (a) OVERRIDING SYSTEM VALUE VALUES (?)",
            "INSERT INTO orders (a, id) OVERRIDING SYSTEM VALUE VALUES ({app:1}, {gen:id#0})"),
        rewrites(POSTGRESQL, "INSERT INTO orders (a) OVERRIDING USER VALUE VALUES (?)",
            "INSERT INTO orders (a, id) OVERRIDING USER VALUE VALUES ({app:1}, {gen:id#0})"),
        rewrites(POSTGRESQL, "INSERT INTO \"orders\" (\"a\") VALUES (?)",
            "INSERT INTO \"orders\" (\"a\", id) VALUES ({app:1}, {gen:id#0})"),
        rewrites(POSTGRESQL, "INSERT INTO \"Orders\" (\"ID\", \"a\") VALUES (DEFAULT, ?)",
            "INSERT INTO \"Orders\" (\"ID\", \"a\") VALUES ({gen:id#0}, {app:1})"),
        rewrites(POSTGRESQL, "INSERT INTO public.orders (a) VALUES (?)",
            "INSERT INTO public.orders (a, id) VALUES ({app:1}, {gen:id#0})"),
        rewrites(POSTGRESQL, "INSERT INTO \"shop\".\"carts\" (a) VALUES (?)",
            "INSERT INTO \"shop\".\"carts\" (a, cart_id) VALUES ({app:1}, {gen:cart_id#0})"),
        rewrites(POSTGRESQL, "INSERT INTO orders AS o (a) VALUES (?) ON CONFLICT (a) DO UPDATE"
                + " SET a = o.a || EXCLUDED.a",
            "INSERT INTO orders AS o (a, id) VALUES ({app:1}, {gen:id#0}) ON CONFLICT (a) DO UPDATE"
                + " SET a = o.a || EXCLUDED.a"),
        rewrites(POSTGRESQL, "INSERT INTO orders DEFAULT VALUES",
            "INSERT INTO orders (id) VALUES ({gen:id#0})",
            "rows=1 columns=[id] keys=[] params=0"),
        rewrites(POSTGRESQL, "INSERT INTO orders DEFAULT VALUES RETURNING id",
            "INSERT INTO orders (id) VALUES ({gen:id#0}) RETURNING id"),
        rewrites(POSTGRESQL, "INSERT INTO items DEFAULT VALUES",
            "INSERT INTO items (id, code) VALUES ({gen:id#0}, {gen:code#0})"),
        rewrites(POSTGRESQL, "INSERT INTO orders (a) VALUES ($$it's ? ) $$), ($tag$ $$ ? $tag$)",
            "INSERT INTO orders (a, id) VALUES ($$it's ? ) $$, {gen:id#0}), ($tag$ $$ ? $tag$, {gen:id#1})",
            "rows=2 columns=[id] keys=[] params=0"),
        rewrites(POSTGRESQL, "INSERT INTO orders (a) VALUES (E'it\\'s ?')",
            "INSERT INTO orders (a, id) VALUES (E'it\\'s ?', {gen:id#0})",
            "rows=1 columns=[id] keys=[] params=0"),
        rewrites(POSTGRESQL, "INSERT INTO orders (a) VALUES ('C:\\'), (?)",
            "INSERT INTO orders (a, id) VALUES ('C:\\', {gen:id#0}), ({app:1}, {gen:id#1})",
            "rows=2 columns=[id] keys=[] params=1"),
        rewrites(POSTGRESQL, "INSERT INTO orders (a) VALUES (?::jsonb), (CAST(? AS int))",
            "INSERT INTO orders (a, id) VALUES ({app:1}::jsonb, {gen:id#0}), (CAST({app:2} AS int),"
                + " {gen:id#1})"),
        rewrites(POSTGRESQL, "INSERT INTO orders (a) VALUES (ARRAY[?, ?])",
            "INSERT INTO orders (a, id) VALUES (ARRAY[{app:1}, {app:2}], {gen:id#0})"),
        rewrites(POSTGRESQL, "INSERT INTO orders /* outer /* nested ) */ still ? */ (a) VALUES (?)",
            "INSERT INTO orders /* outer /* nested ) */ still ? */ (a, id) VALUES ({app:1}, {gen:id#0})",
            "rows=1 columns=[id] keys=[] params=1"),
        rewrites(POSTGRESQL, "INSERT INTO orders (id, a) VALUES (nextval('s'), ?)",
            "INSERT INTO orders (id, a) VALUES (nextval('s'), {app:1})",
            "rows=1 columns=[id] keys=[0:id=null] params=1"),
        rewrites(POSTGRESQL, "INSERT INTO orders (a) VALUES (?) RETURNING id INTO x",
            "INSERT INTO orders (a, id) VALUES ({app:1}, {gen:id#0}) RETURNING id INTO x"),
        rewrites(POSTGRESQL,
            "INSERT INTO orders (id, a) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET a = ?",
            "INSERT INTO orders (id, a) VALUES ({gen?:1 id#0}, {app:2}) ON CONFLICT (id) DO UPDATE"
                + " SET a = {app:3}"),
        rewrites(POSTGRESQL, "INSERT INTO orders (a, b) VALUES (?, 'x'::text) RETURNING id, b",
            "INSERT INTO orders (a, b, id) VALUES ({app:1}, 'x'::text, {gen:id#0}) RETURNING id, b"),
        rewrites(POSTGRESQL, "WITH v AS (SELECT 1) INSERT INTO orders (a) VALUES (?)",
            "WITH v AS (SELECT 1) INSERT INTO orders (a, id) VALUES ({app:1}, {gen:id#0})"),
        rewrites(POSTGRESQL,
            "BEGIN; INSERT INTO orders (a) VALUES (?); INSERT INTO events (x) VALUES (?); COMMIT",
            "BEGIN; INSERT INTO orders (a, id) VALUES ({app:1}, {gen:id#0});"
                + " INSERT INTO events (x, event_id) VALUES ({app:2}, {gen:event_id#1}); COMMIT",
            "rows=2 columns=[id, event_id] keys=[] params=2"),
        passes(POSTGRESQL, "INSERT INTO orders (id, a) SELECT id, a FROM staging"),
        passes(POSTGRESQL, "INSERT INTO orders (a, id) SELECT a, nextval('s') FROM staging WHERE b = ?"),
        passes(POSTGRESQL,
            "WITH s AS (SELECT * FROM staging) INSERT INTO orders (id, a) SELECT id, a FROM s"),
        passes(POSTGRESQL, "INSERT INTO orders (id, a) (SELECT id, a FROM staging)"),
        passes(POSTGRESQL, "INSERT INTO orders (id, a) TABLE staging"),
        passes(POSTGRESQL, "INSERT INTO orders_log (a) VALUES (?) RETURNING id"));
  }

  static Stream<RewriteCase> h2() {
    return Stream.of(
        rewrites(STANDARD, "INSERT INTO ORDERS (A) VALUES (?)",
            "INSERT INTO ORDERS (A, id) VALUES ({app:1}, {gen:id#0})"),
        rewrites(STANDARD, "INSERT INTO PUBLIC.ORDERS (A) VALUES (?)",
            "INSERT INTO PUBLIC.ORDERS (A, id) VALUES ({app:1}, {gen:id#0})"),
        rewrites(STANDARD, "INSERT INTO db.shop.carts (a) VALUES (?)",
            "INSERT INTO db.shop.carts (a, cart_id) VALUES ({app:1}, {gen:cart_id#0})"),
        rewrites(STANDARD, "INSERT INTO \"ORDERS\" (\"ID\", \"A\") VALUES (NULL, ?)",
            "INSERT INTO \"ORDERS\" (\"ID\", \"A\") VALUES ({gen:id#0}, {app:1})"),
        rewrites(STANDARD, "INSERT INTO orders (a) VALUES ('back\\'), (?)",
            "INSERT INTO orders (a, id) VALUES ('back\\', {gen:id#0}), ({app:1}, {gen:id#1})",
            "rows=2 columns=[id] keys=[] params=1"),
        rewrites(STANDARD, "INSERT INTO orders (a) VALUES ($$ ? $$)",
            "INSERT INTO orders (a, id) VALUES ($$ ? $$, {gen:id#0})"),
        rewrites(STANDARD, "INSERT INTO orders (a, b) VALUES (?, ?), (?, ?), (?, ?)",
            "INSERT INTO orders (a, b, id) VALUES ({app:1}, {app:2}, {gen:id#0}), ({app:3}, {app:4},"
                + " {gen:id#1}), ({app:5}, {app:6}, {gen:id#2})",
            "rows=3 columns=[id] keys=[] params=6"),
        rewrites(STANDARD, "INSERT INTO orders (id, a) VALUES (1, 'a'), (2, 'b')",
            "INSERT INTO orders (id, a) VALUES (1, 'a'), (2, 'b')",
            "rows=2 columns=[id] keys=[0:id=1, 1:id=2] params=0"),
        rewrites(STANDARD, "INSERT INTO orders (a) VALUES (TIMESTAMP '2024-01-01 00:00:00')",
            "INSERT INTO orders (a, id) VALUES (TIMESTAMP '2024-01-01 00:00:00', {gen:id#0})"),
        rewrites(STANDARD, "INSERT INTO orders (a) VALUES ({ts '2024-01-01 00:00:00'})",
            "INSERT INTO orders (a, id) VALUES ({ts '2024-01-01 00:00:00'}, {gen:id#0})"),
        fails(STANDARD, "INSERT INTO orders (a) VALUES (1--1)\n", ERROR,
            "INSERT into orders cannot be rewritten: expected ')' to close the row"),
        rewrites(STANDARD, "INSERT INTO orders (a) VALUES (1 -- )\n)",
            "INSERT INTO orders (a, id) VALUES (1 -- )\n, {gen:id#0})"),
        rewrites(STANDARD, "INSERT INTO orders (a) VALUES (CASE WHEN ? THEN 1 ELSE 2 END)",
            "INSERT INTO orders (a, id) VALUES (CASE WHEN {app:1} THEN 1 ELSE 2 END, {gen:id#0})"),
        rewrites(STANDARD, "INSERT INTO orders (id) VALUES (DEFAULT)",
            "INSERT INTO orders (id) VALUES ({gen:id#0})",
            "rows=1 columns=[id] keys=[] params=0"),
        rewrites(STANDARD, "INSERT INTO orders (id) VALUES (?)",
            "INSERT INTO orders (id) VALUES ({gen?:1 id#0})",
            "rows=1 columns=[id] keys=[] params=1"),
        rewrites(STANDARD, "INSERT INTO orders (a) VALUES (? || 'x')",
            "INSERT INTO orders (a, id) VALUES ({app:1} || 'x', {gen:id#0})"),
        rewrites(STANDARD, "INSERT INTO orders (a) VALUES (?) ; INSERT INTO orders (a) VALUES (?) ;",
            "INSERT INTO orders (a, id) VALUES ({app:1}, {gen:id#0}) ;"
                + " INSERT INTO orders (a, id) VALUES ({app:2}, {gen:id#1}) ;"),
        rewrites(STANDARD, "INSERT INTO orders (\"a\"\"b\") VALUES (?)",
            "INSERT INTO orders (\"a\"\"b\", id) VALUES ({app:1}, {gen:id#0})"),
        rewrites(STANDARD, "INSERT INTO orders (a) VALUES (-- comment ?\n?)",
            "INSERT INTO orders (a, id) VALUES (-- comment ?\n{app:1}, {gen:id#0})",
            "rows=1 columns=[id] keys=[] params=1"),
        rewrites(STANDARD, "INSERT INTO orders (a) VALUES (.5e3), (1e-2)",
            "INSERT INTO orders (a, id) VALUES (.5e3, {gen:id#0}), (1e-2, {gen:id#1})"),
        rewrites(STANDARD, "INSERT INTO orders (id) VALUES (+12)",
            "INSERT INTO orders (id) VALUES (+12)",
            "rows=1 columns=[id] keys=[0:id=12] params=0"),
        rewrites(STANDARD, "INSERT INTO orders (a) VALUES (U&'\\0041')",
            "INSERT INTO orders (a, id) VALUES (U&'\\0041', {gen:id#0})"),
        rewrites(STANDARD, "INSERT INTO orders (a) VALUES (N'nat ?')",
            "INSERT INTO orders (a, id) VALUES (N'nat ?', {gen:id#0})",
            "rows=1 columns=[id] keys=[] params=0"));
  }

  /**
   * An INSERT that is a whole parenthesised statement inside another one: H2's data-change delta
   * tables ({@code FINAL|NEW|OLD TABLE (INSERT ...)}, which jOOQ and Hibernate write to read keys
   * back on H2) and PostgreSQL's data-modifying WITH. It is planned like a top-level INSERT.
   */
  static Stream<RewriteCase> nested() {
    return Stream.of(
        rewrites(STANDARD, "SELECT id FROM FINAL TABLE (INSERT INTO orders (a, id) VALUES (?, DEFAULT))",
            "SELECT id FROM FINAL TABLE (INSERT INTO orders (a, id) VALUES ({app:1}, {gen:id#0}))",
            "rows=1 columns=[id] keys=[] params=1"),
        rewrites(STANDARD, "select \"id\" from final table (insert into \"orders\" (\"a\") values (?))",
            "select \"id\" from final table (insert into \"orders\" (\"a\", id) values ({app:1},"
                + " {gen:id#0}))"),
        rewrites(STANDARD,
            "select \"id\" from final table (insert into \"orders\" (\"a\") values (?), (?), (?))",
            "select \"id\" from final table (insert into \"orders\" (\"a\", id) values ({app:1},"
                + " {gen:id#0}), ({app:2}, {gen:id#1}), ({app:3}, {gen:id#2}))",
            "rows=3 columns=[id] keys=[] params=3"),
        rewrites(STANDARD, "SELECT * FROM NEW TABLE (INSERT INTO orders (id, a) VALUES (NULL, 'x'))",
            "SELECT * FROM NEW TABLE (INSERT INTO orders (id, a) VALUES ({gen:id#0}, 'x'))"),
        rewrites(STANDARD, "SELECT COUNT(*) FROM OLD TABLE (INSERT INTO orders (a) VALUES (1))",
            "SELECT COUNT(*) FROM OLD TABLE (INSERT INTO orders (a, id) VALUES (1, {gen:id#0}))"),
        rewrites(STANDARD, "SELECT id FROM FINAL TABLE (INSERT INTO orders (id, a) VALUES (42, ?))",
            "SELECT id FROM FINAL TABLE (INSERT INTO orders (id, a) VALUES (42, {app:1}))",
            "rows=1 columns=[id] keys=[0:id=42] params=1"),
        rewrites(STANDARD, "SELECT id FROM FINAL TABLE (INSERT INTO orders (id, a) VALUES (?, ?), (7, ?))",
            "SELECT id FROM FINAL TABLE (INSERT INTO orders (id, a) VALUES ({gen?:1 id#0}, {app:2}),"
                + " (7, {app:3}))",
            "rows=2 columns=[id] keys=[1:id=7] params=3"),
        rewrites(STANDARD, "SELECT id FROM FINAL TABLE (INSERT INTO orders DEFAULT VALUES)",
            "SELECT id FROM FINAL TABLE (INSERT INTO orders (id) VALUES ({gen:id#0}))"),
        rewrites(STANDARD, "SELECT id, code FROM FINAL TABLE (INSERT INTO items (name) VALUES (?))",
            "SELECT id, code FROM FINAL TABLE (INSERT INTO items (name, id, code) VALUES ({app:1},"
                + " {gen:id#0}, {gen:code#0}))",
            "rows=1 columns=[id, code] keys=[] params=1"),
        rewrites(STANDARD, "SELECT id FROM FINAL TABLE (INSERT INTO PUBLIC.orders (a) VALUES (?))"
                + " WHERE 1 = ?",
            "SELECT id FROM FINAL TABLE (INSERT INTO PUBLIC.orders (a, id) VALUES ({app:1},"
                + " {gen:id#0})) WHERE 1 = {app:2}"),
        rewrites(STANDARD, "SELECT * FROM (SELECT id FROM FINAL TABLE (INSERT INTO orders (a) VALUES (?))) t",
            "SELECT * FROM (SELECT id FROM FINAL TABLE (INSERT INTO orders (a, id) VALUES ({app:1},"
                + " {gen:id#0}))) t"),
        rewrites(STANDARD, "SELECT o.id, e.event_id FROM FINAL TABLE (INSERT INTO orders (a) VALUES (?)) o,"
                + " FINAL TABLE (INSERT INTO events (name) VALUES (?)) e",
            "SELECT o.id, e.event_id FROM FINAL TABLE (INSERT INTO orders (a, id) VALUES ({app:1},"
                + " {gen:id#0})) o, FINAL TABLE (INSERT INTO events (name, event_id) VALUES ({app:2},"
                + " {gen:event_id#1})) e",
            "rows=2 columns=[id, event_id] keys=[] params=2"),
        rewrites(POSTGRESQL, "WITH ins AS (INSERT INTO orders (a) VALUES (?) RETURNING id) SELECT id FROM ins",
            "WITH ins AS (INSERT INTO orders (a, id) VALUES ({app:1}, {gen:id#0}) RETURNING id)"
                + " SELECT id FROM ins",
            "rows=1 columns=[id] keys=[] params=1"),
        rewrites(POSTGRESQL,
            "WITH ins AS (INSERT INTO orders (id, a) VALUES (DEFAULT, ?), (NULL, ?) RETURNING id)"
                + " SELECT id FROM ins ORDER BY id",
            "WITH ins AS (INSERT INTO orders (id, a) VALUES ({gen:id#0}, {app:1}), ({gen:id#1},"
                + " {app:2}) RETURNING id) SELECT id FROM ins ORDER BY id",
            "rows=2 columns=[id] keys=[] params=2"),
        rewrites(POSTGRESQL,
            "WITH x AS (INSERT INTO orders (id, a) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET a = ?"
                + " RETURNING id) SELECT * FROM x",
            "WITH x AS (INSERT INTO orders (id, a) VALUES ({gen?:1 id#0}, {app:2}) ON CONFLICT (id)"
                + " DO UPDATE SET a = {app:3} RETURNING id) SELECT * FROM x"),
        rewrites(POSTGRESQL,
            "WITH o AS (INSERT INTO orders (a) VALUES (?) RETURNING id),"
                + " e AS (INSERT INTO events (name) VALUES (?) RETURNING event_id)"
                + " SELECT o.id, e.event_id FROM o, e",
            "WITH o AS (INSERT INTO orders (a, id) VALUES ({app:1}, {gen:id#0}) RETURNING id),"
                + " e AS (INSERT INTO events (name, event_id) VALUES ({app:2}, {gen:event_id#1})"
                + " RETURNING event_id) SELECT o.id, e.event_id FROM o, e",
            "rows=2 columns=[id, event_id] keys=[] params=2"),
        rewrites(POSTGRESQL,
            "WITH o AS (INSERT INTO orders (a) VALUES ('x') RETURNING id)"
                + " INSERT INTO orders_log (order_id) SELECT id FROM o",
            "WITH o AS (INSERT INTO orders (a, id) VALUES ('x', {gen:id#0}) RETURNING id)"
                + " INSERT INTO orders_log (order_id) SELECT id FROM o"),
        rewrites(POSTGRESQL,
            "WITH o AS MATERIALIZED (WITH v AS (SELECT 1 AS a) INSERT INTO orders (id, a) SELECT 5, a"
                + " FROM v RETURNING id), p AS (INSERT INTO orders (a) VALUES (2) RETURNING id) SELECT 1",
            "WITH o AS MATERIALIZED (WITH v AS (SELECT 1 AS a) INSERT INTO orders (id, a) SELECT 5, a"
                + " FROM v RETURNING id), p AS (INSERT INTO orders (a, id) VALUES (2, {gen:id#0}) RETURNING"
                + " id) SELECT 1"),
        rewrites(POSTGRESQL,
            "WITH o AS (WITH v AS (SELECT 1) INSERT INTO orders (a) VALUES (?) RETURNING id) SELECT * FROM o",
            "WITH o AS (WITH v AS (SELECT 1) INSERT INTO orders (a, id) VALUES ({app:1}, {gen:id#0})"
                + " RETURNING id) SELECT * FROM o"),
        rewrites(POSTGRESQL, "COPY (INSERT INTO orders (a) VALUES (1) RETURNING id) TO STDOUT",
            "COPY (INSERT INTO orders (a, id) VALUES (1, {gen:id#0}) RETURNING id) TO STDOUT"),
        passes(POSTGRESQL,
            "WITH o AS (INSERT INTO orders (id, a) SELECT id, a FROM staging RETURNING id) SELECT * FROM o"),
        passes(STANDARD, "SELECT id FROM FINAL TABLE (INSERT INTO orders_log (a) VALUES (?))"),
        passes(STANDARD, "SELECT id FROM OLD TABLE (DELETE FROM orders WHERE note = 'insert')"),
        passes(MYSQL, "SELECT (INSERT(name, 1, 2, 'x')) FROM orders"),
        fails(STANDARD, "SELECT id FROM FINAL TABLE (INSERT INTO orders (a) SELECT a FROM staging)",
            UNSUPPORTED, "INSERT ... SELECT into orders does not supply id"),
        fails(POSTGRESQL,
            "WITH o AS (WITH v AS (SELECT 1 AS a) INSERT INTO orders (a) SELECT a FROM v RETURNING id)"
                + " SELECT * FROM o",
            UNSUPPORTED, "INSERT ... SELECT into orders does not supply id"),
        fails(POSTGRESQL,
            "WITH o AS (INSERT INTO orders (a) VALUES (?) RETURNING id)"
                + " INSERT INTO items (name) SELECT 'x' FROM o",
            UNSUPPORTED, "INSERT ... SELECT into items does not supply id"),
        fails(POSTGRESQL, "WITH x AS (INSERT INTO orders VALUES (?, ?) RETURNING id) SELECT * FROM x",
            ERROR, "INSERT into orders has no column list"),
        fails(STANDARD, "SELECT event_id FROM FINAL TABLE (INSERT INTO events (event_id, name) VALUES (5, ?))",
            ERROR, "INSERT into events supplies its own value for event_id (5 in row 1)"),
        // A value is the database's business: JSqlParser sees only the frame around it.
        rewrites(STANDARD, "SELECT id FROM FINAL TABLE (INSERT INTO orders (a) VALUES (1 +))",
            "SELECT id FROM FINAL TABLE (INSERT INTO orders (a, id) VALUES (1 +, {gen:id#0}))"),
        fails(STANDARD, "SELECT id FROM FINAL TABLE (INSERT INTO orders (a) VALUES (1) ON CONFLICT DO)",
            ERROR, "INSERT into orders cannot be parsed: "),
        fails(STANDARD, "SELECT id FROM FINAL TABLE (INSERT INTO orders (a) VALUES (1) UNION SELECT 2)",
            ERROR, "INSERT into orders cannot be rewritten: expected ON, RETURNING or the end of the"
                + " statement but found 'UNION'"),
        fails(STANDARD, "SELECT id FROM FINAL TABLE (INSERT INTO orders (a) VALUES (1)", UNSUPPORTED,
            "INSERT into orders inside another statement cannot be rewritten: seqproxy fills a nested"
                + " INSERT only when it is all that its parentheses hold"));
  }

  static Stream<RewriteCase> errors() {
    return Stream.of(
        fails(MYSQL, "INSERT INTO orders VALUES (1, 'x')", ERROR,
            "INSERT into orders has no column list: list the columns so that seqproxy can add id"),
        fails(POSTGRESQL, "INSERT INTO orders VALUES (?, ?)", ERROR, "has no column list"),
        fails(MYSQL, "INSERT INTO items VALUES (1)", ERROR, "can add id, code"),
        fails(MYSQL, "INSERT INTO shop.carts VALUES (1)", ERROR,
            "INSERT into shop.carts has no column list"),
        fails(MYSQL, "INSERT INTO orders (a) SELECT a FROM staging", SELECT_PLAN,
            "INSERT ... SELECT into orders does not supply id: seqproxy fills it by running the query"
                + " first and inserting its rows with their IDs in one transaction, which this statement"
                + " was not sent through; list id in the column list and select its value, or insert"
                + " with VALUES"),
        fails(MYSQL, "INSERT INTO orders SELECT * FROM staging", UNSUPPORTED,
            "INSERT ... SELECT into orders does not supply id, and has no column list"),
        fails(POSTGRESQL, "WITH s AS (SELECT 1 AS a) INSERT INTO orders (a) SELECT a FROM s",
            SELECT_PLAN, "INSERT ... SELECT into orders does not supply id"),
        fails(POSTGRESQL, "INSERT INTO orders (a) TABLE staging", SELECT_PLAN,
            "does not supply id"),
        fails(POSTGRESQL, "INSERT INTO orders (a) (SELECT a FROM staging)", SELECT_PLAN,
            "does not supply id"),
        fails(POSTGRESQL, "INSERT INTO orders (a) VALUES (1) UNION ALL SELECT 2", ERROR,
            "INSERT into orders cannot be rewritten: expected ON, RETURNING or the end of the"
                + " statement but found 'UNION'"),
        fails(MYSQL, "INSERT INTO items (id, a) SELECT 1, 2", SELECT_PLAN,
            "INSERT ... SELECT into items does not supply code"),
        fails(MYSQL, "REPLACE INTO orders (a) SELECT a FROM staging", SELECT_PLAN,
            "into orders does not supply id"),
        fails(MYSQL, "INSERT INTO events (event_id, name) VALUES (5, ?)", ERROR,
            "INSERT into events supplies its own value for event_id (5 in row 1), but event_id is"
                + " configured with explicit: reject; leave the column out or write NULL or DEFAULT"),
        fails(MYSQL, "INSERT INTO events (event_id) VALUES (NULL), (UUID_SHORT())", ERROR,
            "supplies its own value for event_id (UUID_SHORT() in row 2)"),
        fails(MYSQL, "INSERT INTO events SET event_id = 5", ERROR, "explicit: reject"),
        fails(MYSQL, "INSERT INTO orders (a) VALUES (1, 2)", ERROR,
            "INSERT into orders cannot be rewritten: row 1 has 2 values for 1 columns"),
        fails(MYSQL, "INSERT INTO orders (a, b) VALUES (1, 2), (3)", ERROR,
            "row 2 has 1 values for 2 columns"),
        fails(MYSQL, "INSERT INTO orders (a) VALUES (1", ERROR,
            "INSERT into orders cannot be rewritten: expected ')' to close the row"),
        fails(MYSQL, "INSERT INTO orders (a) VALUES (1,)", ERROR,
            "INSERT into orders cannot be rewritten: expected a value after ','"),
        fails(MYSQL, "INSERT INTO orders (a) VALUES (1) garbage", ERROR,
            "expected ON, RETURNING or the end of the statement but found 'garbage'"),
        rewrites(MYSQL, "INSERT INTO orders (a) VALUES (1 +)",
            "INSERT INTO orders (a, id) VALUES (1 +, {gen:id#0})"),
        fails(MYSQL, "INSERT INTO orders (a) VALUES (?) ON DUPLICATE KEY UPDATE", ERROR,
            "INSERT into orders cannot be parsed"),
        fails(MYSQL, "INSERT INTO orders (a,) VALUES (1)", ERROR,
            "INSERT into orders cannot be rewritten: expected a column name after ',' but found ')'"),
        fails(MYSQL, "INSERT INTO orders (a) FROB (1)", ERROR,
            "expected VALUES, SET or SELECT but found 'FROB'"),
        fails(MYSQL, "INSERT INTO orders", ERROR,
            "expected VALUES, SET or SELECT but found the end of the statement"),
        fails(MYSQL, "INSERT INTO orders SET a", ERROR, "expected column = value"),
        fails(MYSQL, "INSERT INTO shop.carts (a) VALUES (1) ON DUPLICATE", ERROR,
            "INSERT into shop.carts cannot be parsed"),
        fails(MYSQL, "INSERT INTO orders (a) VALUES (?); INSERT INTO orders VALUES (?)", ERROR,
            "has no column list"),
        // '#' is PostgreSQL's XOR, not a comment; JSqlParser 5.3 does not know the operator, and
        // need not: values are not shown to it.
        rewrites(POSTGRESQL, "INSERT INTO orders (a) VALUES (1 # ?)",
            "INSERT INTO orders (a, id) VALUES (1 # {app:1}, {gen:id#0})"),
        fails(POSTGRESQL, "INSERT INTO orders (a) VALUES (1) RETURNING", ERROR,
            "INSERT into orders cannot be parsed: Encountered unexpected token"),
        fails(POSTGRESQL, "INSERT INTO (orders) VALUES (1)", ERROR,
            "INSERT into orders cannot be rewritten"));
  }

  /** Statements that reach the database exactly as written. */
  static Stream<RewriteCase> untouched() {
    return Stream.of(
        passes(MYSQL, "SELECT * FROM orders WHERE a = ?"),
        passes(MYSQL, "SELECT 'insert' FROM orders"),
        passes(MYSQL, "SELECT * FROM orders WHERE note = 'INSERT INTO orders VALUES (1)'"),
        passes(MYSQL, "SELECT REPLACE(name, 'a', 'b') FROM orders"),
        passes(MYSQL, "UPDATE orders SET a = ? WHERE id = ?"),
        passes(MYSQL, "DELETE FROM orders WHERE id = ?"),
        passes(MYSQL, "INSERT INTO other (a) VALUES (?)"),
        passes(MYSQL, "INSERT INTO other SELECT * FROM orders"),
        passes(MYSQL, "INSERT INTO other (a) SELECT a FROM orders WHERE x IN (SELECT 1 FROM orders)"),
        passes(MYSQL, "INSERT INTO other VALUES (1) -- orders"),
        passes(MYSQL, "-- INSERT INTO orders (a) VALUES (1)\nSELECT 1"),
        passes(MYSQL, "/* INSERT INTO orders (a) VALUES (1) */ SELECT 1"),
        passes(MYSQL, "CREATE TABLE orders (id BIGINT PRIMARY KEY, a INT)"),
        passes(MYSQL, "CREATE TRIGGER t BEFORE INSERT ON orders FOR EACH ROW SET NEW.a = 1"),
        passes(MYSQL, "CREATE PROCEDURE p() BEGIN SELECT 1; INSERT INTO orders (a) VALUES (1); END"),
        passes(MYSQL, "GRANT INSERT ON orders TO app"),
        passes(MYSQL, "INSERT INTO other (a) VALUES (1); SELECT * FROM orders"),
        passes(MYSQL, "ALTER TABLE orders ADD COLUMN inserted_at TIMESTAMP"),
        passes(MYSQL, "INSERT INTO other (a) VALUES ('orders')"),
        passes(MYSQL, "INSERT INTO `orders-old` (a) VALUES (1)"),
        passes(POSTGRESQL, "INSERT INTO other (a) VALUES (1) ON CONFLICT DO NOTHING; SELECT * FROM orders"),
        passes(POSTGRESQL, "MERGE INTO other USING orders ON (1 = 1) WHEN NOT MATCHED THEN INSERT (a) VALUES (1)"),
        passes(POSTGRESQL, "DO $$ BEGIN INSERT INTO orders (a) VALUES (1); END $$"),
        passes(POSTGRESQL, "SELECT data ?| array['a'] FROM orders WHERE note = 'insert'"),
        passes(STANDARD, "INSERT INTO other (a) VALUES (1) /* orders */"),
        passes(STANDARD, "WITH x AS (SELECT * FROM orders) SELECT 'insert' FROM x"));
  }

  /** MERGE and EXPLAIN ANALYZE can write rows too: refused when they would do so without IDs. */
  static Stream<RewriteCase> otherWriters() {
    String merge = "MERGE into orders can insert rows without id, which seqproxy does not fill in a MERGE";
    return Stream.of(
        fails(STANDARD, "MERGE INTO orders KEY (a) VALUES (1, 'x')", UNSUPPORTED, merge),
        fails(STANDARD, "MERGE INTO orders (a, b) KEY (a) VALUES (?, ?)", UNSUPPORTED, merge),
        passes(STANDARD, "MERGE INTO orders (id, a) KEY (id) VALUES (?, ?)"),
        fails(POSTGRESQL, "MERGE INTO orders o USING staging s ON o.id = s.id"
            + " WHEN MATCHED THEN UPDATE SET a = s.a WHEN NOT MATCHED THEN INSERT (a) VALUES (s.a)", UNSUPPORTED, merge),
        fails(POSTGRESQL, "MERGE INTO orders o USING staging s ON o.id = s.id"
            + " WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.a)", UNSUPPORTED, merge),
        passes(POSTGRESQL, "MERGE INTO orders o USING staging s ON o.id = s.id"
            + " WHEN NOT MATCHED THEN INSERT (id, a) VALUES (s.id, s.a)"),
        passes(POSTGRESQL, "MERGE INTO orders o USING staging s ON o.id = s.id WHEN MATCHED THEN DELETE"),
        fails(POSTGRESQL, "WITH s AS (SELECT 1 AS a) MERGE INTO orders USING s ON false"
            + " WHEN NOT MATCHED THEN INSERT (a) VALUES (s.a)", UNSUPPORTED, merge),
        fails(STANDARD, "merge into SHOP.CARTS key (a) values (1)", UNSUPPORTED,
            "MERGE into SHOP.CARTS can insert rows without cart_id"),
        passes(STANDARD, "MERGE INTO other KEY (a) VALUES (1)"),
        fails(POSTGRESQL, "EXPLAIN ANALYZE INSERT INTO orders (a) VALUES (1)", UNSUPPORTED,
            "EXPLAIN ANALYZE runs the INSERT into orders"),
        fails(POSTGRESQL, "EXPLAIN (ANALYZE, BUFFERS) INSERT INTO orders (a) VALUES (1)", UNSUPPORTED,
            "EXPLAIN ANALYZE runs the INSERT into orders"),
        passes(POSTGRESQL, "EXPLAIN INSERT INTO orders (a) VALUES (1)"),
        passes(POSTGRESQL, "EXPLAIN ANALYZE INSERT INTO other (a) VALUES (1)"));
  }
}
