package dev.mcpgate.core.limits;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.ToolDefinition;

/**
 * Decides whether a caller may make one more call of a tool now, and takes that call from its
 * allowance if so. The gate runs after the size limits and before the target check, once per
 * {@code tools/call}.
 *
 * <p>Implementations must be thread-safe and fast, and must not throw for a refusal: a refusal is
 * a {@link RateLimitDecision.Limited}. {@link RateLimits} is the built-in implementation.
 */
@FunctionalInterface
public interface RateLimiter {

  /**
   * Takes one call from the caller's allowance for the tool, if there is one left.
   *
   * @param caller who calls
   * @param tool what is called
   * @return the decision; never null
   */
  RateLimitDecision acquire(CallerContext caller, ToolDefinition tool);

  /**
   * Allows every call.
   *
   * @return the limiter
   */
  static RateLimiter unlimited() {
    return Unlimited.INSTANCE;
  }
}
