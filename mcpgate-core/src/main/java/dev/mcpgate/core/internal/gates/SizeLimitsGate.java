package dev.mcpgate.core.internal.gates;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.GateId;
import dev.mcpgate.core.internal.RegisteredTool;
import dev.mcpgate.core.limits.SizeLimits;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/** Gate 5: the arguments are within the size limits. A listing has no arguments to check. */
public final class SizeLimitsGate implements Gate {

  private static final Verdict WITHIN = Verdict.pass("within limits");

  private final SizeLimits limits;

  /**
   * A gate applying limits.
   *
   * @param limits the limits
   */
  public SizeLimitsGate(SizeLimits limits) {
    this.limits = limits;
  }

  @Override
  public GateId id() {
    return GateId.SIZE_LIMITS;
  }

  @Override
  public Verdict check(CallerContext caller, RegisteredTool tool, @Nullable ObjectNode arguments) {
    if (arguments == null) {
      return WITHIN;
    }
    Optional<String> violation = limits.check(arguments);
    return violation.isEmpty()
        ? WITHIN
        : new Verdict.Invalid(violation.get(),
            "The arguments for tool " + tool.name() + " are too large: " + violation.get());
  }
}
