package io.seqproxy.clinic;

import io.seqproxy.testing.TestDatabases;
import java.util.Map;

/** The clinic on MariaDB through mysql-connector-j. */
class MariaDbClinicIT extends PersistentClinicContract {
  @Override
  TestDatabases.Db db() {
    return TestDatabases.Db.MARIADB;
  }

  @Override
  String platform() {
    return "mariadb";
  }

  @Override
  Map<String, String> databaseSettings() {
    // mysql-connector-j reports MariaDB as MySQL 5.5.5; Hibernate is told what it really is.
    return Map.of("spring.jpa.database-platform", "org.hibernate.dialect.MariaDBDialect",
        "spring.jpa.properties.jakarta.persistence.database-major-version", "10",
        "spring.jpa.properties.jakarta.persistence.database-minor-version", "11");
  }
}
