package dev.mcpgate.control.internal;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that keeps a few connections open between transactions instead of opening one
 * for each: for a store opened by URL, where connecting costs a network round trip and
 * authentication (PostgreSQL) or a schema read and the pragmas (SQLite) on every snapshot, change
 * and audit batch. A connection handed back is rolled back if
 * it was left in a transaction; one found dead when taken is dropped and another opened. Not a
 * general pool: no limit on connections in use, no timeouts of its own. Thread-safe.
 */
final class IdleConnections implements DataSource, AutoCloseable {

  private final DataSource target;
  private final int keep;
  private final Deque<Connection> idle = new ArrayDeque<>();
  private boolean closed;

  IdleConnections(DataSource target, int keep) {
    this.target = target;
    this.keep = keep;
  }

  @Override
  public Connection getConnection() throws SQLException {
    while (true) {
      Connection connection;
      synchronized (idle) {
        connection = idle.pollFirst();
      }
      if (connection == null) {
        return lend(target.getConnection());
      }
      if (connection.isValid(2)) {
        return lend(connection);
      }
      quietlyClose(connection);
    }
  }

  private Connection lend(Connection connection) {
    AtomicBoolean returned = new AtomicBoolean();
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "close" -> {
              if (returned.compareAndSet(false, true)) {
                giveBack(connection);
              }
              return null;
            }
            case "isClosed" -> {
              return returned.get() || connection.isClosed();
            }
            case "equals" -> {
              return proxy == args[0];
            }
            case "hashCode" -> {
              return System.identityHashCode(proxy);
            }
            case "toString" -> {
              return "lent " + connection;
            }
            default -> {
              if (returned.get()) {
                throw new SQLException("connection already closed");
              }
              try {
                return method.invoke(connection, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            }
          }
        });
  }

  private void giveBack(Connection connection) {
    try {
      if (connection.isClosed()) {
        return;
      }
      if (!connection.getAutoCommit()) {
        connection.rollback();
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      quietlyClose(connection);
      return;
    }
    synchronized (idle) {
      if (!closed && idle.size() < keep) {
        idle.addFirst(connection);
        return;
      }
    }
    quietlyClose(connection);
  }

  private static void quietlyClose(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // Already broken: nothing to release.
    }
  }

  /** Closes the idle connections; those in use are closed when handed back. */
  @Override
  public void close() {
    synchronized (idle) {
      closed = true;
      idle.forEach(IdleConnections::quietlyClose);
      idle.clear();
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("the store's credentials are set once");
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return target.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    target.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    target.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return target.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return target.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return target.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return target.isWrapperFor(type);
  }
}
