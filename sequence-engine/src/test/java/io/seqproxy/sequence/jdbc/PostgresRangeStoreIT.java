package io.seqproxy.sequence.jdbc;

import io.seqproxy.testing.TestDatabases.Db;

class PostgresRangeStoreIT extends JdbcRangeStoreContract {
  PostgresRangeStoreIT() {
    super(Db.POSTGRES);
  }
}
