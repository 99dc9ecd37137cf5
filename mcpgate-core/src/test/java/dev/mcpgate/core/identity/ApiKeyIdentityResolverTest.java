package dev.mcpgate.core.identity;

import static dev.mcpgate.testkit.TestRequest.apiKeyHeader;
import static dev.mcpgate.testkit.TestRequest.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.testkit.TestRequest;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiKeyIdentityResolverTest {

  private static final IdentityResult INVALID =
      new IdentityResult.Rejected(false, "invalid API key", Set.of());

  private ClientRegistry registry;
  private ApiKeyIdentityResolver resolver;
  private String sandboxKey;
  private String productionKey;
  private String sandboxKeyId;

  @BeforeEach
  void billingServiceWithASandboxAndAProductionKey() {
    registry = new ClientRegistry();
    registry.registerClient(Client.builder("billing-service")
        .tenant("acme")
        .displayName("Billing service")
        .scopes("invoices:read", "invoices:write")
        .attribute("costCenter", "4711")
        .build());
    sandboxKey = ClientRegistry.generateKey();
    productionKey = ClientRegistry.generateKey();
    sandboxKeyId = registry.addKey("billing-service", "sandbox", sandboxKey);
    registry.addKey("billing-service", "production", productionKey);
    resolver = ApiKeyIdentityResolver.of(registry);
  }

  private CallerContext authenticated(IdentityResult result) {
    assertThat(result).isInstanceOf(IdentityResult.Authenticated.class);
    return ((IdentityResult.Authenticated) result).caller();
  }

  @Test
  void theRightBearerKeyAuthenticatesItsClientAndProfile() {
    CallerContext caller = authenticated(resolver.resolve(bearer(sandboxKey)));

    assertThat(caller.clientId()).isEqualTo("billing-service");
    assertThat(caller.tenant()).isEqualTo("acme");
    assertThat(caller.environment()).isEqualTo("sandbox");
    assertThat(caller.scopes()).containsExactlyInAnyOrder("invoices:read", "invoices:write");
    assertThat(caller.attributes()).containsEntry("costCenter", "4711");
    assertThat(caller.authMethod()).isEqualTo("apiKey");
    assertThat(caller.tokenId()).isEqualTo(sandboxKeyId);
    assertThat(caller.surface()).isEqualTo("mcp");
    assertThat(caller.subject()).isNull();
  }

  @Test
  void theKeyOfAnotherProfileGivesThatProfilesEnvironment() {
    assertThat(authenticated(resolver.resolve(bearer(productionKey))).environment())
        .isEqualTo("production");
  }

  @Test
  void theKeyHeaderIsReadToo() {
    assertThat(authenticated(resolver.resolve(apiKeyHeader(sandboxKey))).environment())
        .isEqualTo("sandbox");
  }

  @Test
  void theHeaderAndTheSurfaceAreConfigurable() {
    ApiKeyIdentityResolver rest = ApiKeyIdentityResolver.builder(registry)
        .header("X-Acme-Key").bearer(false).surface("rest").build();

    CallerContext caller = authenticated(
        rest.resolve(TestRequest.none().with("x-acme-key", sandboxKey)));
    assertThat(caller.surface()).isEqualTo("rest");
    assertThat(rest.resolve(bearer(sandboxKey))).isInstanceOf(IdentityResult.Unauthenticated.class);
    assertThatThrownBy(() -> ApiKeyIdentityResolver.builder(registry).header("X Key").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aWrongKeyIsRejected() {
    assertThat(resolver.resolve(bearer(TimingKeys.wrongLast(sandboxKey)))).isEqualTo(INVALID);
    assertThat(resolver.resolve(bearer(TimingKeys.wrongFirst(sandboxKey)))).isEqualTo(INVALID);
  }

  @Test
  void aKeyNobodyIssuedIsRejected() {
    assertThat(resolver.resolve(bearer(ClientRegistry.generateKey()))).isEqualTo(INVALID);
  }

  @Test
  void aMalformedKeyInTheKeyHeaderIsRejected() {
    assertThat(resolver.resolve(apiKeyHeader("hunter2"))).isEqualTo(INVALID);
    assertThat(resolver.resolve(apiKeyHeader(sandboxKey + "x"))).isEqualTo(INVALID);
  }

  @Test
  void twoKeyHeadersAreRejected() {
    assertThat(resolver.resolve(apiKeyHeader(sandboxKey).with("X-Api-Key", productionKey)))
        .isEqualTo(INVALID);
  }

  @Test
  void twoAuthorizationHeadersAreRejectedWhateverTheirScheme() {
    assertThat(resolver.resolve(bearer(sandboxKey).with("Authorization", "Bearer " + productionKey)))
        .isEqualTo(INVALID);
    assertThat(resolver.resolve(bearer(sandboxKey).with("Authorization", "Bearer " + sandboxKey)))
        .isEqualTo(INVALID);
    assertThat(resolver.resolve(bearer(sandboxKey).with("Authorization", "Basic dXNlcjpwYXNz")))
        .isEqualTo(INVALID);
  }

  @Test
  void aBearerKeyAndAKeyHeaderCarryingAnotherKeyAreRejected() {
    assertThat(resolver.resolve(bearer(sandboxKey).with("X-Api-Key", productionKey)))
        .isEqualTo(INVALID);
    assertThat(resolver.resolve(apiKeyHeader(productionKey)
            .with("Authorization", "Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln")))
        .isEqualTo(INVALID);
  }

  @Test
  void aBearerKeyAndAKeyHeaderCarryingTheSameKeyAuthenticate() {
    assertThat(authenticated(resolver.resolve(bearer(sandboxKey).with("X-Api-Key", sandboxKey)))
        .environment()).isEqualTo("sandbox");
  }

  @Test
  void noKeyIsUnauthenticated() {
    assertThat(resolver.resolve(TestRequest.none()))
        .isEqualTo(IdentityResult.unauthenticated());
  }

  @Test
  void aBearerTokenThatIsNoApiKeyIsLeftToTheNextResolver() {
    assertThat(resolver.resolve(bearer("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln")))
        .isEqualTo(IdentityResult.unauthenticated());
    assertThat(resolver.resolve(
            TestRequest.none().with("Authorization", "Basic dXNlcjpwYXNz")))
        .isEqualTo(IdentityResult.unauthenticated());
  }

  @Test
  void aRevokedKeyFailsOnTheVeryNextRequest() {
    authenticated(resolver.resolve(bearer(sandboxKey)));

    assertThat(registry.revokeKey(sandboxKeyId)).isTrue();

    assertThat(resolver.resolve(bearer(sandboxKey))).isEqualTo(INVALID);
    authenticated(resolver.resolve(bearer(productionKey)));
  }

  @Test
  void aRevokedProfileFailsOnTheVeryNextRequestAndSparesTheOtherProfiles() {
    String secondSandboxKey = ClientRegistry.generateKey();
    registry.addKey("billing-service", "sandbox", secondSandboxKey);
    authenticated(resolver.resolve(bearer(sandboxKey)));

    registry.revokeProfile("billing-service", "sandbox");

    assertThat(resolver.resolve(bearer(sandboxKey))).isEqualTo(INVALID);
    assertThat(resolver.resolve(bearer(secondSandboxKey))).isEqualTo(INVALID);
    assertThat(authenticated(resolver.resolve(bearer(productionKey))).environment())
        .isEqualTo("production");
  }

  @Test
  void aRevokedClientFailsOnTheVeryNextRequest() {
    authenticated(resolver.resolve(bearer(productionKey)));

    registry.revokeClient("billing-service");

    assertThat(resolver.resolve(bearer(productionKey))).isEqualTo(INVALID);
    assertThat(resolver.resolve(apiKeyHeader(sandboxKey))).isEqualTo(INVALID);
  }

  @Test
  void aKeyRestoredFromItsHashAuthenticates() {
    String key = ClientRegistry.generateKey();
    ClientRegistry restored = new ClientRegistry();
    restored.registerClient(Client.builder("billing-service").build());
    restored.addKeyHash(
        "billing-service", "sandbox", ClientRegistry.keyIdOf(key), ClientRegistry.hashKey(key));

    assertThat(authenticated(ApiKeyIdentityResolver.of(restored).resolve(bearer(key))).tokenId())
        .isEqualTo(ClientRegistry.keyIdOf(key));
  }
}
