package dev.switchboard.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A unit of JDBC work run on the store's worker pool with a pooled connection.
 *
 * @param <T> what the work yields
 */
@FunctionalInterface
public interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
