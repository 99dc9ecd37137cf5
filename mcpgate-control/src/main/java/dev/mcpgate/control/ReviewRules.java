package dev.mcpgate.control;

/**
 * When a revision needs no person to approve it. A revision that changes auth schemes, hosts or
 * write operations always needs one. Immutable and thread-safe.
 *
 * @param approveDescriptionOnly approve by rule a revision whose only difference from the active
 *     revision is what its operations say about themselves
 */
public record ReviewRules(boolean approveDescriptionOnly) {

  /** The name recorded as the decider of a review approved by {@link #approveDescriptionOnly}. */
  public static final String DESCRIPTION_ONLY = "rule:description-only";

  /**
   * Every revision needs a person.
   *
   * @return the strict rules
   */
  public static ReviewRules strict() {
    return new ReviewRules(false);
  }
}
