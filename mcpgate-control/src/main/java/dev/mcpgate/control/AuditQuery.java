package dev.mcpgate.control;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Which data-plane audit events to read, newest first. Every criterion given must match; null
 * means any. Immutable and thread-safe.
 *
 * @param from the earliest time, inclusive, or null
 * @param to the latest time, exclusive, or null
 * @param clientId the caller's client id, or null
 * @param tool the tool, or null
 * @param outcome the outcome's JSON name ({@code ok}, {@code denied}, ...; see {@link
 *     dev.mcpgate.api.AuditOutcome#jsonName()}), or null
 * @param source the tool's source (the control-plane object), or null
 * @param limit at most this many, 1 to 10,000
 */
public record AuditQuery(
    @Nullable Instant from,
    @Nullable Instant to,
    @Nullable String clientId,
    @Nullable String tool,
    @Nullable String outcome,
    @Nullable String source,
    int limit) {

  /** Validates the fields. */
  public AuditQuery {
    if (limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException("limit must be 1 to 10,000");
    }
  }

  /**
   * The newest {@code limit} events.
   *
   * @param limit 1 to 10,000
   * @return the query
   */
  public static AuditQuery latest(int limit) {
    return new AuditQuery(null, null, null, null, null, null, limit);
  }
}
