package io.seqproxy.clinic;

import io.seqproxy.testing.TestDatabases;

/** The clinic on PostgreSQL through pgjdbc. */
class PostgresClinicIT extends PersistentClinicContract {
  @Override
  TestDatabases.Db db() {
    return TestDatabases.Db.POSTGRES;
  }

  @Override
  String platform() {
    return "postgresql";
  }
}
