package dev.mcpgate.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.control.store.ControlStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** The control plane's specification on PostgreSQL (see {@link PostgresDatabase}). */
class PostgresControlPlaneTest extends ControlPlaneContract {

  private String url;

  @Override
  ControlStore newStore() {
    url = PostgresDatabase.freshSchemaUrl();
    return ControlStore.jdbc(url, null, null);
  }

  @Test
  void aCommittedChangeIsAnnouncedToListenersOnOtherConnectionsWithItsSequence()
      throws Exception {
    try (Connection listener = DriverManager.getConnection(url);
        Statement statement = listener.createStatement()) {
      statement.execute("LISTEN mcpgate_changes");
      control.dryRun(OPERATOR, new Command.CreateClient("ghost", null, null, Set.of()));

      Outcome<Client> outcome = control.apply(OPERATOR,
          new Command.CreateClient("acme", null, null, Set.of()));

      PGNotification[] notifications =
          listener.unwrap(PGConnection.class).getNotifications(10_000);
      assertThat(notifications).isNotNull();
      assertThat(Arrays.stream(notifications).map(PGNotification::getParameter))
          .containsExactly(Long.toString(((Outcome.Applied<Client>) outcome).change()
              .sequence()));
    }
  }
}
