package dev.mcpgate.control.internal;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.Secret;
import dev.mcpgate.control.AuditQuery;
import dev.mcpgate.control.ChangeEvent;
import dev.mcpgate.control.ChangeQuery;
import dev.mcpgate.control.ControlStoreException;
import dev.mcpgate.control.ObjectKind;
import dev.mcpgate.control.Surface;
import dev.mcpgate.control.store.ControlStore;
import dev.mcpgate.control.store.StoreTransaction;
import dev.mcpgate.control.store.StoredObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;
import org.jspecify.annotations.Nullable;

/**
 * A store on SQLite or PostgreSQL through JDBI, its schema migrated by Flyway into
 * {@code mcpgate_}-prefixed tables with the history in {@code mcpgate_schema_history}. Write
 * transactions are serialized (SQLite: {@code BEGIN IMMEDIATE}; PostgreSQL: a transaction-scoped
 * advisory lock), so the change sequence follows commit order and compare-and-set cannot race.
 */
public final class JdbcStore implements ControlStore {

  /** The databases the store knows. */
  enum Dialect {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    final String folder;

    Dialect(String folder) {
      this.folder = folder;
    }
  }

  /**
   * The PostgreSQL channel on which each committed change is announced, its payload the
   * change's sequence: a process that {@code LISTEN}s learns of changes made by others.
   */
  public static final String CHANGE_CHANNEL = "mcpgate_changes";

  /** Any number: the key of the advisory lock that serializes writers on PostgreSQL. */
  private static final long WRITE_LOCK = 0x6d637067_61746531L;

  private final Jdbi jdbi;
  private final Dialect dialect;
  private final String description;
  private final @Nullable IdleConnections owned;

  private JdbcStore(DataSource dataSource, Dialect dialect, String description) {
    this.owned = dataSource instanceof IdleConnections kept ? kept : null;
    this.jdbi = Jdbi.create(dataSource);
    this.dialect = dialect;
    this.description = description;
    migrate(dataSource);
  }

  /**
   * A SQLite store in one file: WAL, {@code synchronous=FULL}, immediate transactions.
   *
   * @param file the database file
   * @return the store
   */
  public static JdbcStore sqlite(Path file) {
    return new JdbcStore(SqliteSource.kept("jdbc:sqlite:" + file.toAbsolutePath()),
        Dialect.SQLITE, "SQLite at " + file);
  }

  /**
   * A store on a JDBC URL.
   *
   * @param url {@code jdbc:sqlite:...} or {@code jdbc:postgresql:...}
   * @param user the user, or null
   * @param password the password, or null
   * @return the store
   */
  public static JdbcStore open(String url, @Nullable String user, @Nullable Secret password) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:sqlite:")) {
      return new JdbcStore(SqliteSource.kept(url), Dialect.SQLITE,
          "SQLite at " + url.substring("jdbc:sqlite:".length()));
    }
    if (lower.startsWith("jdbc:postgresql:")) {
      // Connecting to PostgreSQL costs a round trip and authentication: keep two open.
      return new JdbcStore(new IdleConnections(PostgresSource.of(url, user, password), 2),
          Dialect.POSTGRESQL, "PostgreSQL at " + withoutQuery(url));
    }
    throw new IllegalArgumentException(
        "store.url must be jdbc:sqlite:FILE or jdbc:postgresql://HOST/DATABASE");
  }

  /**
   * A store on an application's data source.
   *
   * @param dataSource the data source
   * @return the store
   */
  public static JdbcStore on(DataSource dataSource) {
    Dialect dialect;
    try (Connection connection = dataSource.getConnection()) {
      String product = connection.getMetaData().getDatabaseProductName()
          .toLowerCase(Locale.ROOT);
      if (product.contains("sqlite")) {
        dialect = Dialect.SQLITE;
      } else if (product.contains("postgres")) {
        dialect = Dialect.POSTGRESQL;
      } else {
        throw new IllegalArgumentException("the control-plane store runs on SQLite or "
            + "PostgreSQL, not on " + connection.getMetaData().getDatabaseProductName());
      }
    } catch (SQLException e) {
      throw new ControlStoreException("the control-plane store cannot connect: "
          + e.getMessage(), e);
    }
    return new JdbcStore(dataSource, dialect,
        (dialect == Dialect.SQLITE ? "SQLite" : "PostgreSQL") + " (application data source)");
  }

  private static String withoutQuery(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  private void migrate(DataSource dataSource) {
    try {
      Flyway.configure(JdbcStore.class.getClassLoader())
          .dataSource(dataSource)
          .table("mcpgate_schema_history")
          .locations("classpath:dev/mcpgate/control/db/" + dialect.folder)
          // A schema shared with the application's tables is not empty: start history at 0.
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .load()
          .migrate();
      if (dialect == Dialect.SQLITE) {
        jdbi.useHandle(handle -> handle.execute("PRAGMA journal_mode=WAL"));
      }
    } catch (FlywayException | JdbiException e) {
      throw new ControlStoreException("the control-plane store (" + description
          + ") cannot be opened or migrated: " + rootMessage(e), e);
    }
  }

  @Override
  public <R> R write(Function<StoreTransaction, R> work) {
    return run(true, work);
  }

  @Override
  public <R> R read(Function<StoreTransaction, R> work) {
    return run(false, work);
  }

  private <R> R run(boolean writable, Function<StoreTransaction, R> work) {
    try {
      return jdbi.inTransaction(handle -> {
        if (writable && dialect == Dialect.POSTGRESQL) {
          handle.createQuery("SELECT pg_advisory_xact_lock(:key)").bind("key", WRITE_LOCK)
              .map((rs, ctx) -> Boolean.TRUE).list();
        }
        return work.apply(new Transaction(handle, writable, dialect));
      });
    } catch (JdbiException e) {
      throw failure(e);
    }
  }

  private ControlStoreException failure(Exception e) {
    return new ControlStoreException("the control-plane store (" + description
        + ") failed; nothing was changed: " + rootMessage(e), e);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message.strip();
  }

  @Override
  public void appendAudit(List<AuditEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    try {
      jdbi.useTransaction(handle -> {
        try (var insert = handle.getConnection().prepareStatement("INSERT INTO mcpgate_audit "
            + "(at_millis, request_id, client_id, tool, outcome, source, body) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
          for (AuditEvent event : events) {
            insert.setLong(1, event.time().toEpochMilli());
            insert.setString(2, event.requestId());
            insert.setString(3, event.caller().clientId());
            insert.setString(4, event.tool());
            insert.setString(5, event.outcome().jsonName());
            insert.setString(6, event.source());
            insert.setString(7, Json.write(event));
            insert.addBatch();
          }
          insert.executeBatch();
        }
      });
    } catch (JdbiException | SQLException e) {
      throw failure(e);
    }
  }

  @Override
  public List<AuditEvent> audit(AuditQuery query) {
    StringBuilder sql = new StringBuilder("SELECT body FROM mcpgate_audit WHERE 1 = 1");
    List<Object> values = new ArrayList<>();
    filter(sql, values, "at_millis >= ?", query.from() == null ? null
        : query.from().toEpochMilli());
    filter(sql, values, "at_millis < ?", query.to() == null ? null : query.to().toEpochMilli());
    filter(sql, values, "client_id = ?", query.clientId());
    filter(sql, values, "tool = ?", query.tool());
    filter(sql, values, "outcome = ?", query.outcome());
    filter(sql, values, "source = ?", query.source());
    sql.append(" ORDER BY id DESC LIMIT ").append(query.limit());
    try {
      return jdbi.withHandle(handle -> bindAll(handle.createQuery(sql.toString()), values)
          .mapTo(String.class).list().stream()
          .map(body -> Json.read(body, AuditEvent.class))
          .toList());
    } catch (JdbiException e) {
      throw failure(e);
    }
  }

  /** How many audit rows one pruning transaction deletes at most. */
  private static final int PRUNE_CHUNK = 10_000;

  /**
   * Deletes in transactions of at most {@value #PRUNE_CHUNK} rows, walking up the ids, so that
   * pruning a large table never holds the write lock (SQLite's only one) for long: changes and
   * audit batches are written between the chunks.
   */
  @Override
  public long pruneAudit(Instant before, long keep) {
    try {
      long beforeMillis = before.toEpochMilli();
      Long newestOld = jdbi.withHandle(handle -> handle.createQuery(
              "SELECT MAX(id) FROM mcpgate_audit WHERE at_millis < :before")
          .bind("before", beforeMillis).mapTo(Long.class).findOne().orElse(null));
      // The count applies to what the age keeps, as it always has.
      Long newestExcess = jdbi.withHandle(handle -> handle.createQuery("SELECT id FROM "
              + "mcpgate_audit WHERE at_millis >= :before ORDER BY id DESC LIMIT 1 OFFSET :keep")
          .bind("before", beforeMillis).bind("keep", keep).mapTo(Long.class).findOne()
          .orElse(null));
      long excess = newestExcess == null ? -1 : newestExcess;
      long last = Math.max(newestOld == null ? -1 : newestOld, excess);
      if (last < 0) {
        return 0;
      }
      long from = jdbi.withHandle(handle -> handle.createQuery(
          "SELECT MIN(id) FROM mcpgate_audit").mapTo(Long.class).one());
      long removed = 0;
      while (from <= last) {
        long upper = Math.min(last, from + PRUNE_CHUNK - 1);
        long lower = from;
        removed += jdbi.inTransaction(handle -> handle.createUpdate("DELETE FROM mcpgate_audit "
                + "WHERE id >= :lower AND id <= :upper AND (at_millis < :before OR id <= :excess)")
            .bind("lower", lower).bind("upper", upper).bind("before", beforeMillis)
            .bind("excess", excess).execute());
        from = upper + 1;
      }
      return removed;
    } catch (JdbiException e) {
      throw failure(e);
    }
  }

  @Override
  public void close() {
    // A store opened by URL keeps two idle connections.
    if (owned != null) {
      owned.close();
    }
  }

  private static void filter(StringBuilder sql, List<Object> values, String condition,
      @Nullable Object value) {
    if (value != null) {
      sql.append(" AND ").append(condition);
      values.add(value);
    }
  }

  private static Query bindAll(Query query, List<Object> values) {
    for (int i = 0; i < values.size(); i++) {
      query.bind(i, values.get(i));
    }
    return query;
  }

  /** One JDBI handle in a transaction. */
  private static final class Transaction implements StoreTransaction {
    private static final String COLUMNS = "kind, id, parent_id, revision, body, secret_hash";

    private final Handle handle;
    private final boolean writable;
    private final Dialect dialect;

    Transaction(Handle handle, boolean writable, Dialect dialect) {
      this.handle = handle;
      this.writable = writable;
      this.dialect = dialect;
    }

    private static StoredObject object(java.sql.ResultSet rs) throws SQLException {
      return new StoredObject(ObjectKind.valueOf(rs.getString("kind")), rs.getString("id"),
          rs.getString("parent_id"), rs.getLong("revision"), rs.getString("body"),
          rs.getBytes("secret_hash"));
    }

    @Override
    public Optional<StoredObject> find(ObjectKind kind, String id) {
      return handle.createQuery("SELECT " + COLUMNS + " FROM mcpgate_objects "
              + "WHERE kind = :kind AND id = :id")
          .bind("kind", kind.name()).bind("id", id)
          .map((rs, ctx) -> object(rs)).findOne();
    }

    @Override
    public List<StoredObject> list(ObjectKind kind, @Nullable String parentId) {
      Query query = parentId == null
          ? handle.createQuery("SELECT " + COLUMNS + " FROM mcpgate_objects WHERE kind = :kind "
              + "ORDER BY id")
          : handle.createQuery("SELECT " + COLUMNS + " FROM mcpgate_objects WHERE kind = :kind "
              + "AND parent_id = :parent ORDER BY id").bind("parent", parentId);
      return query.bind("kind", kind.name()).map((rs, ctx) -> object(rs)).list();
    }

    @Override
    public boolean insert(StoredObject object) {
      checkWritable();
      // Writers are serialized, so looking first cannot race; a failed INSERT would abort a
      // PostgreSQL transaction.
      if (find(object.kind(), object.id()).isPresent()) {
        return false;
      }
      handle.createUpdate("INSERT INTO mcpgate_objects (" + COLUMNS + ") VALUES (:kind, :id, "
              + ":parent, :revision, :body, :hash)")
          .bind("kind", object.kind().name()).bind("id", object.id())
          .bind("parent", object.parentId()).bind("revision", object.revision())
          .bind("body", object.body()).bind("hash", object.secretHash())
          .execute();
      return true;
    }

    @Override
    public boolean replace(StoredObject object, long expectedRevision) {
      checkWritable();
      return handle.createUpdate("UPDATE mcpgate_objects SET parent_id = :parent, revision = "
              + ":revision, body = :body, secret_hash = :hash WHERE kind = :kind AND id = :id "
              + "AND revision = :expected")
          .bind("kind", object.kind().name()).bind("id", object.id())
          .bind("parent", object.parentId()).bind("revision", object.revision())
          .bind("body", object.body()).bind("hash", object.secretHash())
          .bind("expected", expectedRevision)
          .execute() == 1;
    }

    @Override
    public boolean delete(ObjectKind kind, String id, long expectedRevision) {
      checkWritable();
      return handle.createUpdate("DELETE FROM mcpgate_objects WHERE kind = :kind AND id = :id "
              + "AND revision = :expected")
          .bind("kind", kind.name()).bind("id", id).bind("expected", expectedRevision)
          .execute() == 1;
    }

    @Override
    public void putBlob(String sha256, byte[] content) {
      checkWritable();
      boolean known = handle.createQuery("SELECT COUNT(*) FROM mcpgate_blobs WHERE sha256 = :sha")
          .bind("sha", sha256).mapTo(Long.class).one() > 0;
      if (!known) {
        handle.createUpdate("INSERT INTO mcpgate_blobs (sha256, content) VALUES (:sha, :content)")
            .bind("sha", sha256).bind("content", content).execute();
      }
    }

    @Override
    public Optional<byte[]> blob(String sha256) {
      return handle.createQuery("SELECT content FROM mcpgate_blobs WHERE sha256 = :sha")
          .bind("sha", sha256).map((rs, ctx) -> rs.getBytes(1)).findOne();
    }

    @Override
    public ChangeEvent appendChange(ChangeEvent change) {
      checkWritable();
      handle.createUpdate("INSERT INTO mcpgate_changes (at_millis, actor, surface, kind, "
              + "object_id, revision_before, revision_after, summary) VALUES (:at, :actor, "
              + ":surface, :kind, :objectId, :before, :after, :summary)")
          .bind("at", change.time().toEpochMilli()).bind("actor", change.actor())
          .bind("surface", change.surface().name()).bind("kind", change.kind().name())
          .bind("objectId", change.objectId()).bind("before", change.revisionBefore())
          .bind("after", change.revisionAfter()).bind("summary", change.summary())
          .execute();
      // Writers are serialized: the greatest sequence is the one just taken.
      long sequence = sequence();
      if (dialect == Dialect.POSTGRESQL) {
        // Delivered at commit, never for a rollback: other processes learn of the change.
        handle.createQuery("SELECT pg_notify('" + CHANGE_CHANNEL + "', :sequence)")
            .bind("sequence", Long.toString(sequence)).map((rs, ctx) -> Boolean.TRUE).list();
      }
      return change.withSequence(sequence);
    }

    @Override
    public List<ChangeEvent> changes(ChangeQuery query) {
      StringBuilder sql = new StringBuilder("SELECT sequence, at_millis, actor, surface, kind, "
          + "object_id, revision_before, revision_after, summary FROM mcpgate_changes "
          + "WHERE sequence > ?");
      List<Object> values = new ArrayList<>();
      values.add(query.afterSequence());
      filter(sql, values, "at_millis >= ?", query.from() == null ? null
          : query.from().toEpochMilli());
      filter(sql, values, "at_millis < ?", query.to() == null ? null
          : query.to().toEpochMilli());
      filter(sql, values, "kind = ?", query.kind() == null ? null : query.kind().name());
      filter(sql, values, "object_id = ?", query.objectId());
      filter(sql, values, "actor = ?", query.actor());
      sql.append(" ORDER BY sequence DESC LIMIT ").append(query.limit());
      return bindAll(handle.createQuery(sql.toString()), values)
          .map((rs, ctx) -> new ChangeEvent(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)),
              rs.getString(3), Surface.valueOf(rs.getString(4)),
              ObjectKind.valueOf(rs.getString(5)), rs.getString(6), rs.getLong(7),
              rs.getLong(8), rs.getString(9)))
          .list();
    }

    @Override
    public long sequence() {
      return handle.createQuery("SELECT COALESCE(MAX(sequence), 0) FROM mcpgate_changes")
          .mapTo(Long.class).one();
    }

    private void checkWritable() {
      if (!writable) {
        throw new IllegalStateException("a read transaction cannot write");
      }
    }
  }
}
