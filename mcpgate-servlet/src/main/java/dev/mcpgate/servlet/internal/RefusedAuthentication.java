package dev.mcpgate.servlet.internal;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.GateId;
import dev.mcpgate.api.GateOutcome;
import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.core.McpEndpoint;
import dev.mcpgate.core.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit event of a request refused at authentication (401 or 403): who tried, from where,
 * with what kind of credential and why it was refused. Never the credential: of the {@code
 * Authorization} header only a well-known scheme name is recorded, and of the resolver only its
 * description, which the {@link IdentityResult.Rejected} contract keeps free of the credential.
 * Stateless and thread-safe.
 */
public final class RefusedAuthentication {

  private static final Logger LOG = LoggerFactory.getLogger(RefusedAuthentication.class);
  private static final int MAX_DESCRIPTION = 200;
  /** Schemes recorded by name; any other first word may be a credential sent without one. */
  private static final Set<String> SCHEMES = Set.of("basic", "bearer", "digest", "dpop",
      "negotiate", "ntlm", "apikey", "token", "hoba", "mutual", "aws4-hmac-sha256", "hawk",
      "oauth", "mac");

  private RefusedAuthentication() {}

  /**
   * Records a refusal in the gateway's audit sink; never throws.
   *
   * @param endpoint whose audit sink and clock to use
   * @param request the refused request
   * @param result the resolver's answer, anything but authenticated
   */
  public static void record(
      McpEndpoint endpoint, HttpServletRequest request, IdentityResult result) {
    try {
      endpoint.record(event(endpoint, RequestIds.newRequestId(), request, result));
    } catch (RuntimeException broken) {
      // The contract says sinks never throw; one that does must not fail the request.
      LOG.warn("audit sink failed", broken);
    }
  }

  static AuditEvent event(
      McpEndpoint endpoint, String requestId, HttpServletRequest request, IdentityResult result) {
    AuditEvent.Builder event = AuditEvent.builder(requestId, endpoint.clock().instant(),
            AuditEvent.METHOD_AUTHENTICATION, CallerContext.anonymous())
        .gate(new GateOutcome(GateId.IDENTITY, false, reason(result)))
        .outcome(AuditOutcome.DENIED)
        .detail(AuditEvent.DETAIL_HTTP_METHOD, request.getMethod())
        .detail(AuditEvent.DETAIL_PATH, RestGate.withoutPathParameters(request.getRequestURI()));
    String address = request.getRemoteAddr();
    if (address != null) {
      event.detail(AuditEvent.DETAIL_REMOTE_ADDRESS, address);
    }
    String authorization = request.getHeader("Authorization");
    if (authorization != null) {
      event.detail(AuditEvent.DETAIL_AUTH_SCHEME, scheme(authorization));
    }
    if (result instanceof IdentityResult.Rejected rejected) {
      String description = rejected.description().strip();
      event.detail(AuditEvent.DETAIL_AUTH_ERROR, description.length() <= MAX_DESCRIPTION
          ? description : description.substring(0, MAX_DESCRIPTION) + "...");
    }
    return event.build();
  }

  /**
   * Why a credential was refused, as a gate reason: {@code no credential}, {@code
   * invalid_token} or {@code insufficient_scope}.
   *
   * @param result the resolver's answer
   * @return the reason
   */
  public static String reason(IdentityResult result) {
    if (result instanceof IdentityResult.Rejected rejected) {
      return rejected.insufficientScope() ? "insufficient_scope" : "invalid_token";
    }
    return "no credential";
  }

  /** The header's scheme if it is a well-known one, else {@code other}: never a value. */
  static String scheme(String authorization) {
    String trimmed = authorization.strip();
    int space = trimmed.indexOf(' ');
    if (space > 0) {
      String scheme = trimmed.substring(0, space);
      if (SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
        return scheme;
      }
    }
    return "other";
  }
}
