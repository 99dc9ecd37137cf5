package dev.mcpgate.api;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * Decides whether a caller may see and use a tool (and, through {@link #decideFeature}, a
 * resource, resource template or prompt). The same engine answers for {@code
 * tools/list} (without arguments) and {@code tools/call} (with them), so a tool is either
 * visible and callable or hidden and indistinguishable from a tool that does not exist.
 *
 * <p>Implementations must be thread-safe, fast (listing a large catalog asks once per tool;
 * {@link #visibleTo} lets an engine prepare once per listing), and must not throw for a denial:
 * a denial is a {@link PolicyDecision.Deny}.
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
   * Which tools a caller may see, for one {@code tools/list}. A listing asks about one caller
   * once per tool of the catalog; an engine can override this to prepare, once per listing,
   * what depends only on the caller, and to answer each tool without building a request.
   *
   * <p>The answer must be exactly {@code decide(PolicyRequest.forListing(caller,
   * tool)).allowed()} for every tool, as the default is: discovery and execution never
   * disagree. The predicate serves one listing on one thread and is then dropped, so it may
   * keep state and need not be thread-safe.
   *
   * @param caller who is listing
   * @return whether each tool is listed for the caller
   */
  default Predicate<ToolDefinition> visibleTo(CallerContext caller) {
    Objects.requireNonNull(caller, "caller");
    return tool -> decide(PolicyRequest.forListing(caller, tool)).allowed();
  }

  /**
   * Decides one request about a resource, resource template or prompt, as {@link
   * #decide(PolicyRequest)} does for tools: discovery asks without arguments, use with them, and
   * a denied feature is hidden, indistinguishable from one that does not exist.
   *
   * <p>The default denies, so that an engine written before resources and prompts existed shows
   * none of them: nothing becomes visible that its author did not decide on. An engine that
   * governs resources or prompts overrides this. Must be thread-safe and must not throw for a
   * denial, like {@link #decide(PolicyRequest)}.
   *
   * @param request the caller, the feature and, for a use, its URI and arguments
   * @return the decision; never null
   */
  default PolicyDecision decideFeature(FeatureRequest request) {
    Objects.requireNonNull(request, "request");
    return PolicyDecision.deny(FEATURES_NOT_DECIDED);
  }

  /** The reason of the default {@link #decideFeature} denial. */
  String FEATURES_NOT_DECIDED = "this policy engine does not decide on resources and prompts";

  /**
   * Allows everything, tools and the other features alike. For development and tests; a
   * deployment should state its policy.
   *
   * @return the engine
   */
  static PolicyEngine allowAll() {
    return new PolicyEngine() {
      @Override
      public PolicyDecision decide(PolicyRequest request) {
        return PolicyDecision.allow("allow-all");
      }

      @Override
      public PolicyDecision decideFeature(FeatureRequest request) {
        return PolicyDecision.allow("allow-all");
      }
    };
  }

  /**
   * Denies everything: every tool, resource and prompt is hidden.
   *
   * @return the engine
   */
  static PolicyEngine denyAll() {
    return request -> PolicyDecision.deny("deny-all");
  }
}
