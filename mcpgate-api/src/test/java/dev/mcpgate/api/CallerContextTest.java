package dev.mcpgate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerContextTest {

  @Test
  void theBuilderDefaultsToAnAnonymousCallerOnTheMcpSurface() {
    CallerContext caller = CallerContext.builder().build();

    assertThat(caller.surface()).isEqualTo("mcp");
    assertThat(caller.authMethod()).isEqualTo("none");
    assertThat(caller.isAnonymous()).isTrue();
    assertThat(caller.scopes()).isEmpty();
    assertThat(caller.attributes()).isEmpty();
    assertThat(caller.subject()).isNull();
  }

  @Test
  void theAnonymousCallerIsAnonymousOnTheMcpSurface() {
    CallerContext anonymous = CallerContext.anonymous();

    assertThat(anonymous.isAnonymous()).isTrue();
    assertThat(anonymous.surface()).isEqualTo("mcp");
    assertThat(anonymous).isEqualTo(CallerContext.builder().build());
  }

  @Test
  void theBuilderSetsEveryField() {
    CallerContext caller =
        CallerContext.builder()
            .subject("alice")
            .agent("claude")
            .workload("spiffe://example/agent")
            .clientId("client-1")
            .surface("rest")
            .tenant("acme")
            .environment("sandbox")
            .scopes(List.of("orders:read", "orders:write"))
            .authMethod("jwt")
            .tokenId("jti-123")
            .attribute("department", "finance")
            .build();

    assertThat(caller.subject()).isEqualTo("alice");
    assertThat(caller.agent()).isEqualTo("claude");
    assertThat(caller.workload()).isEqualTo("spiffe://example/agent");
    assertThat(caller.clientId()).isEqualTo("client-1");
    assertThat(caller.surface()).isEqualTo("rest");
    assertThat(caller.tenant()).isEqualTo("acme");
    assertThat(caller.environment()).isEqualTo("sandbox");
    assertThat(caller.scopes()).containsExactlyInAnyOrder("orders:read", "orders:write");
    assertThat(caller.authMethod()).isEqualTo("jwt");
    assertThat(caller.tokenId()).isEqualTo("jti-123");
    assertThat(caller.attributes()).containsExactly(Map.entry("department", "finance"));
    assertThat(caller.isAnonymous()).isFalse();
  }

  @Test
  void scopesAccumulateAcrossCalls() {
    CallerContext caller =
        CallerContext.builder().scopes(List.of("a")).scopes(List.of("b", "a")).build();

    assertThat(caller.scopes()).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void hasScopeAnswersFromTheScopes() {
    CallerContext caller = CallerContext.builder().scopes(List.of("orders:read")).build();

    assertThat(caller.hasScope("orders:read")).isTrue();
    assertThat(caller.hasScope("orders:write")).isFalse();
  }

  @Test
  void aBlankSurfaceIsRefused() {
    assertThatThrownBy(() -> CallerContext.builder().surface(" ").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("surface");
  }

  @Test
  void aBlankAuthMethodIsRefused() {
    assertThatThrownBy(() -> CallerContext.builder().authMethod("").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("authMethod");
  }

  @Test
  void aNullSurfaceOrAuthMethodIsRefused() {
    assertThatThrownBy(
            () ->
                new CallerContext(
                    null, null, null, null, null, null, null, Set.of(), "jwt", null, Map.of()))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(
            () ->
                new CallerContext(
                    null, null, null, null, "mcp", null, null, Set.of(), null, null, Map.of()))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void theConstructorCopiesScopesAndAttributes() {
    Set<String> scopes = new HashSet<>(Set.of("a"));
    Map<String, String> attributes = new HashMap<>(Map.of("k", "v"));
    CallerContext caller =
        new CallerContext(
            null, null, null, null, "mcp", null, null, scopes, "jwt", null, attributes);

    scopes.add("b");
    attributes.put("k2", "v2");

    assertThat(caller.scopes()).containsExactly("a");
    assertThat(caller.attributes()).containsOnlyKeys("k");
  }

  @Test
  void scopesAndAttributesCannotBeModified() {
    CallerContext caller = CallerContext.builder().scopes(List.of("a")).attribute("k", "v").build();

    assertThatThrownBy(() -> caller.scopes().add("admin"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> caller.attributes().put("role", "admin"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void changesToTheScopeSourceAfterBuildingDoNotLeakIn() {
    List<String> source = new ArrayList<>(List.of("a"));
    CallerContext.Builder builder = CallerContext.builder().scopes(source);
    CallerContext caller = builder.build();

    source.add("admin");
    builder.scopes(List.of("later"));

    assertThat(caller.scopes()).containsExactly("a");
  }

  @Test
  void toBuilderCopiesEveryFieldAndLeavesTheOriginalUntouched() {
    CallerContext original =
        CallerContext.builder()
            .subject("alice")
            .agent("claude")
            .workload("w")
            .clientId("c")
            .surface("rest")
            .tenant("acme")
            .environment("production")
            .scopes(List.of("a"))
            .authMethod("apiKey")
            .tokenId("key-1")
            .attribute("k", "v")
            .build();

    CallerContext copy = original.toBuilder().build();
    CallerContext changed =
        original.toBuilder().environment("sandbox").scopes(List.of("b")).build();

    assertThat(copy).isEqualTo(original);
    assertThat(changed.environment()).isEqualTo("sandbox");
    assertThat(changed.scopes()).containsExactlyInAnyOrder("a", "b");
    assertThat(original.environment()).isEqualTo("production");
    assertThat(original.scopes()).containsExactly("a");
  }
}
