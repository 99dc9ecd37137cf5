package dev.mcpgate.core.identity;

import static dev.mcpgate.testkit.TestRequest.apiKeyHeader;
import static dev.mcpgate.testkit.TestRequest.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.IdentityResult;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientRegistryTest {

  private static final Instant NOW = Instant.parse("2026-11-22T06:00:00Z");

  private ClientRegistry registry;
  private final List<ClientRegistry.Change> changes = new ArrayList<>();

  @BeforeEach
  void aRegistryWithAListener() {
    registry = new ClientRegistry(Clock.fixed(NOW, ZoneOffset.UTC));
    registry.onChange(changes::add);
    registry.registerClient(Client.builder("billing-service").tenant("acme").build());
  }

  @Test
  void generatedKeysAre64CharactersWithA16HexDigitIdAnd256RandomBits() {
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String key = ClientRegistry.generateKey();
      assertThat(key).hasSize(64).matches("mgk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}");
      assertThat(Base64.getUrlDecoder().decode(key.substring(21))).hasSize(32);
      keys.add(key);
    }
    assertThat(keys).hasSize(1000);
  }

  @Test
  void keysChosenByPeopleAreRefused() {
    assertThatThrownBy(() -> registry.addKey("billing-service", "sandbox", "correct horse battery"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("generateKey");
    String key = ClientRegistry.generateKey();
    assertThatThrownBy(() -> registry.addKey("billing-service", "sandbox", key.replace('_', '.')))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void addingAKeyNeedsARegisteredClientAndANewKey() {
    String key = ClientRegistry.generateKey();
    assertThatThrownBy(() -> registry.addKey("ghost", "sandbox", key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ghost");
    registry.addKey("billing-service", "sandbox", key);
    assertThatThrownBy(() -> registry.addKey("billing-service", "production", key))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> registry.registerClient(Client.builder("billing-service").build()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRevokedKeyCannotBeAddedAgain() {
    String key = ClientRegistry.generateKey();
    String keyId = registry.addKey("billing-service", "sandbox", key);
    registry.revokeKey(keyId);

    assertThatThrownBy(() -> registry.addKey("billing-service", "sandbox", key))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(registry.revokeKey(keyId)).isFalse();
  }

  @Test
  void aRevokedProfileTakesNoKeysUntilReinstated() {
    registry.revokeProfile("billing-service", "sandbox");
    assertThatThrownBy(
            () -> registry.addKey("billing-service", "sandbox", ClientRegistry.generateKey()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("reinstate");

    assertThat(registry.reinstateProfile("billing-service", "sandbox")).isTrue();
    String key = ClientRegistry.generateKey();
    registry.addKey("billing-service", "sandbox", key);
    assertThat(ApiKeyIdentityResolver.of(registry).resolve(bearer(key)))
        .isInstanceOf(IdentityResult.Authenticated.class);
  }

  @Test
  void aRevokedClientStaysRevokedAndTakesNoKeys() {
    assertThat(registry.revokeClient("billing-service")).isTrue();

    assertThat(registry.isRevoked("billing-service")).isTrue();
    assertThat(registry.clients()).extracting(Client::id).containsExactly("billing-service");
    assertThat(registry.revokeClient("billing-service")).isFalse();
    assertThatThrownBy(
            () -> registry.addKey("billing-service", "sandbox", ClientRegistry.generateKey()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void listingsShowKeyIdsProfilesAndDatesOnly() {
    String sandbox = registry.addKey("billing-service", "sandbox", ClientRegistry.generateKey());
    String production =
        registry.addKey("billing-service", "production", ClientRegistry.generateKey());

    assertThat(registry.keys("billing-service")).containsExactly(
        new IssuedKey(production, "billing-service", "production", NOW),
        new IssuedKey(sandbox, "billing-service", "sandbox", NOW));
    assertThat(registry.key(sandbox)).hasValue(
        new IssuedKey(sandbox, "billing-service", "sandbox", NOW));
    assertThat(registry.keys("nobody")).isEmpty();
  }

  @Test
  void listenersSeeEveryChangeInOrder() {
    String keyId = registry.addKey("billing-service", "sandbox", ClientRegistry.generateKey());
    IssuedKey issued = registry.key(keyId).orElseThrow();
    registry.revokeProfile("billing-service", "sandbox");
    registry.revokeClient("billing-service");

    assertThat(changes).containsExactly(
        new ClientRegistry.Change.ClientRegistered("billing-service"),
        new ClientRegistry.Change.KeyAdded(issued),
        new ClientRegistry.Change.KeyRevoked(issued),
        new ClientRegistry.Change.ProfileRevoked("billing-service", "sandbox"),
        new ClientRegistry.Change.ClientRevoked("billing-service"));
  }

  @Test
  void aFailingListenerDoesNotUndoTheChange() {
    registry.onChange(change -> {
      throw new IllegalStateException("listener broke");
    });
    String key = ClientRegistry.generateKey();
    String keyId = registry.addKey("billing-service", "sandbox", key);

    assertThat(registry.key(keyId)).isPresent();
    assertThat(changes).hasSize(2);
  }

  @Test
  void callersOfOtherResolversAreRevokedWithTheirClientOrProfile() {
    registry.registerClient(Client.builder("reports").build());
    CallerContext jwtSandbox = CallerContext.builder().clientId("billing-service")
        .environment("sandbox").authMethod("jwt").tokenId("jti-1").build();
    CallerContext jwtProduction = jwtSandbox.toBuilder().environment("production").build();
    CallerContext jwtReports = jwtSandbox.toBuilder().clientId("reports").build();
    CallerContext unknownClient = jwtSandbox.toBuilder().clientId("elsewhere").build();
    CallerContext noClient = CallerContext.builder().subject("alice").authMethod("jwt").build();

    assertThat(List.of(jwtSandbox, jwtProduction, jwtReports, unknownClient, noClient))
        .noneMatch(registry::revoked);

    registry.revokeProfile("billing-service", "sandbox");
    registry.revokeClient("reports");

    assertThat(registry.revoked(jwtSandbox)).isTrue();
    assertThat(registry.revoked(jwtProduction)).isFalse();
    assertThat(registry.revoked(jwtReports)).isTrue();
    assertThat(registry.revoked(unknownClient)).isFalse();
    assertThat(registry.revoked(noClient)).isFalse();
  }

  @Test
  void anApiKeyCallerIsRevokedWithItsKey() {
    String key = ClientRegistry.generateKey();
    String keyId = registry.addKey("billing-service", "production", key);
    CallerContext caller = ((IdentityResult.Authenticated)
        ApiKeyIdentityResolver.of(registry).resolve(bearer(key))).caller();
    assertThat(registry.revoked(caller)).isFalse();

    registry.revokeKey(keyId);

    assertThat(registry.revoked(caller)).isTrue();
  }

  @Test
  void aCanaryKeyAndItsHashAppearInNoStringAndNoMessage() {
    String canary = ClientRegistry.generateKey();
    byte[] hash = ClientRegistry.hashKey(canary);
    String keyId = registry.addKey("billing-service", "production", canary);
    List<String> seen = new ArrayList<>();
    ApiKeyIdentityResolver resolver = ApiKeyIdentityResolver.of(registry);

    seen.add(registry.toString());
    seen.add(resolver.toString());
    seen.add(registry.keys("billing-service").toString());
    seen.add(registry.storedKey(keyId).toString());
    seen.add(changes.toString());
    seen.add(resolver.resolve(bearer(canary)).toString());
    seen.add(resolver.resolve(bearer(TimingKeys.wrongLast(canary))).toString());
    seen.add(resolver.resolve(apiKeyHeader(canary + "!")).toString());
    seen.add(messageOf(() -> registry.addKey("billing-service", "sandbox", canary)));
    seen.add(messageOf(() -> registry.addKey("billing-service", "sandbox", canary + "!")));
    seen.add(messageOf(() -> registry.addKey("billing-service", "sandbox", canary.substring(1))));
    seen.add(messageOf(() -> ClientRegistry.hashKey(canary.toUpperCase())));
    registry.revokeKey(keyId);
    seen.add(changes.toString());
    seen.add(resolver.resolve(bearer(canary)).toString());

    String secret = canary.substring(21);
    for (String text : seen) {
      assertThat(text).doesNotContain(secret)
          .doesNotContain(secret.substring(0, 12))
          .doesNotContainIgnoringCase(HexFormat.of().formatHex(hash).substring(0, 16))
          .doesNotContain(Base64.getEncoder().encodeToString(hash).substring(0, 16))
          .doesNotContain(Base64.getUrlEncoder().encodeToString(hash).substring(0, 16));
    }
    assertThat(String.join("\n", seen)).contains(keyId);
  }

  private static String messageOf(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      return e.toString();
    }
    throw new AssertionError("expected a refusal");
  }
}
