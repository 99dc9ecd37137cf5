package dev.mcpgate.servlet;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.IdentityResolver;
import dev.mcpgate.api.IdentityResult;
import java.util.List;
import java.util.Set;

/**
 * A test-only identity resolver: two bearer tokens for two callers, one token whose scope falls
 * short, anything else invalid, and no {@code Authorization} header unauthenticated.
 */
final class TestIdentities {

  static final String ALICE = "alice-token";
  static final String BOB = "bob-token";
  static final String NARROW = "narrow-token";

  private TestIdentities() {}

  /** The resolver; an unauthenticated request is told to ask for {@code requiredScopes}. */
  static IdentityResolver resolver(Set<String> requiredScopes) {
    return request -> {
      String authorization = request.header("Authorization");
      if (authorization == null) {
        return new IdentityResult.Unauthenticated(requiredScopes);
      }
      if (!authorization.startsWith("Bearer ")) {
        return IdentityResult.invalid("not a bearer token");
      }
      return switch (authorization.substring("Bearer ".length())) {
        case ALICE -> new IdentityResult.Authenticated(caller("alice", "partner-a"));
        case BOB -> new IdentityResult.Authenticated(caller("bob", "partner-b"));
        case NARROW -> new IdentityResult.Rejected(
            true, "the token lacks \"orders:write\"", Set.of("orders:write"));
        default -> IdentityResult.invalid("unknown or expired token");
      };
    };
  }

  static IdentityResolver resolver() {
    return resolver(Set.of());
  }

  static CallerContext caller(String subject, String clientId) {
    return CallerContext.builder()
        .subject(subject)
        .clientId(clientId)
        .environment("sandbox")
        .authMethod("bearer")
        .tokenId(subject + "-jti")
        .scopes(List.of("orders:read"))
        .build();
  }

  static String bearer(String token) {
    return "Bearer " + token;
  }
}
