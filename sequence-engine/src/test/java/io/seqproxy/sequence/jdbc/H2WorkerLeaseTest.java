package io.seqproxy.sequence.jdbc;

import io.seqproxy.testing.TestDatabases.Db;

class H2WorkerLeaseTest extends JdbcWorkerLeaseContract {
  H2WorkerLeaseTest() {
    super(Db.H2);
  }
}
