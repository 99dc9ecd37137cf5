package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.control.store.ControlStore;
import dev.mcpgate.testkit.McpTestClient;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live specification on PostgreSQL, where changes are announced by {@code NOTIFY}: polling
 * is set to a minute here, so whatever arrives within 2 s came through {@code LISTEN}. Two serve
 * instances share one database, as two processes would.
 */
class PostgresLiveStoreTest extends LiveStoreTest {

  private String url = "";

  @Override
  String configText() {
    url = PostgresTestDatabase.freshSchemaUrl();
    return """
        sources: []
        policy:
          default: allow
        upstream:
          allowLoopback: true
          allowHosts: ["127.0.0.1"]
        store:
          url: "%s"
          poll: PT60S
        admin:
          port: 0
        """.formatted(url);
  }

  @Override
  ControlStore openStore() {
    return ControlStore.jdbc(url, null, null);
  }

  @Override
  void breakStore() throws Exception {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
      statement.execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  @Test
  void aRevocationIsEnforcedByBothInstancesWithin2Seconds() throws Exception {
    String key = seed();
    URI first = serve();
    URI second = serve();
    try (McpTestClient one = McpTestClient.builder(first)
            .header("Authorization", "Bearer " + key).build();
        McpTestClient two = McpTestClient.builder(second)
            .header("Authorization", "Bearer " + key).build()) {
      assertThat(one.initialize().status()).isEqualTo(200);
      assertThat(two.initialize().status()).isEqualTo(200);

      cli("clients", "revoke", "agent");
      assertThat(within(Duration.ofSeconds(2), () -> one.listTools(null).status() == 401))
          .isNotNull();
      assertThat(within(Duration.ofSeconds(2), () -> two.listTools(null).status() == 401))
          .isNotNull();
    }
  }

  @Test
  void aLostListenConnectionIsReopenedAndWhatWasMissedIsLoaded() throws Exception {
    String key = seed();
    URI endpoint = serve();
    try (McpTestClient client = McpTestClient.builder(endpoint)
        .header("Authorization", "Bearer " + key).build()) {
      assertThat(client.initialize().status()).isEqualTo(200);

      assertThat(terminateListeners()).isPositive();
      String keyId = JsonMapper.builder().build().readTree(cli("clients", "keys", "agent"))
          .at("/0/meta/id").asString();
      cli("clients", "revoke-key", keyId);
      // Reconnecting takes a second, then the whole snapshot is read again.
      assertThat(within(Duration.ofSeconds(4), () -> client.listTools(null).status() == 401))
          .isNotNull();
    }
  }

  /** Ends the server's LISTEN connections, as a database restart or a network cut would. */
  private int terminateListeners() throws Exception {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet killed = statement.executeQuery("SELECT count(pg_terminate_backend(pid))"
            + " FROM pg_stat_activity WHERE query = 'LISTEN mcpgate_changes'")) {
      killed.next();
      return killed.getInt(1);
    }
  }
}
