package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.api.GateId;
import dev.mcpgate.api.GateOutcome;
import dev.mcpgate.core.internal.gates.GateOrder;
import dev.mcpgate.core.upstream.UpstreamRequest;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Gate 7, the adapter's second step: checks the request's target against the {@link TargetGuard}
 * (host allowlist, SSRF guard), resolving the host once; later steps connect only to the checked
 * addresses. Each redirect hop is checked here again ({@link #checkRedirect}). A request for an
 * in-process dispatcher leaves the process nowhere and passes. Thread-safe.
 */
public final class TargetStep {

  /** The gate this step is, as {@link GateOrder} lists it. */
  public static final GateId GATE = GateOrder.TARGET_HOST;

  private static final InProcess IN_PROCESS = new InProcess();

  private final @Nullable TargetGuard guard;

  /**
   * A step.
   *
   * @param guard the guard, or null when requests are dispatched in-process
   */
  public TargetStep(@Nullable TargetGuard guard) {
    this.guard = guard;
  }

  /** What the check came to. */
  public sealed interface Result permits Destination, AdapterExit.TargetRefused {}

  /** Where requests go once the target passed. */
  public sealed interface Destination extends Result permits Network, InProcess {

    /**
     * The gate's outcome as the audit trail records it.
     *
     * @return a passing outcome
     */
    GateOutcome passed();
  }

  /**
   * A checked network target.
   *
   * @param target the checked URL, host and addresses to connect to
   */
  public record Network(CheckedTarget.Allowed target) implements Destination {
    /** Validates the fields. */
    public Network {
      Objects.requireNonNull(target, "target");
    }

    @Override
    public GateOutcome passed() {
      return new GateOutcome(GATE, true, target.host());
    }
  }

  /** The in-process dispatcher: nothing leaves the process. */
  public record InProcess() implements Destination {
    @Override
    public GateOutcome passed() {
      return new GateOutcome(GATE, true, "in-process");
    }
  }

  /**
   * Checks a request's target.
   *
   * @param request the request
   * @return where it goes, or why it may not
   */
  public Result check(UpstreamRequest request) {
    if (guard == null) {
      return IN_PROCESS;
    }
    CheckedTarget checked = guard.check(request.uri());
    if (checked instanceof CheckedTarget.Refused refused) {
      return new AdapterExit.TargetRefused(refused.message());
    }
    return new Network((CheckedTarget.Allowed) checked);
  }

  /**
   * Checks a redirect hop like the first target, within the policy's bound on redirects.
   *
   * @param from the target that answered with the redirect
   * @param location the {@code Location} header
   * @return the next target, or why it is refused
   */
  public CheckedTarget checkRedirect(CheckedTarget.Allowed from, String location) {
    return Objects.requireNonNull(guard, "guard").checkRedirect(from, location);
  }

  /**
   * Whether redirects are followed at all.
   *
   * @return true when the policy allows at least one
   */
  public boolean followsRedirects() {
    return guard != null && guard.policy().maxRedirects() > 0;
  }
}
