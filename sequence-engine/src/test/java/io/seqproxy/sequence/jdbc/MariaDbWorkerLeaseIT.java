package io.seqproxy.sequence.jdbc;

import io.seqproxy.testing.TestDatabases.Db;

class MariaDbWorkerLeaseIT extends JdbcWorkerLeaseContract {
  MariaDbWorkerLeaseIT() {
    super(Db.MARIADB);
  }
}
