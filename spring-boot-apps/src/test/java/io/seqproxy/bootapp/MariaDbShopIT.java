package io.seqproxy.bootapp;

import io.seqproxy.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The shop on MariaDB through mysql-connector-j, with the application's ordinary MySQL URL. */
class MariaDbShopIT extends ShopAppContract {
  @BeforeAll
  static void requireDatabase() {
    TestDatabases.require(TestDatabases.Db.MARIADB);
  }

  @DynamicPropertySource
  static void mariadb(DynamicPropertyRegistry registry) throws Exception {
    configure(registry, TestDatabases.Db.MARIADB, "BIGINT");
    // mysql-connector-j reports MariaDB as MySQL 5.5.5; Hibernate is told what it really is.
    registry.add("spring.jpa.database-platform", () -> "org.hibernate.dialect.MariaDBDialect");
    registry.add("spring.jpa.properties.jakarta.persistence.database-major-version", () -> "10");
    registry.add("spring.jpa.properties.jakarta.persistence.database-minor-version", () -> "11");
  }
}
