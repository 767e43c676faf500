package io.seqproxy.jdbc.delegate;

import java.sql.SQLException;

/**
 * One call of a real JDBC object, such as {@code PreparedStatement::executeUpdate}: how one
 * private path serves every JDBC overload that differs only in the call it makes at the end.
 */
@FunctionalInterface
public interface SqlCall<T, R> {
  R on(T real) throws SQLException;
}
