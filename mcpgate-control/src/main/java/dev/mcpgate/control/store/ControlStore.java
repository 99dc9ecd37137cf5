package dev.mcpgate.control.store;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.Secret;
import dev.mcpgate.control.AuditQuery;
import dev.mcpgate.control.ControlStoreException;
import dev.mcpgate.control.internal.JdbcStore;
import dev.mcpgate.control.internal.MemoryStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Where the control plane keeps its objects, its change log, and the data plane's audit events.
 * Implementations are thread-safe; write transactions are serialized, so change sequence numbers
 * follow commit order. Every method throws {@link ControlStoreException} when the store cannot be
 * reached or written, having changed nothing.
 *
 * <p>The shipped implementations pass {@code ControlStoreContract} (in this module's tests); a
 * new one should extend it.
 */
public interface ControlStore extends AutoCloseable {

  /**
   * Runs {@code work} in one write transaction, committed (durably) when it returns and rolled
   * back when it throws (the exception is rethrown).
   *
   * @param work what to do
   * @param <R> what it returns
   * @return what {@code work} returned
   * @throws ControlStoreException if the store fails
   */
  <R> R write(Function<StoreTransaction, R> work);

  /**
   * Runs {@code work} in one read transaction, which sees one consistent state.
   *
   * @param work what to read
   * @param <R> what it returns
   * @return what {@code work} returned
   * @throws ControlStoreException if the store fails
   */
  <R> R read(Function<StoreTransaction, R> work);

  /**
   * Appends data-plane audit events, in one transaction.
   *
   * @param events the events
   * @throws ControlStoreException if the store fails
   */
  void appendAudit(List<AuditEvent> events);

  /**
   * Reads data-plane audit events.
   *
   * @param query which
   * @return the events, newest first
   * @throws ControlStoreException if the store fails
   */
  List<AuditEvent> audit(AuditQuery query);

  /**
   * Deletes audit events older than {@code before}, then all but the newest {@code keep}.
   *
   * @param before the oldest time kept
   * @param keep how many of the newest are kept at most
   * @return how many were deleted
   * @throws ControlStoreException if the store fails
   */
  long pruneAudit(Instant before, long keep);

  /** Releases the store's resources; a closed store cannot be used again. */
  @Override
  void close();

  /**
   * A store in memory: nothing survives the process. For tests and for an embedding app that
   * configures everything in code.
   *
   * @return a new, empty store
   */
  static ControlStore inMemory() {
    return new MemoryStore();
  }

  /**
   * A SQLite store in one file (created with its schema when missing), in WAL mode with
   * {@code synchronous=FULL}: a committed change survives a crash of the process or the machine.
   * Needs {@code org.xerial:sqlite-jdbc} on the class path.
   *
   * @param file the database file
   * @return the store, its schema migrated
   * @throws ControlStoreException if the file cannot be opened or migrated
   */
  static ControlStore sqlite(Path file) {
    return JdbcStore.sqlite(file);
  }

  /**
   * A store on a JDBC URL: {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://HOST/DB}. The
   * driver must be on the class path.
   *
   * @param url the JDBC URL
   * @param user the database user, or null
   * @param password the user's password (resolved from a secret reference by the caller), or
   *     null
   * @return the store, its schema migrated
   * @throws ControlStoreException if the database cannot be reached or migrated
   * @throws IllegalArgumentException if the URL names another database
   */
  static ControlStore jdbc(String url, @Nullable String user, @Nullable Secret password) {
    return JdbcStore.open(url, user, password);
  }

  /**
   * A store on an application's own data source (SQLite or PostgreSQL, told apart by the
   * driver). Its tables are prefixed {@code mcpgate_} and its migrations recorded in
   * {@code mcpgate_schema_history}, so it can share a schema with the application's tables.
   *
   * @param dataSource the data source
   * @return the store, its schema migrated
   * @throws ControlStoreException if the database cannot be reached or migrated
   */
  static ControlStore jdbc(DataSource dataSource) {
    return JdbcStore.on(dataSource);
  }
}
