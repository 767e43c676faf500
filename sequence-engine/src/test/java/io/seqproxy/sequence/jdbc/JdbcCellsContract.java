package io.seqproxy.sequence.jdbc;

import io.seqproxy.sequence.region.VersionedCellsContract;
import io.seqproxy.sequence.spi.VersionedCells;
import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The cells contract on one database; each client a store with its own connection. */
abstract class JdbcCellsContract extends VersionedCellsContract {
  private final Db db;
  private final String prefix = TestDatabases.uniqueName("cells") + "_";
  private final List<JdbcSequenceStore> stores = new ArrayList<>();

  JdbcCellsContract(Db db) {
    this.db = db;
  }

  @Override
  protected VersionedCells cells() {
    TestDatabases.require(db);
    JdbcSequenceStore store = JdbcSequenceStore.options(db::connect, db.name()).tablePrefix(prefix).open();
    stores.add(store);
    return store.cells();
  }

  @AfterEach
  void dropTables() throws Exception {
    stores.forEach(JdbcSequenceStore::close);
    if (stores.isEmpty()) {
      return;
    }
    try (var c = db.connect(); var s = c.createStatement()) {
      for (String table : List.of("range", "worker", "cell")) {
        s.execute("DROP TABLE IF EXISTS " + prefix + table);
      }
    }
  }
}
