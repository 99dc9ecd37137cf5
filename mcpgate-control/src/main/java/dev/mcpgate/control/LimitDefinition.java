package dev.mcpgate.control;

import dev.mcpgate.api.Quota;
import java.time.Duration;
import java.util.Objects;

/**
 * A rate limit: how many calls per period, counted in one of two ways. A shared limit ({@link
 * Scope#CLIENT}, {@link Scope#PROFILE}, {@link Scope#TOOL}) has one bucket for its target, which
 * all the calls it applies to take from. A per-caller limit ({@link Scope#EACH_CALLER}, {@link
 * Scope#EACH_CALLER_TOOL}) gives every caller its own bucket, exactly as the configuration file's
 * {@code limits.rate} ({@code perClient}, {@code perTool}) and core's {@link
 * dev.mcpgate.core.limits.RateLimits} count: a caller is its client id, else its subject, else
 * {@code anonymous}, together with its environment. Immutable and thread-safe.
 *
 * @param id the limit's id
 * @param scope what is counted
 * @param target the client id ({@link Scope#CLIENT}), {@code CLIENT/PROFILE} ({@link
 *     Scope#PROFILE}), the tool name ({@link Scope#TOOL}, {@link Scope#EACH_CALLER_TOOL}), or
 *     {@code *} ({@link Scope#EACH_CALLER}: every caller)
 * @param capacity calls allowed per period, at least 1
 * @param period the period, at most a year
 */
public record LimitDefinition(String id, Scope scope, String target, long capacity,
    Duration period) {

  /** The target of an {@link Scope#EACH_CALLER} limit: every caller. */
  public static final String EVERY_CALLER = "*";

  /** What a limit counts. */
  public enum Scope {
    /** The calls of one client, all profiles together: one bucket. */
    CLIENT,
    /** The calls of one client's profile: one bucket. */
    PROFILE,
    /** The calls to one tool, all callers together: one bucket. */
    TOOL,
    /**
     * The calls of each caller (client or subject, with its environment) over all tools: a
     * bucket per caller, as the file's {@code limits.rate.perClient}. The target is {@code *}.
     */
    EACH_CALLER,
    /**
     * The calls of each caller to one tool: a bucket per caller and tool, as the file's {@code
     * limits.rate.perTool}. The target is the tool's name.
     */
    EACH_CALLER_TOOL;

    /**
     * Whether every caller gets its own bucket.
     *
     * @return true for {@link #EACH_CALLER} and {@link #EACH_CALLER_TOOL}
     */
    public boolean perCaller() {
      return this == EACH_CALLER || this == EACH_CALLER_TOOL;
    }
  }

  /**
   * Validates the fields; the quota's own rules apply to capacity and period.
   *
   * @throws IllegalArgumentException if the id is not a store id, the target is blank, an
   *     {@link Scope#EACH_CALLER} limit's target is not {@code *}, or the quota is invalid
   */
  public LimitDefinition {
    Ids.name("limit id", id);
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(period, "period");
    if (target.isBlank()) {
      throw new IllegalArgumentException("a limit needs a target");
    }
    if (scope == Scope.EACH_CALLER && !target.equals(EVERY_CALLER)) {
      throw new IllegalArgumentException(
          "an each_caller limit counts every caller: its target is " + EVERY_CALLER);
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
