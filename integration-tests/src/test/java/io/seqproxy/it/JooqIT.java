package io.seqproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import io.seqproxy.jdbc.SeqProxyDataSource;
import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Identity;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.TableField;
import org.jooq.conf.RenderNameCase;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.Internal;
import org.jooq.impl.SQLDataType;
import org.jooq.impl.TableImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * jOOQ {@code insertInto(…).returning(ID)} for one row and for many, in each database's dialect.
 * On H2 jOOQ sends {@code select "id" from final table (insert into … values (?), …)}, whose
 * nested INSERT seqproxy fills like a top-level one.
 */
class JooqIT {

  /**
   * A table as jOOQ's code generator writes it: the key is the table's identity, which is what
   * makes jOOQ on MySQL read it back through getGeneratedKeys (without it, {@code returning}
   * returns nothing on MySQL, with or without seqproxy).
   */
  static final class ItemTable extends TableImpl<Record> {
    final TableField<Record, Long> id = createField(DSL.name("id"), SQLDataType.BIGINT.nullable(false).identity(true));
    final TableField<Record, String> name = createField(DSL.name("name"), SQLDataType.VARCHAR(100));

    ItemTable(String table) {
      super(DSL.name(table));
    }

    @Override
    public Identity<Record, Long> getIdentity() {
      return Internal.createIdentity(this, id);
    }
  }

  @Nested
  class H2 extends Contract {
    H2() {
      super(Db.H2, SQLDialect.H2);
    }
  }

  @Nested
  class MariaDb extends Contract {
    MariaDb() {
      // MYSQL, not MARIADB: with MARIADB jOOQ sends INSERT … RETURNING through executeQuery, which
      // mysql-connector-j refuses for any INSERT, with or without seqproxy. MYSQL reads the keys
      // through getGeneratedKeys, which seqproxy answers.
      super(Db.MARIADB, SQLDialect.MYSQL);
    }
  }

  @Nested
  class Postgres extends Contract {
    Postgres() {
      super(Db.POSTGRES, SQLDialect.POSTGRES);
    }
  }

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Contract {
    final Db db;
    final SQLDialect dialect;
    final String one = TestDatabases.uniqueName("it_jooq_one");
    final String many = TestDatabases.uniqueName("it_jooq_many");
    HikariDataSource pool;
    DSLContext sql;

    Contract(Db db, SQLDialect dialect) {
      this.db = db;
      this.dialect = dialect;
    }

    @BeforeAll
    void start() throws SQLException {
      TestDatabases.require(db);
      Schema.createNamedTables(db, one, many);
      String config = ItConfig.write("jooq.yaml", one, Map.of("one", one, "many", many));
      pool = Pools.realDriver(db);
      // H2 folds the unquoted names of the schema to upper case, and jOOQ's code generator would
      // name the table and its fields that way; jOOQ quotes every name, so it must write them so.
      Settings settings = new Settings()
          .withRenderNameCase(db == Db.H2 ? RenderNameCase.UPPER : RenderNameCase.AS_IS);
      sql = DSL.using(new SeqProxyDataSource(pool, config), dialect, settings);
    }

    @AfterAll
    void stop() throws SQLException {
      if (pool != null) {
        pool.close();
      }
      Schema.drop(db, one, many);
    }

    @Test
    void returningGivesTheIdOfOneRow() throws SQLException {
      ItemTable table = new ItemTable(one);
      Long first = sql.insertInto(table, table.name).values("a").returningResult(table.id).fetchOne().value1();
      Long second = sql.insertInto(table, table.name).values("b").returningResult(table.id).fetchOne().value1();
      assertEquals(List.of(1000L, 1001L), List.of(first, second));
      assertEquals(List.of("1000:a", "1001:b"), Schema.rows(db, one));
    }

    @Test
    void returningGivesTheIdsOfManyRowsInOrder() throws SQLException {
      ItemTable table = new ItemTable(many);
      List<Long> ids = sql.insertInto(table, table.name)
          .values("x").values("y").values("z")
          .returningResult(table.id).fetch().getValues(table.id);
      assertEquals(List.of(2000L, 2001L, 2002L), ids);
      assertEquals(List.of("2000:x", "2001:y", "2002:z"), Schema.rows(db, many));
    }
  }
}
