package dev.mcpgate.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpgate.control.Retention;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code store} section: where the control-plane store is and what serve takes from it. */
class StoreConfigTest {

  private static final Path FILE = Path.of("/srv/mcpgate/mcpgate.yaml");

  private static ServeConfig.Store store(String yaml) {
    return ConfigLoader.parse(yaml, FILE, "mcpgate.yaml").store();
  }

  private static List<String> problems(String yaml) {
    return catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.parse(yaml, FILE, "mcpgate.yaml")).problems();
  }

  @Test
  void withoutTheSectionTheStoreIsMcpgateDbBesideTheFile() {
    ServeConfig.Store store = store("""
        sources:
          - {id: pets, description: https://pets.example.com/openapi.json}
        """);
    assertThat(store.declared()).isFalse();
    assertThat(store.url()).isEqualTo("jdbc:sqlite:/srv/mcpgate/mcpgate.db");
    assertThat(store.environment()).isEqualTo("production");
    assertThat(store.poll()).isEqualTo(Duration.ofMillis(500));
    assertThat(store.auditRetention()).isEqualTo(Retention.defaults());
  }

  @Test
  void theStoresAuditRetentionIsSetByAgeAndCount() {
    ServeConfig.Store store = store("""
        sources: []
        store:
          audit: {maxAge: P7D, maxCount: 250000}
        """);
    assertThat(store.auditRetention()).isEqualTo(new Retention(Duration.ofDays(7), 250_000));
    assertThat(problems("""
        sources: []
        store:
          audit: {maxAge: PT1M, maxCount: 10, keep: 3}
        """)).containsExactlyInAnyOrder(
            "store.audit.maxAge: must be at least 1 hour (PT1H)",
            "store.audit.maxCount: must be from 1000 to 1000000000",
            "store.audit.keep: unknown key");
  }

  @Test
  void aRelativeSqlitePathIsReadFromTheFilesDirectoryAndSourcesMayBeEmpty() {
    ServeConfig.Store store = store("""
        sources: []
        store: {url: "jdbc:sqlite:data/control.db", environment: sandbox, poll: PT2S}
        """);
    assertThat(store.declared()).isTrue();
    assertThat(store.url()).isEqualTo("jdbc:sqlite:/srv/mcpgate/data/control.db");
    assertThat(store.environment()).isEqualTo("sandbox");
    assertThat(store.poll()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aPostgresStoreTakesItsPasswordByReference() {
    ServeConfig.Store store = store("""
        store:
          url: jdbc:postgresql://db.internal/mcpgate
          user: mcpgate
          passwordRef: env:DB_PASSWORD
        """);
    assertThat(store.postgres()).isTrue();
    assertThat(store.user()).isEqualTo("mcpgate");
    assertThat(store.passwordRef()).isEqualTo("env:DB_PASSWORD");
  }

  @Test
  void badValuesAreNamedWithoutQuotingThem() {
    assertThat(problems("""
        store:
          url: "mysql://root:hunter2@db/x"
          passwordRef: hunter2
          environment: "pro duction"
          poll: PT0.001S
          pool: 3
        """)).containsExactlyInAnyOrder(
            "store.url: must be jdbc:sqlite:FILE or jdbc:postgresql://HOST/DATABASE",
            "store.passwordRef: not a secret reference; expected env:NAME or file:PATH (PATH"
                + " relative to secrets.files)",
            "store.passwordRef: only a PostgreSQL store has a user and a password",
            "store.environment: must be 1 to 128 of A-Z a-z 0-9 _ . : -",
            "store.poll: must be 50ms to 60s",
            "store.pool: unknown key")
        .noneMatch(problem -> problem.contains("hunter2"));
  }
}
