package io.seqproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import io.seqproxy.jdbc.SeqProxyDataSource;
import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.SelectKey;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * MyBatis reading seqproxy's IDs into its objects: {@code useGeneratedKeys} with
 * {@code keyProperty} for one row, a multi-row {@code <foreach>} and the BATCH executor, and a
 * {@code <selectKey order="AFTER">SELECT LAST_INSERT_ID()</selectKey>}. The pool here is a
 * {@link SeqProxyDataSource} around HikariCP.
 */
class MyBatisIT {

  @Nested
  class H2 extends Contract {
    H2() {
      super(Db.H2);
    }
  }

  @Nested
  class MariaDb extends Contract {
    MariaDb() {
      super(Db.MARIADB);
    }
  }

  @Nested
  class Postgres extends Contract {
    Postgres() {
      super(Db.POSTGRES);
    }
  }

  public static class Item {
    private Long id;
    private String name;

    public Item() {}

    Item(String name) {
      this.name = name;
    }

    public Long getId() {
      return id;
    }

    public void setId(Long id) {
      this.id = id;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }
  }

  /** The table names are configuration variables, filled in when the mapper is parsed. */
  public interface ItemMapper {
    @Insert("INSERT INTO ${single} (name) VALUES (#{name})")
    @Options(useGeneratedKeys = true, keyProperty = "id")
    int insert(Item item);

    @Insert("<script>INSERT INTO ${many} (name) VALUES "
        + "<foreach collection='list' item='item' separator=','>(#{item.name})</foreach></script>")
    @Options(useGeneratedKeys = true, keyProperty = "id")
    int insertAll(List<Item> items);

    @Insert("INSERT INTO ${batch} (name) VALUES (#{name})")
    @Options(useGeneratedKeys = true, keyProperty = "id")
    int insertInBatch(Item item);

    @Insert("INSERT INTO ${selectkey} (name) VALUES (#{name})")
    @SelectKey(statement = "SELECT LAST_INSERT_ID()", keyProperty = "id", before = false, resultType = Long.class)
    int insertThenSelectKey(Item item);
  }

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Contract {
    final Db db;
    final String single = TestDatabases.uniqueName("it_mybatis_single");
    final String many = TestDatabases.uniqueName("it_mybatis_many");
    final String batch = TestDatabases.uniqueName("it_mybatis_batch");
    final String selectKey = TestDatabases.uniqueName("it_mybatis_selectkey");
    HikariDataSource pool;
    SqlSessionFactory sessions;

    Contract(Db db) {
      this.db = db;
    }

    @BeforeAll
    void start() throws SQLException {
      TestDatabases.require(db);
      Schema.createNamedTables(db, single, many, batch, selectKey);
      Map<String, String> tables = Map.of("single", single, "many", many, "batch", batch, "selectkey", selectKey);
      String config = ItConfig.write("mybatis.yaml", single, tables);
      pool = Pools.realDriver(db);
      Configuration configuration = new Configuration(
          new Environment("it", new JdbcTransactionFactory(), new SeqProxyDataSource(pool, config)));
      tables.forEach(configuration.getVariables()::setProperty);
      configuration.addMapper(ItemMapper.class);
      sessions = new SqlSessionFactoryBuilder().build(configuration);
    }

    @AfterAll
    void stop() throws SQLException {
      if (pool != null) {
        pool.close();
      }
      Schema.drop(db, single, many, batch, selectKey);
    }

    @Test
    void useGeneratedKeysFillsTheKeyProperty() throws SQLException {
      Item a = new Item("a");
      Item b = new Item("b");
      try (SqlSession session = sessions.openSession()) {
        ItemMapper mapper = session.getMapper(ItemMapper.class);
        assertEquals(1, mapper.insert(a));
        assertEquals(1, mapper.insert(b));
        session.commit();
      }
      assertEquals(List.of(1000L, 1001L), List.of(a.getId(), b.getId()));
      assertEquals(List.of("1000:a", "1001:b"), Schema.rows(db, single));
    }

    @Test
    void foreachInsertGivesEachObjectItsId() throws SQLException {
      List<Item> items = items("x", 4);
      try (SqlSession session = sessions.openSession()) {
        assertEquals(4, session.getMapper(ItemMapper.class).insertAll(items));
        session.commit();
      }
      assertEquals(List.of(2000L, 2001L, 2002L, 2003L), ids(items));
      assertEquals(List.of("2000:x0", "2001:x1", "2002:x2", "2003:x3"), Schema.rows(db, many));
    }

    @Test
    void batchExecutorGivesEachObjectItsId() throws SQLException {
      List<Item> items = items("b", 5);
      try (SqlSession session = sessions.openSession(ExecutorType.BATCH)) {
        ItemMapper mapper = session.getMapper(ItemMapper.class);
        items.forEach(mapper::insertInBatch);
        session.flushStatements();
        session.commit();
      }
      assertEquals(List.of(3000L, 3001L, 3002L, 3003L, 3004L), ids(items));
      assertEquals(List.of("3000:b0", "3001:b1", "3002:b2", "3003:b3", "3004:b4"), Schema.rows(db, batch));
    }

    @Test
    void selectKeyAfterReadsLastInsertId() throws SQLException {
      Item a = new Item("a");
      Item b = new Item("b");
      try (SqlSession session = sessions.openSession()) {
        ItemMapper mapper = session.getMapper(ItemMapper.class);
        mapper.insertThenSelectKey(a);
        mapper.insertThenSelectKey(b);
        session.commit();
      }
      assertEquals(List.of(4000L, 4001L), List.of(a.getId(), b.getId()));
      assertEquals(List.of("4000:a", "4001:b"), Schema.rows(db, selectKey));
    }

    private static List<Item> items(String prefix, int count) {
      List<Item> items = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        items.add(new Item(prefix + i));
      }
      return items;
    }

    private static List<Long> ids(List<Item> items) {
      return items.stream().map(Item::getId).toList();
    }
  }
}
