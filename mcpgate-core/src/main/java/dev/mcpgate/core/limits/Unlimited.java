package dev.mcpgate.core.limits;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.ToolDefinition;

/** The limiter of {@link RateLimiter#unlimited()}, with one shared decision. */
enum Unlimited implements RateLimiter {
  INSTANCE;

  private static final RateLimitDecision ALLOWED = new RateLimitDecision.Allowed(Long.MAX_VALUE);

  @Override
  public RateLimitDecision acquire(CallerContext caller, ToolDefinition tool) {
    return ALLOWED;
  }

  @Override
  public String toString() {
    return "RateLimiter.unlimited()";
  }
}
