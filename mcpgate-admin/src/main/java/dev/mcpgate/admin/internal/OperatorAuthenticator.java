package dev.mcpgate.admin.internal;

import dev.mcpgate.admin.AdminApiConfig;
import dev.mcpgate.admin.OperatorGrants;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.IdentityResolver;
import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.servlet.ServletInboundRequest;
import dev.mcpgate.control.Actor;
import dev.mcpgate.control.Role;
import dev.mcpgate.control.Surface;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Finds the operator behind a request: an operator token ({@code mgo_}) through the control
 * plane, an in-process grant ({@code mgd_}, on a forward only) through the configuration's
 * {@link OperatorGrants}, otherwise an OIDC token through the configured resolver. A client key
 * ({@code mgk_}) never authenticates.
 */
final class OperatorAuthenticator {

  /** The operator, or the 401/403 answer. */
  sealed interface Result {}

  record Authenticated(Actor actor) implements Result {}

  record Denied(Reply reply) implements Result {}

  private final AdminApiConfig config;

  OperatorAuthenticator(AdminApiConfig config) {
    this.config = config;
  }

  Result authenticate(HttpServletRequest request) {
    List<String> values = Collections.list(request.getHeaders("Authorization"));
    if (values.isEmpty()) {
      return new Denied(Problems.unauthorized(null, "an operator token or OIDC bearer token is "
          + "required (Authorization: Bearer ...)"));
    }
    if (values.size() > 1) {
      return new Denied(Problems.unauthorized("invalid_request", "more than one Authorization "
          + "header"));
    }
    String value = values.get(0);
    if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return new Denied(Problems.unauthorized("invalid_request", "the Authorization scheme "
          + "must be Bearer"));
    }
    String token = value.substring(7).strip();
    if (token.startsWith("mgk_")) {
      return new Denied(Problems.unauthorized("invalid_token", "a client key never "
          + "authenticates an operator"));
    }
    if (token.startsWith(OperatorGrants.PREFIX)) {
      // A grant is issued in-process for one call; from the network it never authenticates.
      if (request.getDispatcherType() != DispatcherType.FORWARD) {
        return new Denied(Problems.unauthorized("invalid_token", "an in-process grant never "
            + "authenticates a request from the network"));
      }
      return config.grants().redeem(token)
          .<Result>map(Authenticated::new)
          .orElseGet(() -> new Denied(Problems.unauthorized("invalid_token",
              "the in-process grant is unknown, used or expired")));
    }
    if (token.startsWith("mgo_")) {
      return config.controlPlane().authenticate(token, Surface.API)
          .<Result>map(Authenticated::new)
          .orElseGet(() -> new Denied(Problems.unauthorized("invalid_token",
              "the operator token is unknown or revoked")));
    }
    Optional<IdentityResolver> oidc = config.oidc();
    if (oidc.isEmpty()) {
      return new Denied(Problems.unauthorized("invalid_token", "not an operator token"));
    }
    IdentityResult result = oidc.get().resolve(new ServletInboundRequest(request));
    if (result instanceof IdentityResult.Authenticated authenticated) {
      CallerContext caller = authenticated.caller();
      Optional<Role> role = config.oidcRoles().apply(caller);
      String subject = caller.subject();
      if (subject == null || !subject.matches("[A-Za-z0-9_.:@-]{1,120}")) {
        return new Denied(Problems.unauthorized("invalid_token",
            "the token's subject is missing or not usable as an operator name"));
      }
      if (role.isEmpty()) {
        return new Denied(Problems.insufficientScope("the token grants no operator role (a "
            + "scope such as mcpgate:viewer)"));
      }
      return new Authenticated(new Actor("oidc:" + subject, role.get(), Surface.API));
    }
    if (result instanceof IdentityResult.Rejected rejected && rejected.insufficientScope()) {
      return new Denied(Problems.insufficientScope(rejected.description()));
    }
    String why = result instanceof IdentityResult.Rejected rejected
        ? rejected.description() : "not a valid operator token";
    return new Denied(Problems.unauthorized("invalid_token", why));
  }
}
