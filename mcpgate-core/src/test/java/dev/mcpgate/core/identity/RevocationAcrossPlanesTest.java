package dev.mcpgate.core.identity;

import static dev.mcpgate.core.identity.Tokens.AUDIENCE;
import static dev.mcpgate.core.identity.Tokens.ISSUER;
import static dev.mcpgate.core.identity.Tokens.KEYS;
import static dev.mcpgate.core.identity.Tokens.NOW;
import static dev.mcpgate.core.identity.Tokens.claims;
import static dev.mcpgate.core.identity.Tokens.rs256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.IdentityResolver;
import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.core.testing.MutableClock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One revocation in the {@link ClientRegistry} ends a client's access on the very next request,
 * whichever credential it presents: its API key, or a JWT whose verification is cached.
 */
class RevocationAcrossPlanesTest {

  private final ClientRegistry registry = new ClientRegistry();
  private final String key;
  private final IdentityResolver identity;

  RevocationAcrossPlanesTest() {
    registry.registerClient(Client.builder("client-1").build());
    key = ClientRegistry.generateKey();
    registry.addKey("client-1", "production", key);
    JwtIdentityResolver jwt = JwtIdentityResolver.builder()
        .jwkSet(KEYS).issuer(ISSUER).audience(AUDIENCE).clock(new MutableClock(NOW))
        .environmentClaim("profile")
        .revocation(registry::revoked)
        .build();
    identity = IdentityResolver.firstOf(List.of(ApiKeyIdentityResolver.of(registry), jwt));
  }

  @Test
  void revokingTheClientEndsBothItsApiKeyAndItsCachedTokenOnTheNextRequest() {
    String token = rs256(claims().claim("profile", "production").build());
    assertThat(identity.resolve(Tokens.bearer(token)))
        .isInstanceOf(IdentityResult.Authenticated.class);
    assertThat(identity.resolve(Tokens.bearer(token)))
        .as("second time, from the cache").isInstanceOf(IdentityResult.Authenticated.class);
    assertThat(identity.resolve(Tokens.bearer(key)))
        .isInstanceOf(IdentityResult.Authenticated.class);

    registry.revokeClient("client-1");

    assertThat(identity.resolve(Tokens.bearer(token))).isInstanceOf(IdentityResult.Rejected.class);
    assertThat(identity.resolve(Tokens.bearer(key))).isInstanceOf(IdentityResult.Rejected.class);
  }

  @Test
  void revokingOneProfileEndsTokensForThatProfileOnly() {
    String production = rs256(claims().claim("profile", "production").build());
    String sandbox = rs256(claims().claim("profile", "sandbox").build());

    registry.revokeProfile("client-1", "production");

    assertThat(identity.resolve(Tokens.bearer(production)))
        .isInstanceOf(IdentityResult.Rejected.class);
    assertThat(identity.resolve(Tokens.bearer(sandbox)))
        .isInstanceOf(IdentityResult.Authenticated.class);
  }
}
