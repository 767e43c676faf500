package io.seqproxy.sequence.jdbc;

import io.seqproxy.testing.TestDatabases.Db;

class MariaDbCellsIT extends JdbcCellsContract {
  MariaDbCellsIT() {
    super(Db.MARIADB);
  }
}
