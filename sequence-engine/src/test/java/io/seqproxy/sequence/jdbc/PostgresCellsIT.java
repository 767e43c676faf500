package io.seqproxy.sequence.jdbc;

import io.seqproxy.testing.TestDatabases.Db;

class PostgresCellsIT extends JdbcCellsContract {
  PostgresCellsIT() {
    super(Db.POSTGRES);
  }
}
