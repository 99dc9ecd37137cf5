package dev.mcpgate.core.client;

import dev.mcpgate.api.McpGateException;
import java.util.Objects;

/**
 * A request was asked of a client that did not declare the capability it needs. Check {@link
 * ClientRequests#supports(ClientCapability)} first to avoid it; a tool that lets it propagate is
 * answered with the protocol's "missing required client capability" error (on 2026-07-28,
 * JSON-RPC error -32021 naming the capability).
 */
public final class MissingClientCapabilityException extends McpGateException {

  private static final long serialVersionUID = 1L;

  private final ClientCapability capability;

  /**
   * The failure.
   *
   * @param capability the capability the client lacks
   */
  public MissingClientCapabilityException(ClientCapability capability) {
    super(ErrorCode.INVALID_REQUEST,
        "the client did not declare the " + capability.wireName() + " capability", false);
    this.capability = Objects.requireNonNull(capability, "capability");
  }

  /**
   * The capability the client lacks.
   *
   * @return the capability
   */
  public ClientCapability capability() {
    return capability;
  }
}
