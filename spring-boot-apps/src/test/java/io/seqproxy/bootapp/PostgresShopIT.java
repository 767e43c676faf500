package io.seqproxy.bootapp;

import io.seqproxy.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The shop on PostgreSQL through pgjdbc. */
class PostgresShopIT extends ShopAppContract {
  @BeforeAll
  static void requireDatabase() {
    TestDatabases.require(TestDatabases.Db.POSTGRES);
  }

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) throws Exception {
    configure(registry, TestDatabases.Db.POSTGRES, "BIGINT");
  }
}
