package dev.mcpgate.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.Secret;
import dev.mcpgate.control.store.ControlStore;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteDataSource;

/** A store that is down makes a change fail with a clear error, and changes nothing. */
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
