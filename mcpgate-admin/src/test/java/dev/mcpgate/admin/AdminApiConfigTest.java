package dev.mcpgate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.Role;
import dev.mcpgate.control.store.ControlStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The configuration is checked once, where it is built. */
class AdminApiConfigTest {

  private final ControlPlane control = ControlPlane.builder(ControlStore.inMemory()).build();

  @Test
  void outOfRangeValuesAreRefusedByBuildNamingTheSetting() {
    assertThatThrownBy(() -> AdminApiConfig.builder(control).maxBodyBytes(10).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBodyBytes");
    assertThatThrownBy(() -> AdminApiConfig.builder(control)
        .idempotency(0, Duration.ofHours(1)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idempotency");
    assertThatThrownBy(() -> AdminApiConfig.builder(control)
        .idempotency(10, Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
  }

  @Test
  void theDefaultsAcceptUploadsAndUrlsWithoutOidc() {
    AdminApiConfig config = AdminApiConfig.builder(control).build();

    assertThat(config.oidc()).isEmpty();
    assertThat(config.urlImports()).isTrue();
    assertThat(config.maxBodyBytes()).isEqualTo(10 * 1024 * 1024);
    assertThat(config.idempotencyTtl()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void theDefaultOidcRoleIsTheHighestRoleScope() {
    CallerContext both = CallerContext.builder().subject("carol").authMethod("jwt")
        .scopes(List.of("openid", "mcpgate:viewer", "mcpgate:approver")).build();
    CallerContext none = CallerContext.builder().subject("carol").authMethod("jwt")
        .scopes(List.of("openid", "mcpgate")).build();

    assertThat(AdminApiConfig.roleFromScopes(both)).contains(Role.APPROVER);
    assertThat(AdminApiConfig.roleFromScopes(none)).isEmpty();
  }
}
