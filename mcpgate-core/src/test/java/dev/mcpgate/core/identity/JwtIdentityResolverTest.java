package dev.mcpgate.core.identity;

import static dev.mcpgate.core.identity.Tokens.AUDIENCE;
import static dev.mcpgate.core.identity.Tokens.ISSUER;
import static dev.mcpgate.core.identity.Tokens.KEYS;
import static dev.mcpgate.core.identity.Tokens.NOW;
import static dev.mcpgate.core.identity.Tokens.bearer;
import static dev.mcpgate.core.identity.Tokens.claims;
import static dev.mcpgate.core.identity.Tokens.es256;
import static dev.mcpgate.core.identity.Tokens.request;
import static dev.mcpgate.core.identity.Tokens.rs256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.IdentityResolver;
import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.api.McpGateException;
import dev.mcpgate.core.testing.MutableClock;
import dev.mcpgate.testkit.JwksServer;
import java.net.URI;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JwtIdentityResolverTest {

  private final MutableClock clock = new MutableClock(NOW);

  private JwtIdentityResolver.Builder resolver() {
    return JwtIdentityResolver.builder()
        .jwkSet(KEYS)
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .clock(clock);
  }

  private static CallerContext caller(IdentityResult result) {
    assertThat(result).isInstanceOf(IdentityResult.Authenticated.class);
    return ((IdentityResult.Authenticated) result).caller();
  }

  /** Counts key look-ups, that is signature verifications. */
  private static final class CountingKeys implements JWKSource<SecurityContext> {
    final AtomicInteger lookups = new AtomicInteger();
    private final ImmutableJWKSet<SecurityContext> keys = new ImmutableJWKSet<>(KEYS);

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
      lookups.incrementAndGet();
      return keys.get(selector, context);
    }
  }

  @Test
  void anRs256TokenAuthenticatesWithTheDefaultClaimMapping() {
    String token = rs256(claims().jwtID("jti-42").build());

    CallerContext caller = caller(resolver().build().resolve(bearer(token)));

    assertThat(caller.subject()).isEqualTo("alice");
    assertThat(caller.clientId()).isEqualTo("client-1");
    assertThat(caller.scopes()).containsExactlyInAnyOrder("tools:read", "tools:call");
    assertThat(caller.authMethod()).isEqualTo("bearer");
    assertThat(caller.surface()).isEqualTo("mcp");
    assertThat(caller.tokenId()).isEqualTo("jti-42");
    assertThat(caller.toString()).doesNotContain(token).doesNotContain(token.split("\\.")[2]);
  }

  @Test
  void anEs256TokenAuthenticates() {
    assertThat(caller(resolver().build().resolve(bearer(es256(claims().build())))).subject())
        .isEqualTo("alice");
  }

  @Test
  void theBearerSchemeIsCaseInsensitive() {
    String token = rs256(claims().build());

    assertThat(resolver().build().resolve(request("bearer " + token)))
        .isInstanceOf(IdentityResult.Authenticated.class);
  }

  @Test
  void anAccessTokenTypedAtJwtIsAccepted() {
    String token =
        Tokens.sign(
            new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256)
                .keyID(Tokens.RSA.getKeyID())
                .type(new com.nimbusds.jose.JOSEObjectType("at+jwt"))
                .build(),
            claims().build(),
            Tokens.RSA);

    assertThat(resolver().build().resolve(bearer(token)))
        .isInstanceOf(IdentityResult.Authenticated.class);
  }

  @Test
  void configuredClaimsMapOntoTheCallerContext() {
    JwtIdentityResolver resolver =
        resolver()
            .subjectClaim("email")
            .agentClaim("agent")
            .workloadClaim("https://example.com/workload")
            .tenantClaim("org.tenant")
            .environmentClaim("profile")
            .surfaceClaim("surface")
            .roleClaims("realm_access.roles")
            .attributeClaim("department", "dept")
            .build();
    String token =
        rs256(
            claims()
                .claim("email", "alice@example.com")
                .claim("agent", "claude")
                .claim("https://example.com/workload", "billing-bot")
                .claim("org", Map.of("tenant", "acme"))
                .claim("profile", "sandbox")
                .claim("surface", "rest")
                .claim("realm_access", Map.of("roles", List.of("admin", "auditor")))
                .claim("dept", "finance")
                .build());

    CallerContext caller = caller(resolver.resolve(bearer(token)));

    assertThat(caller.subject()).isEqualTo("alice@example.com");
    assertThat(caller.agent()).isEqualTo("claude");
    assertThat(caller.workload()).isEqualTo("billing-bot");
    assertThat(caller.tenant()).isEqualTo("acme");
    assertThat(caller.environment()).isEqualTo("sandbox");
    assertThat(caller.surface()).isEqualTo("rest");
    assertThat(caller.scopes()).contains("tools:read", "admin", "auditor");
    assertThat(caller.attributes()).containsExactly(entry("department", "finance"));
  }

  @Test
  void theClientIdFallsBackToAzp() {
    String token = rs256(claims().claim("client_id", null).claim("azp", "web-app").build());

    assertThat(caller(resolver().build().resolve(bearer(token))).clientId()).isEqualTo("web-app");
  }

  @Test
  void scopesComeFromAScopeStringAndAnScpArray() {
    String token = rs256(claims().claim("scope", "a  b").claim("scp", List.of("c", "d")).build());

    assertThat(caller(resolver().build().resolve(bearer(token))).scopes())
        .containsExactlyInAnyOrder("a", "b", "c", "d");
  }

  @Test
  void aTokenWithTheRequiredScopesAuthenticates() {
    JwtIdentityResolver resolver = resolver().requiredScopes(Set.of("tools:call")).build();

    assertThat(resolver.resolve(bearer(rs256(claims().build()))))
        .isInstanceOf(IdentityResult.Authenticated.class);
  }

  @Test
  void aTokenMissingARequiredScopeIsRejectedAsInsufficientScope() {
    JwtIdentityResolver resolver = resolver().requiredScopes(Set.of("tools:admin")).build();

    assertThat(resolver.resolve(bearer(rs256(claims().build()))))
        .isEqualTo(new IdentityResult.Rejected(true, "insufficient scope", Set.of("tools:admin")));
  }

  @Test
  void noTokenIsUnauthenticatedWithTheRequiredScopes() {
    JwtIdentityResolver resolver = resolver().requiredScopes(Set.of("tools:call")).build();

    assertThat(resolver.resolve(request()))
        .isEqualTo(new IdentityResult.Unauthenticated(Set.of("tools:call")));
  }

  @Test
  void anotherAuthorizationSchemeIsUnauthenticatedSoTheNextResolverIsTried() {
    CallerContext apiKeyCaller = CallerContext.builder().clientId("k").authMethod("apiKey").build();
    IdentityResolver apiKeys =
        request ->
            "ApiKey k".equals(request.header("Authorization"))
                ? new IdentityResult.Authenticated(apiKeyCaller)
                : IdentityResult.unauthenticated();
    IdentityResolver chain = IdentityResolver.firstOf(List.of(resolver().build(), apiKeys));

    assertThat(resolver().build().resolve(request("Basic YWxpY2U6cHc=")))
        .isInstanceOf(IdentityResult.Unauthenticated.class);
    assertThat(resolver().build().resolve(request("Bearerish x")))
        .isInstanceOf(IdentityResult.Unauthenticated.class);
    assertThat(chain.resolve(request("ApiKey k")))
        .isEqualTo(new IdentityResult.Authenticated(apiKeyCaller));
  }

  @Test
  void aRejectedBearerTokenEndsTheChain() {
    IdentityResolver chain =
        IdentityResolver.firstOf(
            List.of(
                resolver().build(),
                request -> new IdentityResult.Authenticated(CallerContext.anonymous())));

    assertThat(chain.resolve(bearer("not-a-jwt")))
        .isEqualTo(IdentityResult.invalid("malformed token"));
  }

  @Test
  void twoAuthorizationHeadersAreRejectedWhateverTheirScheme() {
    String token = rs256(claims().build());

    assertThat(resolver().build().resolve(request("Bearer " + token, "Bearer " + token)))
        .isEqualTo(IdentityResult.invalid("more than one Authorization header"));
    assertThat(resolver().build().resolve(request("Bearer " + token, "Basic dXNlcjpwYXNz")))
        .isEqualTo(IdentityResult.invalid("more than one Authorization header"));
  }

  @Test
  void anEmptyBearerTokenIsRejected() {
    assertThat(resolver().build().resolve(request("Bearer ")))
        .isEqualTo(IdentityResult.invalid("empty bearer token"));
  }

  @Test
  void aCachedTokenIsNotVerifiedAgain() {
    CountingKeys keys = new CountingKeys();
    JwtIdentityResolver resolver =
        JwtIdentityResolver.builder()
            .jwkSource(keys)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .clock(clock)
            .build();
    String token = rs256(claims().build());

    IdentityResult first = resolver.resolve(bearer(token));
    IdentityResult second = resolver.resolve(bearer(token));

    assertThat(second).isEqualTo(first).isInstanceOf(IdentityResult.Authenticated.class);
    assertThat(keys.lookups).hasValue(1);
  }

  @Test
  void withoutTheCacheEveryRequestIsVerified() {
    CountingKeys keys = new CountingKeys();
    JwtIdentityResolver resolver =
        JwtIdentityResolver.builder()
            .jwkSource(keys)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .clock(clock)
            .cacheMaximumSize(0)
            .build();
    String token = rs256(claims().build());

    resolver.resolve(bearer(token));
    resolver.resolve(bearer(token));

    assertThat(keys.lookups).hasValue(2);
  }

  @Test
  void invalidateAllMakesTheNextRequestVerifyAgain() {
    CountingKeys keys = new CountingKeys();
    JwtIdentityResolver resolver =
        JwtIdentityResolver.builder()
            .jwkSource(keys)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .clock(clock)
            .build();
    String token = rs256(claims().build());

    resolver.resolve(bearer(token));
    resolver.invalidateAll();
    resolver.resolve(bearer(token));

    assertThat(keys.lookups).hasValue(2);
  }

  @Test
  void aCachedTokenStopsWorkingWhenItExpires() {
    JwtIdentityResolver resolver = resolver().build();
    String token = rs256(claims().expirationTime(Date.from(NOW.plusSeconds(120))).build());
    assertThat(resolver.resolve(bearer(token))).isInstanceOf(IdentityResult.Authenticated.class);

    clock.advance(Duration.ofSeconds(120 + 60)); // exp plus the default skew: still valid
    assertThat(resolver.resolve(bearer(token))).isInstanceOf(IdentityResult.Authenticated.class);

    clock.advance(Duration.ofSeconds(1));
    assertThat(resolver.resolve(bearer(token))).isEqualTo(IdentityResult.invalid("token expired"));
  }

  @Test
  void aRevokedCallerIsRejectedOnTheVeryNextRequestEvenWhenCached() {
    Set<String> revoked = ConcurrentHashMap.newKeySet();
    JwtIdentityResolver resolver =
        resolver().revocation(caller -> revoked.contains(caller.clientId())).build();
    String token = rs256(claims().build());
    assertThat(resolver.resolve(bearer(token))).isInstanceOf(IdentityResult.Authenticated.class);

    revoked.add("client-1");

    assertThat(resolver.resolve(bearer(token))).isEqualTo(IdentityResult.invalid("token revoked"));
  }

  @Test
  void anUnreachableKeySetIsABrokenDependencyNotABadToken() throws Exception {
    URI nowhere;
    try (JwksServer server = JwksServer.start(KEYS.toPublicJWKSet().toString())) {
      nowhere = server.uri();
    }
    JwtIdentityResolver resolver =
        JwtIdentityResolver.builder()
            .jwksUrl(nowhere)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .clock(clock)
            .build();

    assertThatThrownBy(() -> resolver.resolve(bearer(rs256(claims().build()))))
        .isInstanceOf(McpGateException.class)
        .hasMessage("JWT signing keys unavailable");
  }

  @Test
  void keysAreFetchedFromAJwksUrlOnceAndReused() throws Exception {
    try (JwksServer server = JwksServer.start(KEYS.toPublicJWKSet().toString())) {
      JwtIdentityResolver resolver =
          JwtIdentityResolver.builder()
              .jwksUrl(server.uri())
              .issuer(ISSUER)
              .audience(AUDIENCE)
              .clock(clock)
              .build();

      for (int i = 0; i < 3; i++) {
        assertThat(resolver.resolve(bearer(rs256(claims().build()))))
            .isInstanceOf(IdentityResult.Authenticated.class);
      }
      assertThat(server.hits()).isEqualTo(1);
    }
  }

  @Test
  void theBuilderRefusesUnsafeOrIncompleteConfigurations() {
    assertThatThrownBy(() -> JwtIdentityResolver.builder().algorithms(Set.of("HS256")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HS256");
    assertThatThrownBy(() -> JwtIdentityResolver.builder().algorithms(Set.of("none")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JwtIdentityResolver.builder().clockSkew(Duration.ofMinutes(6)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> JwtIdentityResolver.builder().jwksUrl(URI.create("http://auth.example.com/jwks")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JwtIdentityResolver.builder().jwkSet(KEYS).audience(AUDIENCE).build())
        .hasMessage("issuer is required");
    assertThatThrownBy(() -> JwtIdentityResolver.builder().jwkSet(KEYS).issuer(ISSUER).build())
        .hasMessageContaining("audience");
    assertThatThrownBy(
            () ->
                JwtIdentityResolver.builder()
                    .jwkSet(KEYS)
                    .jwksUrl(URI.create("https://auth.example.com/jwks"))
                    .issuer(ISSUER)
                    .audience(AUDIENCE)
                    .build())
        .hasMessageContaining("exactly one");
  }
}
