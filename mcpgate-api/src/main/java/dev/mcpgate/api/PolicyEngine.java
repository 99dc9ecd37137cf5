package dev.mcpgate.api;

/**
 * Decides whether a caller may see and use a tool. The same engine answers for {@code
 * tools/list} (without arguments) and {@code tools/call} (with them), so a tool is either
 * visible and callable or hidden and indistinguishable from a tool that does not exist.
 *
 * <p>Implementations must be thread-safe, fast (listing a large catalog asks once per tool),
 * and must not throw for a denial: a denial is a {@link PolicyDecision.Deny}.
 *
 * <p>Policy is the third runtime gate, before the input schema is checked (so that a caller
 * learns nothing about a tool it may not use, not even that its arguments were wrong): the
 * arguments a call's request carries are not yet validated. Read them defensively; a value of
 * an unexpected type is a reason to deny, never to throw.
 */
@FunctionalInterface
public interface PolicyEngine {

  /**
   * Decides one request.
   *
   * @param request the caller, the tool and, for a call, the arguments
   * @return the decision; never null
   */
  PolicyDecision decide(PolicyRequest request);

  /**
   * Allows everything. For development and tests; a deployment should state its policy.
   *
   * @return the engine
   */
  static PolicyEngine allowAll() {
    return request -> PolicyDecision.allow("allow-all");
  }

  /**
   * Denies everything: every tool is hidden.
   *
   * @return the engine
   */
  static PolicyEngine denyAll() {
    return request -> PolicyDecision.deny("deny-all");
  }
}
