package dev.mcpgate.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server of {@code scripts/postgres.sh}, as the control module's tests use it:
 * skipped, saying why, without {@code MCPGATE_TEST_POSTGRES_URL}; a failure instead under
 * {@code CI=true}.
 */
final class PostgresTestDatabase {

  static final String VARIABLE = "MCPGATE_TEST_POSTGRES_URL";

  private PostgresTestDatabase() {}

  /** A URL on a new, empty schema of the server. */
  static String freshSchemaUrl() {
    String url = System.getProperty(VARIABLE, System.getenv(VARIABLE));
    if (url == null || url.isBlank()) {
      String why = VARIABLE + " is not set: start a server with "
          + "eval \"$(bash scripts/postgres.sh start)\"";
      if ("true".equals(System.getenv("CI"))) {
        fail("CI=true, so the PostgreSQL tests must run, but " + why);
      }
      Assumptions.abort("PostgreSQL tests skipped: " + why);
    }
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a schema on the test server", e);
    }
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }
}
