package io.seqproxy.sequence.jdbc;

import io.seqproxy.sequence.SequenceUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jdbc store's own connection: never one of the application's, always in auto-commit, so
 * every reservation is committed by itself, outside any application transaction. Store calls
 * are rare (one per range, one per lease renewal), so one connection behind a lock is enough;
 * it is reopened after a failure.
 */
final class StoreConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StoreConnection.class);

  /** One piece of work on the connection. */
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final ConnectionFactory factory;
  private final String description;
  private final ReentrantLock lock = new ReentrantLock();
  private Connection connection;
  private boolean closed;

  StoreConnection(ConnectionFactory factory, String description) {
    this.factory = factory;
    // Callers pass a URL; whatever credential it still carries never reaches a log or a message.
    this.description = JdbcUrls.redact(description);
  }

  String description() {
    return description;
  }

  /**
   * Runs {@code work}; on an SQL error the connection is dropped and the work tried once more
   * on a new one, since the usual cause is a connection the server closed while idle.
   */
  <T> T call(Work<T> work) {
    lock.lock();
    try {
      if (closed) {
        throw new SequenceUnavailableException("the jdbc store at " + description + " is closed");
      }
      SQLException first = null;
      for (int attempt = 0; attempt < 2; attempt++) {
        try {
          return work.run(connection());
        } catch (SQLException e) {
          if (isConstraintViolation(e)) {
            throw new IllegalStateException("unexpected constraint violation in the jdbc store", e);
          }
          dropConnection();
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
      }
      throw new SequenceUnavailableException("the jdbc store at " + description + " failed: " + first.getMessage(), first);
    } finally {
      lock.unlock();
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      connection = factory.connect();
      connection.setAutoCommit(true);
    }
    return connection;
  }

  private void dropConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        log.debug("closing a failed store connection to {}: {}", description, e.toString());
      }
      connection = null;
    }
  }

  static boolean isConstraintViolation(SQLException e) {
    String state = e.getSQLState();
    return state != null && state.startsWith("23");
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      dropConnection();
    } finally {
      lock.unlock();
    }
  }
}
