package dev.mcpgate.api;

import java.util.Optional;

/**
 * The overall outcome of a request in the audit trail. Each constant has a stable JSON name,
 * {@link #jsonName()}, which is what {@code JsonLinesAuditSink} writes in the {@code outcome}
 * field; operators match on those names, so they do not change once published. New constants may
 * appear in later versions.
 */
public enum AuditOutcome {
  /** {@code "ok"}: the request was served as asked. */
  OK("ok"),
  /**
   * {@code "denied"}: a gate stopped the request (identity, policy, rate limit, target host), or
   * the tool it named does not exist or is hidden from the caller.
   */
  DENIED("denied"),
  /** {@code "invalid"}: the request's parameters or arguments were not valid. */
  INVALID("invalid"),
  /** {@code "toolError"}: the tool answered with an {@code isError} result. */
  TOOL_ERROR("toolError"),
  /** {@code "error"}: the request failed inside the gateway, a dependency or the tool. */
  ERROR("error"),
  /** {@code "cancelled"}: the client cancelled the call; no response was sent. */
  CANCELLED("cancelled"),
  /** {@code "notFound"}: a resource read found nothing at a visible URI. */
  NOT_FOUND("notFound");

  private final String jsonName;

  AuditOutcome(String jsonName) {
    this.jsonName = jsonName;
  }

  /**
   * The outcome's name in JSON, such as {@code toolError}.
   *
   * @return the name
   */
  public String jsonName() {
    return jsonName;
  }

  /**
   * The outcome with a JSON name.
   *
   * @param jsonName a name such as {@code denied}; case-sensitive
   * @return the outcome, or empty when no outcome has that name
   */
  public static Optional<AuditOutcome> fromJsonName(String jsonName) {
    for (AuditOutcome outcome : values()) {
      if (outcome.jsonName.equals(jsonName)) {
        return Optional.of(outcome);
      }
    }
    return Optional.empty();
  }
}
