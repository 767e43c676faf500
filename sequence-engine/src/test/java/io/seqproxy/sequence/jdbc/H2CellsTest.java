package io.seqproxy.sequence.jdbc;

import io.seqproxy.testing.TestDatabases.Db;

class H2CellsTest extends JdbcCellsContract {
  H2CellsTest() {
    super(Db.H2);
  }
}
