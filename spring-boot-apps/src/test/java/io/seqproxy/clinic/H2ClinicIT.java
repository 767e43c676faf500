package io.seqproxy.clinic;

import io.seqproxy.testing.TestDatabases;

/** The clinic on an in-memory H2 database. */
class H2ClinicIT extends ClinicAppContract {
  @Override
  TestDatabases.Db db() {
    return TestDatabases.Db.H2;
  }

  @Override
  String platform() {
    return "h2";
  }
}
