package io.seqproxy.sequence.jdbc;

import io.seqproxy.testing.TestDatabases.Db;

class PostgresWorkerLeaseIT extends JdbcWorkerLeaseContract {
  PostgresWorkerLeaseIT() {
    super(Db.POSTGRES);
  }
}
