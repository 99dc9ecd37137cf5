package dev.mcpgate.admin.mcp.internal;

import dev.mcpgate.admin.AdminApiConfig;
import dev.mcpgate.admin.OperatorGrants;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.IdentityResolver;
import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.api.InboundRequest;
import dev.mcpgate.control.Actor;
import dev.mcpgate.control.Role;
import dev.mcpgate.control.Surface;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Authenticates the Management MCP endpoint's callers: operators only. An operator token
 * ({@code mgo_}) is checked by the control plane, an OIDC token by the admin API's resolver for
 * the operator audience (never the data plane's); a client key ({@code mgk_}), an in-process
 * grant or any other data-plane credential gets 401. The caller's role travels in the attribute
 * {@value #ROLE}; its subject is the operator's id. Thread-safe.
 */
final class OperatorIdentity implements IdentityResolver {

  /** The caller attribute that holds the operator's role, lower case. */
  static final String ROLE = "mcpgate.role";

  private final AdminApiConfig admin;

  /**
   * An identity resolver over the admin API's operators.
   *
   * @param admin the admin API's configuration
   */
  OperatorIdentity(AdminApiConfig admin) {
    this.admin = admin;
  }

  @Override
  public IdentityResult resolve(InboundRequest request) {
    List<String> values = request.headers("Authorization");
    if (values.isEmpty()) {
      return IdentityResult.unauthenticated();
    }
    if (values.size() > 1) {
      return IdentityResult.invalid("more than one Authorization header");
    }
    String value = values.get(0);
    if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return IdentityResult.invalid("the Authorization scheme must be Bearer");
    }
    String token = value.substring(7).strip();
    if (token.startsWith("mgk_")) {
      return IdentityResult.invalid("a client key never authenticates an operator");
    }
    if (token.startsWith(OperatorGrants.PREFIX)) {
      return IdentityResult.invalid("an in-process grant never authenticates a request from the "
          + "network");
    }
    if (token.startsWith("mgo_")) {
      return admin.controlPlane().authenticate(token, Surface.MCP)
          .map(actor -> (IdentityResult) new IdentityResult.Authenticated(
              caller(actor.id(), actor.role(), "operatorToken", "operator:" + actor.id())))
          .orElseGet(() -> IdentityResult.invalid("the operator token is unknown or revoked"));
    }
    Optional<IdentityResolver> oidc = admin.oidc();
    if (oidc.isEmpty()) {
      return IdentityResult.invalid("not an operator token");
    }
    IdentityResult result = oidc.get().resolve(request);
    if (!(result instanceof IdentityResult.Authenticated authenticated)) {
      return result instanceof IdentityResult.Unauthenticated
          ? IdentityResult.invalid("not a valid operator token") : result;
    }
    CallerContext caller = authenticated.caller();
    String subject = caller.subject();
    if (subject == null || !subject.matches("[A-Za-z0-9_.:@-]{1,120}")) {
      return IdentityResult.invalid("the token's subject is missing or not usable as an "
          + "operator name");
    }
    Optional<Role> role = admin.oidcRoles().apply(caller);
    if (role.isEmpty()) {
      return new IdentityResult.Rejected(true, "the token grants no operator role (a scope "
          + "such as mcpgate:viewer)", Set.of(AdminApiConfig.ROLE_SCOPE_PREFIX + "viewer"));
    }
    return new IdentityResult.Authenticated(
        caller("oidc:" + subject, role.get(), "oidc", caller.tokenId()));
  }

  private static CallerContext caller(String id, Role role, String method,
      @Nullable String tokenId) {
    return CallerContext.builder()
        .subject(id)
        .surface("mcp")
        .authMethod(method)
        .tokenId(tokenId)
        .scopes(List.of(AdminApiConfig.ROLE_SCOPE_PREFIX + role.name().toLowerCase(Locale.ROOT)))
        .attribute(ROLE, role.name().toLowerCase(Locale.ROOT))
        .build();
  }

  /**
   * The operator behind an authenticated caller, as the actor of a change through this surface.
   *
   * @param caller a caller this resolver authenticated
   * @return the actor, or empty when the caller carries no operator role
   */
  static Optional<Actor> actor(CallerContext caller) {
    String role = caller.attributes().get(ROLE);
    String subject = caller.subject();
    if (role == null || subject == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Actor(subject, Role.valueOf(role.toUpperCase(Locale.ROOT)),
          Surface.MCP));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
