package io.seqproxy.sequence.jdbc;

import io.seqproxy.testing.TestDatabases.Db;

class MariaDbRangeStoreIT extends JdbcRangeStoreContract {
  MariaDbRangeStoreIT() {
    super(Db.MARIADB);
  }
}
