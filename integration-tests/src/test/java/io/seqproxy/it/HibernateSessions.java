package io.seqproxy.it;

import io.seqproxy.testing.TestDatabases.Db;
import java.util.Map;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.hibernate.boot.model.naming.Identifier;
import org.hibernate.boot.model.naming.PhysicalNamingStrategyStandardImpl;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.hibernate.engine.jdbc.env.spi.JdbcEnvironment;

/** A SessionFactory over a seqproxy data source, configured as the README (Pools and ORMs) tells users to. */
final class HibernateSessions {
  private HibernateSessions() {}

  /**
   * @param tables the physical name of each entity's logical table name: each test run uses
   *     tables of its own, like the rest of the suite
   * @param batchSize {@code hibernate.jdbc.batch_size}; 0 for none
   */
  static SessionFactory build(Db db, DataSource dataSource, Map<String, String> tables, int batchSize,
      Class<?>... entities) {
    return build(db, dataSource, tables, batchSize, Map.of(), entities);
  }

  static SessionFactory build(Db db, DataSource dataSource, Map<String, String> tables, int batchSize,
      Map<String, String> settings, Class<?>... entities) {
    Configuration configuration = new Configuration();
    if (db == Db.MARIADB) {
      // mysql-connector-j reports MariaDB as MySQL 5.5.5, and Hibernate would pick MySQLDialect:
      // no sequences, no INSERT … RETURNING. This is so without seqproxy too.
      configuration.setProperty(AvailableSettings.DIALECT, "org.hibernate.dialect.MariaDBDialect");
      configuration.setProperty(AvailableSettings.JAKARTA_HBM2DDL_DB_MAJOR_VERSION, "10");
      configuration.setProperty(AvailableSettings.JAKARTA_HBM2DDL_DB_MINOR_VERSION, "11");
    }
    settings.forEach(configuration::setProperty);
    for (Class<?> entity : entities) {
      configuration.addAnnotatedClass(entity);
    }
    configuration.getProperties().put(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource);
    // seqproxy fills the keys: the schema is the application's, never Hibernate's to make or check.
    configuration.setProperty(AvailableSettings.HBM2DDL_AUTO, "none");
    configuration.setProperty("hibernate.show_sql", System.getProperty("it.show_sql", "false"));
    if (batchSize > 0) {
      configuration.setProperty(AvailableSettings.STATEMENT_BATCH_SIZE, Integer.toString(batchSize));
      configuration.setProperty(AvailableSettings.ORDER_INSERTS, "true");
    }
    configuration.setPhysicalNamingStrategy(new PhysicalNamingStrategyStandardImpl() {
      @Override
      public Identifier toPhysicalTableName(Identifier logical, JdbcEnvironment environment) {
        String physical = tables.get(logical.getText());
        return physical == null ? logical : Identifier.toIdentifier(physical);
      }

      @Override
      public Identifier toPhysicalSequenceName(Identifier logical, JdbcEnvironment environment) {
        return toPhysicalTableName(logical, environment);
      }
    });
    return configuration.buildSessionFactory();
  }
}
