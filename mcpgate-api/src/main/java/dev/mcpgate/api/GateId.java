package dev.mcpgate.api;

import java.util.Optional;

/**
 * A gate in the audit trail: a check that can stop a call before it reaches the upstream or the
 * secret store. Each constant has a stable JSON name, {@link #jsonName()}, which is what {@code
 * JsonLinesAuditSink} writes in a gate's {@code gate} field; operators match on those names, so
 * they do not change once published. New constants may appear in later versions.
 *
 * <p>A call meets the gates in this order (a call stops at the first that fails): {@link
 * #IDENTITY} at the transport, then {@link #CATALOG}, {@link #SOURCE_APPROVED}, {@link
 * #OPERATION_SELECTED}, {@link #POLICY}, {@link #INPUT_SCHEMA}, {@link #SIZE_LIMITS}, {@link
 * #RATE_LIMIT} in the engine, then {@link #REQUEST} and {@link #TARGET_HOST} in the upstream
 * adapter.
 */
public enum GateId {
  /** {@code "identity"}: the caller was authenticated by the identity resolver. */
  IDENTITY("identity"),
  /** {@code "catalog"}: the tool, resource or prompt named exists. */
  CATALOG("catalog"),
  /** {@code "sourceApproved"}: the tool's source is approved. */
  SOURCE_APPROVED("sourceApproved"),
  /** {@code "operationSelected"}: the tool's operation is selected in its source. */
  OPERATION_SELECTED("operationSelected"),
  /** {@code "policy"}: the policy engine allows the caller to use the tool. */
  POLICY("policy"),
  /** {@code "inputSchema"}: the arguments conform to the tool's input schema. */
  INPUT_SCHEMA("inputSchema"),
  /** {@code "sizeLimits"}: the arguments are within the configured size limits. */
  SIZE_LIMITS("sizeLimits"),
  /** {@code "rateLimit"}: the caller is within its rate limits and quotas. */
  RATE_LIMIT("rateLimit"),
  /** {@code "request"}: the arguments could be placed in an upstream request. */
  REQUEST("request"),
  /** {@code "targetHost"}: the upstream host (and each redirect's) is allowed and not private. */
  TARGET_HOST("targetHost");

  private final String jsonName;

  GateId(String jsonName) {
    this.jsonName = jsonName;
  }

  /**
   * The gate's name in JSON, such as {@code rateLimit}.
   *
   * @return the name
   */
  public String jsonName() {
    return jsonName;
  }

  /**
   * The gate with a JSON name.
   *
   * @param jsonName a name such as {@code policy}; case-sensitive
   * @return the gate, or empty when no gate has that name
   */
  public static Optional<GateId> fromJsonName(String jsonName) {
    for (GateId gate : values()) {
      if (gate.jsonName.equals(jsonName)) {
        return Optional.of(gate);
      }
    }
    return Optional.empty();
  }
}
