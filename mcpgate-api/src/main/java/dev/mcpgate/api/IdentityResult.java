package dev.mcpgate.api;

import java.util.Objects;
import java.util.Set;

/**
 * The outcome of {@link IdentityResolver#resolve(InboundRequest)}: authenticated, no credential
 * presented, or a credential rejected.
 */
public sealed interface IdentityResult {

  /**
   * The caller is authenticated.
   *
   * @param caller who is calling
   */
  record Authenticated(CallerContext caller) implements IdentityResult {
    /** Validates the fields. */
    public Authenticated {
      Objects.requireNonNull(caller, "caller");
    }
  }

  /**
   * The request carries no credential this resolver understands; the transport answers 401
   * with a {@code WWW-Authenticate} challenge.
   *
   * @param requiredScopes scopes to advertise in the challenge; may be empty
   */
  record Unauthenticated(Set<String> requiredScopes) implements IdentityResult {
    /** Validates and copies the fields. */
    public Unauthenticated {
      requiredScopes = Set.copyOf(requiredScopes);
    }
  }

  /**
   * A credential was presented and refused: invalid or expired (401), or valid but lacking
   * scope (403, {@code insufficient_scope}).
   *
   * @param insufficientScope true for 403 {@code insufficient_scope}, false for 401 {@code
   *     invalid_token}
   * @param description a short reason safe to show the caller; never the credential
   * @param requiredScopes scopes to advertise in the challenge; may be empty
   */
  record Rejected(boolean insufficientScope, String description, Set<String> requiredScopes)
      implements IdentityResult {
    /** Validates and copies the fields. */
    public Rejected {
      Objects.requireNonNull(description, "description");
      requiredScopes = Set.copyOf(requiredScopes);
    }
  }

  /**
   * A request without a credential.
   *
   * @return an unauthenticated result with no required scopes
   */
  static IdentityResult unauthenticated() {
    return new Unauthenticated(Set.of());
  }

  /**
   * An invalid credential (401).
   *
   * @param description a short reason safe to show the caller
   * @return the result
   */
  static IdentityResult invalid(String description) {
    return new Rejected(false, description, Set.of());
  }
}
