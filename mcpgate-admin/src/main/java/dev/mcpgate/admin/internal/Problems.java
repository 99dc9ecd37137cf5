package dev.mcpgate.admin.internal;

import dev.mcpgate.control.Outcome;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * RFC 9457 problem details, and the one place where a control-plane refusal becomes an HTTP
 * status. A problem names the field at fault, never quotes a secret and never carries a stack
 * trace.
 */
final class Problems {

  static final String TYPE_PREFIX = "https://mcpgate.dev/problems/";
  static final String MEDIA_TYPE = "application/problem+json";
  static final String REALM = "mcpgate-admin";

  private Problems() {}

  static Reply problem(int status, String type, String title, String detail,
      @Nullable String field) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_PREFIX + type);
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    if (field != null) {
      body.put("field", field);
    }
    return new Reply(status, MEDIA_TYPE, Reply.JSON.writeValueAsBytes(body), Map.of());
  }

  static Failure badRequest(String field, String detail) {
    return new Failure(problem(400, "bad-request", "Bad request", detail, field));
  }

  static Failure invalid(@Nullable String field, String detail) {
    return new Failure(problem(422, "invalid", "Invalid content", detail, field));
  }

  /** The status of each refusal: the single mapping every route uses. */
  static int status(Outcome.Refusal reason) {
    return switch (reason) {
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case ALREADY_EXISTS, FILE_OWNED, CONFLICT -> 409;
      case STALE_REVISION -> 412;
      case INVALID -> 422;
    };
  }

  static Reply refused(Outcome.Refused<?> refused) {
    return refused(refused, null);
  }

  /** A refusal as a problem; a 403 names the role the change needs as the challenge's scope. */
  static Reply refused(Outcome.Refused<?> refused, dev.mcpgate.control.@Nullable Role needed) {
    Outcome.Refusal reason = refused.reason();
    String type = reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    String detail = refused.message();
    String title = switch (reason) {
      case FORBIDDEN -> "Forbidden";
      case NOT_FOUND -> "Not found";
      case ALREADY_EXISTS -> "Already exists";
      case STALE_REVISION -> "Precondition failed";
      case FILE_OWNED -> "Owned by the configuration file";
      case CONFLICT -> "Conflict";
      case INVALID -> "Invalid content";
    };
    if (reason == Outcome.Refusal.FILE_OWNED) {
      detail = detail + " (this object is declared in the YAML configuration file: change it "
          + "there, not through the API)";
    }
    Reply reply = problem(status(reason), type, title, detail, null);
    if (reason == Outcome.Refusal.FORBIDDEN) {
      reply = reply.withHeader("WWW-Authenticate", "Bearer realm=\"" + REALM
          + "\", error=\"insufficient_scope\", error_description=\"the operator's role does "
          + "not allow this\"" + (needed == null ? "" : ", scope=\"" + RoleScopes.of(needed)
          + "\""));
    }
    return reply;
  }

  static Reply unauthorized(@Nullable String error, String detail) {
    String challenge = "Bearer realm=\"" + REALM + "\""
        + (error == null ? "" : ", error=\"" + error + "\"");
    return problem(401, "unauthorized", "Unauthorized", detail, "Authorization")
        .withHeader("WWW-Authenticate", challenge);
  }

  static Reply insufficientScope(String detail) {
    return problem(403, "forbidden", "Forbidden", detail, null)
        .withHeader("WWW-Authenticate", "Bearer realm=\"" + REALM
            + "\", error=\"insufficient_scope\"");
  }

  /** A problem raised while reading a request, caught where the route is run. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Reply reply;

    Failure(Reply reply) {
      super(null, null, false, false);
      this.reply = reply;
    }

    Reply reply() {
      return reply;
    }
  }
}
