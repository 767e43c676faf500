package io.seqproxy.jdbc;

import io.seqproxy.testing.TestDatabases.Db;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Creates a test's {@link OrdersTable}s; after the test closes every engine and drops the tables
 * and their configuration files. Register with {@code @RegisterExtension}.
 */
final class OrdersTables implements AfterEachCallback {
  private final List<OrdersTable> created = new ArrayList<>();
  private Path dir;

  /** @param explicit the mapping's {@code explicit:} setting, {@code keep} or {@code reject} */
  OrdersTable create(Db db, String explicit) throws Exception {
    return create(db, "id BIGINT PRIMARY KEY", explicit);
  }

  /**
   * @param idColumn the id column's definition, e.g. {@code id BIGINT AUTO_INCREMENT PRIMARY KEY}
   * @param explicit the mapping's {@code explicit:} setting, {@code keep} or {@code reject}
   */
  OrdersTable create(Db db, String idColumn, String explicit) throws Exception {
    if (dir == null) {
      dir = Files.createTempDirectory("seqproxy-orders");
    }
    OrdersTable table = OrdersTable.create(db, dir, idColumn, explicit);
    created.add(table);
    return table;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    EngineRegistry.closeAll();
    for (OrdersTable table : created) {
      table.close();
    }
    created.clear();
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
      dir = null;
    }
  }
}
