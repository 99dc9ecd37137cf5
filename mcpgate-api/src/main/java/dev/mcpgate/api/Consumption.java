package dev.mcpgate.api;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link BucketStore} answers when asked for a token: taken, with what is left, or refused,
 * with how long until one is back. Immutable and thread-safe.
 *
 * @param consumed whether a token was taken
 * @param remaining the tokens left after taking one; 0 when refused
 * @param retryAfter how long until a token is back; positive when refused, zero when consumed
 */
public record Consumption(boolean consumed, long remaining, Duration retryAfter) {

  /** Validates the fields. */
  public Consumption {
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (remaining < 0) {
      throw new IllegalArgumentException("remaining must not be negative, was " + remaining);
    }
    if (consumed ? !retryAfter.isZero() : retryAfter.isNegative() || retryAfter.isZero()) {
      throw new IllegalArgumentException(
          consumed
              ? "a consumed token has no retryAfter, was " + retryAfter
              : "a refusal needs a positive retryAfter, was " + retryAfter);
    }
    if (!consumed && remaining != 0) {
      throw new IllegalArgumentException("a refusal leaves no tokens, remaining was " + remaining);
    }
  }

  /**
   * A token was taken.
   *
   * @param remaining the tokens left, at least 0
   * @return the answer
   */
  public static Consumption consumed(long remaining) {
    return new Consumption(true, remaining, Duration.ZERO);
  }

  /**
   * No token was left.
   *
   * @param retryAfter how long until one is back; positive
   * @return the answer
   */
  public static Consumption refused(Duration retryAfter) {
    return new Consumption(false, 0, retryAfter);
  }
}
