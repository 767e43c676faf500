package io.seqproxy.sequence.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a new connection to the database that holds the store's tables. */
@FunctionalInterface
public interface ConnectionFactory {
  Connection connect() throws SQLException;
}
