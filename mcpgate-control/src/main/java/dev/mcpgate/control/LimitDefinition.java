package dev.mcpgate.control;

import dev.mcpgate.core.limits.Quota;
import java.time.Duration;
import java.util.Objects;

/**
 * A rate limit: how many calls a client, a client's profile or a tool may make per period.
 * Immutable and thread-safe.
 *
 * @param id the limit's id
 * @param scope what is counted
 * @param target the client id, {@code CLIENT/PROFILE}, or the tool name
 * @param capacity calls allowed per period, at least 1
 * @param period the period, at most a year
 */
public record LimitDefinition(String id, Scope scope, String target, long capacity,
    Duration period) {

  /** What a limit counts. */
  public enum Scope {
    /** The calls of one client, all profiles together. */
    CLIENT,
    /** The calls of one client's profile. */
    PROFILE,
    /** The calls to one tool, all callers together. */
    TOOL
  }

  /** Validates the fields; the quota's own rules apply to capacity and period. */
  public LimitDefinition {
    Ids.name("limit id", id);
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(period, "period");
    if (target.isBlank()) {
      throw new IllegalArgumentException("a limit needs a target");
    }
    new Quota(capacity, period);
  }

  /**
   * The limit as the data plane's rate limiter takes it.
   *
   * @return the quota
   */
  public Quota quota() {
    return new Quota(capacity, period);
  }
}
