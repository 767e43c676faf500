package io.seqproxy.sequence.jdbc;

import io.seqproxy.testing.TestDatabases.Db;

class H2RangeStoreTest extends JdbcRangeStoreContract {
  H2RangeStoreTest() {
    super(Db.H2);
  }
}
