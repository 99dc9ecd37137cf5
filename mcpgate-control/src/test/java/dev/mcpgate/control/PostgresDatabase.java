package dev.mcpgate.control;

import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server the tests run against: {@code scripts/postgres.sh start} exports its URL
 * as {@code MCPGATE_TEST_POSTGRES_URL}. Without it the PostgreSQL tests are skipped locally, but
 * fail under {@code CI=true}, so CI can never skip them silently.
 */
final class PostgresDatabase {

  static final String VARIABLE = "MCPGATE_TEST_POSTGRES_URL";

  private PostgresDatabase() {}

  static String url() {
    String url = System.getProperty(VARIABLE, System.getenv(VARIABLE));
    if (url == null || url.isBlank()) {
      String why = VARIABLE + " is not set: start a server with "
          + "eval \"$(bash scripts/postgres.sh start)\"";
      if ("true".equals(System.getenv("CI"))) {
        fail("CI=true, so the PostgreSQL tests must run, but " + why);
      }
      Assumptions.abort("PostgreSQL tests skipped: " + why);
    }
    return url;
  }

  /** A URL on a new, empty schema of the server, so that each test starts from nothing. */
  static String freshSchemaUrl() {
    String url = url();
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a schema on " + url, e);
    }
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }
}
