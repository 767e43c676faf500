package io.seqproxy.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.h2.tools.SimpleResultSet;

/**
 * A real-driver stand-in for {@code jdbc:recording:} that records every SQL string it is given,
 * as {@code <method>: <sql>}. The one mock the tests allow: it proves what reaches the real
 * driver, byte for byte, which a real database cannot show.
 */
final class RecordingDriver implements Driver {
  static final RecordingDriver INSTANCE = new RecordingDriver();
  static final List<String> SQL = new CopyOnWriteArrayList<>();
  /** How many times seqproxy asked a connection for its current schema. */
  static final AtomicInteger SCHEMA_READS = new AtomicInteger();

  static {
    try {
      DriverManager.registerDriver(INSTANCE);
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static void register() {
    // loading the class registers it
  }

  @Override
  public Connection connect(String url, Properties info) {
    if (!acceptsURL(url)) {
      return null;
    }
    return (Connection) proxy(Connection.class, (self, method, args) -> {
      String name = method.getName();
      if (name.equals("createStatement")) {
        return statement(Statement.class, (Connection) self);
      }
      if (name.equals("prepareStatement") || name.equals("prepareCall")) {
        SQL.add(name + ": " + args[0]);
        return statement(PreparedStatement.class, (Connection) self);
      }
      if (name.equals("getSchema")) {
        SCHEMA_READS.incrementAndGet();
        return "public";
      }
      if (name.equals("getMetaData")) {
        return metaData();
      }
      return defaultValue(method.getReturnType());
    });
  }

  /**
   * Metadata that describes one table, {@code public.orders (id BIGINT, name VARCHAR)}, with
   * names stored in lower case: what seqproxy reads before it plans an INSERT into a mapped table.
   */
  private static DatabaseMetaData metaData() {
    return (DatabaseMetaData) proxy(DatabaseMetaData.class, (self, method, args) -> switch (method.getName()) {
      case "getColumns" -> {
        SimpleResultSet rs = new SimpleResultSet();
        for (String column : List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "TYPE_NAME",
            "IS_AUTOINCREMENT", "IS_GENERATEDCOLUMN")) {
          rs.addColumn(column, Types.VARCHAR, 0, 0);
        }
        for (String column : List.of("DATA_TYPE", "COLUMN_SIZE", "NULLABLE")) {
          rs.addColumn(column, Types.INTEGER, 0, 0);
        }
        if ("public".equals(args[1]) && "orders".equals(args[2])) {
          rs.addRow(null, "public", "orders", "id", "BIGINT", "NO", "NO", Types.BIGINT, 19, 0);
          rs.addRow(null, "public", "orders", "name", "VARCHAR", "NO", "NO", Types.VARCHAR, 100, 1);
        }
        yield rs;
      }
      case "getIdentifierQuoteString" -> "\"";
      case "storesLowerCaseIdentifiers" -> true;
      case "getDatabaseProductName" -> "recording";
      default -> defaultValue(method.getReturnType());
    });
  }

  /** A statement of {@code connection}, which {@code getConnection()} returns, as JDBC requires. */
  private static Object statement(Class<?> type, Connection connection) {
    return proxy(type, (self, method, args) -> {
      if (method.getName().equals("getConnection")) {
        return connection;
      }
      if (args != null && args.length > 0 && args[0] instanceof String sql) {
        SQL.add(method.getName() + ": " + sql);
      }
      if (method.getReturnType() == ResultSet.class) {
        return proxy(ResultSet.class, (rs, m, a) -> defaultValue(m.getReturnType()));
      }
      if (method.getReturnType() == int[].class) {
        return new int[0];
      }
      if (method.getReturnType() == long[].class) {
        return new long[0];
      }
      return defaultValue(method.getReturnType());
    });
  }

  private static Object proxy(Class<?> type, InvocationHandler handler) {
    return Proxy.newProxyInstance(RecordingDriver.class.getClassLoader(), new Class<?>[] {type}, handler);
  }

  private static Object defaultValue(Class<?> type) {
    if (type == boolean.class) {
      return false;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    return null;
  }

  @Override
  public boolean acceptsURL(String url) {
    return url.startsWith("jdbc:recording:");
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    return new DriverPropertyInfo[0];
  }

  @Override
  public int getMajorVersion() {
    return 1;
  }

  @Override
  public int getMinorVersion() {
    return 0;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getLogger("recording");
  }
}
