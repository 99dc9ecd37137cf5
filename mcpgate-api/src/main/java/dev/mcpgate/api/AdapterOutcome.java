package dev.mcpgate.api;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the upstream call (or the Java tool handler) did, as recorded in the audit trail.
 *
 * @param status the upstream HTTP status, or 0 when no response arrived or the tool is not
 *     HTTP-backed
 * @param latency how long the call took
 * @param bytes the size of the response body received
 * @param error a short description of a failure (timeout, connection refused), or null
 */
public record AdapterOutcome(int status, Duration latency, long bytes, @Nullable String error) {

  /** Validates the fields. */
  public AdapterOutcome {
    Objects.requireNonNull(latency, "latency");
    if (status < 0 || bytes < 0) {
      throw new IllegalArgumentException("status and bytes must not be negative");
    }
  }
}
