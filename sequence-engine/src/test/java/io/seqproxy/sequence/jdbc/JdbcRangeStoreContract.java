package io.seqproxy.sequence.jdbc;

import io.seqproxy.sequence.range.RangeStore;
import io.seqproxy.sequence.range.RangeStoreContract;
import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The range store contract on one database; each client is a store with its own connection. */
abstract class JdbcRangeStoreContract extends RangeStoreContract {
  private final Db db;
  private final String prefix = TestDatabases.uniqueName("sp") + "_";
  private final List<JdbcSequenceStore> stores = new ArrayList<>();

  JdbcRangeStoreContract(Db db) {
    this.db = db;
  }

  @BeforeEach
  void requireDatabase() {
    TestDatabases.require(db);
  }

  @Override
  protected RangeStore openStore() {
    JdbcSequenceStore store = JdbcSequenceStore.options(db::connect, db.url()).tablePrefix(prefix).open();
    stores.add(store);
    return store.ranges();
  }

  @AfterEach
  void dropTables() throws Exception {
    stores.forEach(JdbcSequenceStore::close);
    stores.clear();
    try (var c = db.connect(); var s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + prefix + "range");
      s.execute("DROP TABLE IF EXISTS " + prefix + "worker");
    }
  }
}
