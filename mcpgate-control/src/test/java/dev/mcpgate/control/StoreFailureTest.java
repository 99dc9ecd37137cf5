package dev.mcpgate.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.Secret;
import dev.mcpgate.control.store.ControlStore;
import dev.mcpgate.control.store.StoreTransaction;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteDataSource;

/**
 * A store that is down, or whose disk is full, makes a change fail with a clear error, and changes
 * nothing.
 */
class StoreFailureTest {

  @TempDir Path directory;

  @Test
  void aChangeFailsClearlyWhileSqliteIsDownAndWorksWhenItIsBack() {
    SQLiteDataSource sqlite = new SQLiteDataSource();
    sqlite.setUrl("jdbc:sqlite:" + directory.resolve("mcpgate.db"));
    downAndBack(new SwitchableDataSource(sqlite));
  }

  @Test
  void aChangeFailsClearlyWhilePostgresIsDownAndWorksWhenItIsBack() {
    PGSimpleDataSource postgres = new PGSimpleDataSource();
    postgres.setURL(PostgresDatabase.freshSchemaUrl());
    downAndBack(new SwitchableDataSource(postgres));
  }

  private static void downAndBack(SwitchableDataSource dataSource) {
    try (ControlStore store = ControlStore.jdbc((DataSource) dataSource);
        ControlPlane control = ControlPlane.builder(store).build()) {
      Actor actor = Actor.local(Surface.API);
      assertThat(control.apply(actor, new Command.CreateClient("a", null, null, Set.of()))
          .applied()).isTrue();

      dataSource.down(true);
      assertThatThrownBy(() -> control.apply(actor,
          new Command.CreateClient("b", null, null, Set.of())))
          .isInstanceOf(ControlStoreException.class)
          .hasMessageContaining("failed; nothing was changed")
          .hasMessageContaining("Connection refused");

      dataSource.down(false);
      assertThat(control.clients()).extracting(client -> client.meta().id()).containsExactly("a");
      assertThat(control.sequence()).isEqualTo(1);
      assertThat(control.apply(actor, new Command.CreateClient("b", null, null, Set.of()))
          .applied()).isTrue();
    }
  }

  @Test
  void aChangeFailsClearlyWhenTheDiskIsFullAndEveryAcknowledgedChangeIsThere() throws Exception {
    // SQLite's max_page_count makes the database full at a size, as a full disk does: the same
    // SQLITE_FULL error from the same place in SQLite, without filling the machine's disk.
    String url = "jdbc:sqlite:" + directory.resolve("mcpgate.db");
    try (ControlStore created = ControlStore.jdbc((DataSource) sqlite(url, 0))) {
      long sequence = created.read(StoreTransaction::sequence);
      assertThat(sequence).isZero();
    }
    long pages;
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet count = statement.executeQuery("PRAGMA page_count")) {
      count.next();
      pages = count.getLong(1);
    }

    Actor actor = Actor.local(Surface.API);
    List<String> acknowledged = new ArrayList<>();
    ControlStoreException full = null;
    try (ControlStore store = ControlStore.jdbc((DataSource) sqlite(url, (int) pages + 16));
        ControlPlane control = ControlPlane.builder(store).build()) {
      String name = "n".repeat(200);
      for (int i = 0; i < 2_000 && full == null; i++) {
        try {
          assertThat(control.apply(actor, new Command.CreateClient("c" + i, name + i, null,
              Set.of())).applied()).isTrue();
          acknowledged.add("c" + i);
        } catch (ControlStoreException e) {
          full = e;
        }
      }
      assertThat(full).as("the store filled up").isNotNull();
      assertThat(full).hasMessageContaining("failed; nothing was changed")
          .hasMessageContaining("full");
      assertThat(acknowledged).isNotEmpty();
      // Reads, and so the data plane's snapshots, still work on a full store.
      assertThat(control.clients()).extracting(client -> client.meta().id())
          .containsExactlyInAnyOrderElementsOf(acknowledged);
      assertThat(control.snapshot("production").clients()).hasSize(acknowledged.size());
    }

    try (ControlStore store = ControlStore.jdbc((DataSource) sqlite(url, 0));
        ControlPlane control = ControlPlane.builder(store).build()) {
      assertThat(control.sequence()).isEqualTo(acknowledged.size());
      assertThat(control.changes(ChangeQuery.latest(10_000))).hasSize(acknowledged.size());
      assertThat(control.clients()).extracting(client -> client.meta().id())
          .containsExactlyInAnyOrderElementsOf(acknowledged);
      assertThat(control.apply(actor, new Command.CreateClient("after", null, null, Set.of()))
          .applied()).as("with room again, changes work").isTrue();
    }
  }

  /** A WAL SQLite data source on the file, at most {@code maxPages} pages big (0: no limit). */
  private static SQLiteDataSource sqlite(String url, int maxPages) {
    SQLiteDataSource sqlite = new SQLiteDataSource();
    sqlite.setUrl(url);
    sqlite.setJournalMode("WAL");
    if (maxPages > 0) {
      sqlite.setMaxPageCount(maxPages);
    }
    return sqlite;
  }

  @Test
  void aPostgresServerThatIsNotThereFailsTheStoreOpeningWithoutItsPassword() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/mcpgate";

    assertThatThrownBy(() -> ControlStore.jdbc(url, "mcpgate", Secret.of("canary-password-6271")))
        .isInstanceOf(ControlStoreException.class)
        .hasMessageContaining("PostgreSQL at " + url)
        .hasMessageContaining("cannot be opened")
        .hasMessageNotContaining("canary-password-6271");
  }

  @Test
  void aSqliteFileThatCannotBeCreatedFailsTheStoreOpening() {
    Path impossible = directory.resolve("no-such-directory").resolve("mcpgate.db");

    assertThatThrownBy(() -> ControlStore.sqlite(impossible))
        .isInstanceOf(ControlStoreException.class)
        .hasMessageContaining("SQLite at " + impossible);
  }

  @Test
  void aUrlOfAnotherDatabaseIsRefused() {
    assertThatThrownBy(() -> ControlStore.jdbc("jdbc:mysql://localhost/x", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:sqlite:FILE or jdbc:postgresql://HOST/DATABASE");
  }
}
