package dev.mcpgate.core.limits;

import java.time.Duration;
import java.util.Objects;

/** A rate limiter's answer for one call: allowed, or limited until a token is back. */
public sealed interface RateLimitDecision {

  /**
   * Whether the call may proceed.
   *
   * @return true for {@link Allowed}
   */
  default boolean allowed() {
    return this instanceof Allowed;
  }

  /**
   * The call may proceed.
   *
   * @param remaining how many more calls the tightest applicable limit allows right now; {@link
   *     Long#MAX_VALUE} when no limit applies
   */
  record Allowed(long remaining) implements RateLimitDecision {
    /** Validates the fields. */
    public Allowed {
      if (remaining < 0) {
        throw new IllegalArgumentException("remaining must not be negative, was " + remaining);
      }
    }
  }

  /**
   * The call is refused; nothing was consumed on its behalf.
   *
   * @param retryAfter how long until the limit allows one call again; positive
   * @param limit which limit refused, such as {@code "client partner-a/sandbox: 100 per 1m"};
   *     names a client and a tool, never a credential
   */
  record Limited(Duration retryAfter, String limit) implements RateLimitDecision {
    /** Validates the fields. */
    public Limited {
      Objects.requireNonNull(retryAfter, "retryAfter");
      Objects.requireNonNull(limit, "limit");
      if (retryAfter.isNegative() || retryAfter.isZero()) {
        throw new IllegalArgumentException("retryAfter must be positive, was " + retryAfter);
      }
      if (limit.isBlank()) {
        throw new IllegalArgumentException("limit must name the limit that refused");
      }
    }

    /**
     * The whole seconds a limited caller is told to wait, on any surface (a tool result's text,
     * a {@code Retry-After} header): {@link #retryAfter()} rounded up, and at least one, so that
     * a caller never retries at once.
     *
     * @return the seconds, at least 1
     */
    public long retryAfterSeconds() {
      return Math.max(1, retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0));
    }
  }
}
