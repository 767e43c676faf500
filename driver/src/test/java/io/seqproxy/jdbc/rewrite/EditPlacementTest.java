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
 * The generated column and value go where the column list, the row or the assignment list ends —
 * before RETURNING, ON DUPLICATE KEY UPDATE, ON CONFLICT, comments, terminators and following
 * statements — for the VALUES, SET and SELECT forms on every dialect. SQL in, exact SQL out (see
 * {@link RewriteCase}).
 */
class EditPlacementTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource({"set", "values", "select"})
  void generatedValueSitsWhereTheBodyEnds(RewriteCase rewriteCase) throws SQLException {
    rewriteCase.check();
  }

  static Stream<RewriteCase> set() {
    return Stream.of(
        // The bug seen on MariaDB: the assignment landed in the RETURNING list.
        rewrites(MYSQL, "INSERT INTO orders SET v = 1 RETURNING *",
            "INSERT INTO orders SET v = 1, id = {gen:id#0} RETURNING *"),
        rewrites(MYSQL, "INSERT INTO orders SET v = ?, w = f(?) RETURNING id, v AS value",
            "INSERT INTO orders SET v = {app:1}, w = f({app:2}), id = {gen:id#0} RETURNING id, v AS value"),
        rewrites(MYSQL, "REPLACE INTO orders SET v = 1 RETURNING id",
            "REPLACE INTO orders SET v = 1, id = {gen:id#0} RETURNING id"),
        rewrites(MYSQL, "INSERT INTO orders SET id = NULL, v = 1 RETURNING *",
            "INSERT INTO orders SET id = {gen:id#0}, v = 1 RETURNING *"),
        rewrites(MYSQL, "INSERT INTO orders SET v = 1 /* why */ ON DUPLICATE KEY UPDATE v = v + 1",
            "INSERT INTO orders SET v = 1, id = {gen:id#0} /* why */ ON DUPLICATE KEY UPDATE v = v + 1"),
        rewrites(MYSQL, "INSERT INTO orders SET v = 1 AS new ON DUPLICATE KEY UPDATE v = new.v",
            "INSERT INTO orders SET v = 1, id = {gen:id#0} AS new ON DUPLICATE KEY UPDATE v = new.v"),
        rewrites(MYSQL, "INSERT INTO orders SET v = 1 -- the end\n",
            "INSERT INTO orders SET v = 1, id = {gen:id#0} -- the end\n"),
        rewrites(MYSQL, "INSERT INTO orders SET v = 1 # the end",
            "INSERT INTO orders SET v = 1, id = {gen:id#0} # the end"),
        rewrites(MYSQL, "INSERT INTO orders SET v = 1;",
            "INSERT INTO orders SET v = 1, id = {gen:id#0};"),
        rewrites(MYSQL, "INSERT INTO orders SET v = 1 RETURNING id; INSERT INTO orders SET v = 2;\n-- done",
            "INSERT INTO orders SET v = 1, id = {gen:id#0} RETURNING id;"
                + " INSERT INTO orders SET v = 2, id = {gen:id#1};\n-- done",
            "rows=2 columns=[id] keys=[] params=0"),
        rewrites(MYSQL, "INSERT INTO orders SET v = 'RETURNING' RETURNING v",
            "INSERT INTO orders SET v = 'RETURNING', id = {gen:id#0} RETURNING v"),
        rewrites(MYSQL, "INSERT INTO items SET v = 1 RETURNING *",
            "INSERT INTO items SET v = 1, id = {gen:id#0}, code = {gen:code#0} RETURNING *"),
        rewrites(STANDARD, "INSERT INTO orders SET v = 1 /* c */; INSERT INTO orders SET v = 2",
            "INSERT INTO orders SET v = 1, id = {gen:id#0} /* c */; INSERT INTO orders SET v = 2, id = {gen:id#1}"),
        rewrites(POSTGRESQL, "INSERT INTO orders SET v = 1 -- not PostgreSQL, but planned the same\n",
            "INSERT INTO orders SET v = 1, id = {gen:id#0} -- not PostgreSQL, but planned the same\n"));
  }

  static Stream<RewriteCase> values() {
    return Stream.of(
        rewrites(MYSQL, "INSERT INTO orders (v) VALUES (1) RETURNING *",
            "INSERT INTO orders (v, id) VALUES (1, {gen:id#0}) RETURNING *"),
        rewrites(MYSQL, "INSERT INTO orders (v) VALUES (1), (2) /* c */ ON DUPLICATE KEY UPDATE v = VALUES(v);",
            "INSERT INTO orders (v, id) VALUES (1, {gen:id#0}), (2, {gen:id#1}) /* c */"
                + " ON DUPLICATE KEY UPDATE v = VALUES(v);"),
        rewrites(MYSQL, "INSERT INTO orders (v) VALUES (1) -- c\n; SELECT 1",
            "INSERT INTO orders (v, id) VALUES (1, {gen:id#0}) -- c\n; SELECT 1"),
        rewrites(MYSQL, "INSERT INTO orders (v) /* cols */ VALUES (1) # end",
            "INSERT INTO orders (v, id) /* cols */ VALUES (1, {gen:id#0}) # end"),
        rewrites(POSTGRESQL,
            "INSERT INTO orders (v) VALUES (1) ON CONFLICT (v) DO UPDATE SET v = EXCLUDED.v"
                + " WHERE orders.v < 5 RETURNING id /* c */;",
            "INSERT INTO orders (v, id) VALUES (1, {gen:id#0}) ON CONFLICT (v) DO UPDATE SET v = EXCLUDED.v"
                + " WHERE orders.v < 5 RETURNING id /* c */;"),
        rewrites(POSTGRESQL, "INSERT INTO orders (v) VALUES (?) ON CONFLICT DO NOTHING RETURNING *; SELECT ?",
            "INSERT INTO orders (v, id) VALUES ({app:1}, {gen:id#0}) ON CONFLICT DO NOTHING RETURNING *;"
                + " SELECT {app:2}"),
        rewrites(POSTGRESQL, "INSERT INTO orders DEFAULT VALUES RETURNING *; INSERT INTO orders (v) VALUES (2) RETURNING *",
            "INSERT INTO orders (id) VALUES ({gen:id#0}) RETURNING *;"
                + " INSERT INTO orders (v, id) VALUES (2, {gen:id#1}) RETURNING *"),
        rewrites(STANDARD, "INSERT INTO orders (v) VALUES (1) -- c",
            "INSERT INTO orders (v, id) VALUES (1, {gen:id#0}) -- c"),
        rewrites(STANDARD, "INSERT INTO orders (v) VALUES (1); INSERT INTO orders (v) VALUES (2);",
            "INSERT INTO orders (v, id) VALUES (1, {gen:id#0}); INSERT INTO orders (v, id) VALUES (2, {gen:id#1});"));
  }

  /** A query that supplies the column is left alone whatever follows it; one that does not is refused. */
  static Stream<RewriteCase> select() {
    return Stream.of(
        passes(MYSQL, "INSERT INTO orders (id, v) SELECT id, v FROM staging RETURNING *"),
        passes(MYSQL, "INSERT INTO orders (id, v) SELECT s.id, s.v FROM staging s ON DUPLICATE KEY UPDATE v = s.v"),
        passes(POSTGRESQL, "INSERT INTO orders (id, v) SELECT 1, 2 ON CONFLICT DO NOTHING RETURNING id; SELECT 1"),
        passes(STANDARD, "INSERT INTO orders (id, v) SELECT id, v FROM staging -- c"),
        fails(MYSQL, "INSERT INTO orders (v) SELECT v FROM staging RETURNING *",
            SQLFeatureNotSupportedException.class, "INSERT ... SELECT into orders"),
        fails(POSTGRESQL, "INSERT INTO orders (v) SELECT v FROM staging ON CONFLICT DO NOTHING",
            SQLFeatureNotSupportedException.class, "INSERT ... SELECT into orders"));
  }
}
