package dev.mcpgate.core.internal.gates;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.GateId;
import dev.mcpgate.core.internal.RegisteredTool;
import dev.mcpgate.core.limits.RateLimitDecision;
import dev.mcpgate.core.limits.RateLimiter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gate 6: the caller is within its rate limits. Only a call consumes a token; a listing passes.
 * A limited call is answered with an {@code isError} result that says when to retry, not with
 * a protocol error: the model can read it and wait, and the session stays usable.
 */
public final class RateLimitGate implements Gate {

  private static final Verdict LISTING = Verdict.pass("not counted");
  private static final Verdict WITHIN = Verdict.pass("within limits");

  private final RateLimiter limiter;

  /**
   * A gate asking a limiter.
   *
   * @param limiter the limiter
   */
  public RateLimitGate(RateLimiter limiter) {
    this.limiter = limiter;
  }

  @Override
  public GateId id() {
    return GateId.RATE_LIMIT;
  }

  @Override
  public Verdict check(CallerContext caller, RegisteredTool tool, @Nullable ObjectNode arguments) {
    if (arguments == null) {
      return LISTING;
    }
    RateLimitDecision decision = limiter.acquire(caller, tool.definition());
    if (decision instanceof RateLimitDecision.Limited limited) {
      long seconds = limited.retryAfterSeconds();
      return new Verdict.Limit(limited.limit(),
          "Rate limit reached for tool " + tool.name() + " (" + limited.limit()
              + "); retry after " + seconds + " s.");
    }
    return WITHIN;
  }
}
