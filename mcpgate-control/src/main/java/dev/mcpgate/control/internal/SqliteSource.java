package dev.mcpgate.control.internal;

import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** SQLite data sources with durable settings; only loaded when SQLite is used. */
final class SqliteSource {

  private SqliteSource() {}

  /**
   * A durable data source that keeps two connections open between transactions: opening a
   * SQLite connection reads the schema and sets the pragmas again, about a millisecond of CPU,
   * and closing the last one checkpoints the journal; both on every snapshot, change and audit
   * batch otherwise.
   */
  static IdleConnections kept(String url) {
    return new IdleConnections(durable(url), 2);
  }

  /**
   * WAL (readers never block the writer), {@code synchronous=FULL} (a commit is on disk before
   * it returns, even across a power loss), immediate transactions (a writer takes the lock at
   * its start, so two writers never deadlock upgrading a read lock), a 10 s busy timeout.
   */
  static DataSource durable(String url) {
    try {
      Class.forName("org.sqlite.JDBC");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("a SQLite store needs org.xerial:sqlite-jdbc on the "
          + "class path", e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.setBusyTimeout(10_000);
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl(url);
    return source;
  }
}
