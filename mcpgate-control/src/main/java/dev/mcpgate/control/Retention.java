package dev.mcpgate.control;

import java.time.Duration;
import java.util.Objects;

/**
 * How long audit events are kept: those older than {@code maxAge} go, and beyond the newest
 * {@code maxCount} the older go too. Immutable and thread-safe.
 *
 * @param maxAge the age after which an event is pruned
 * @param maxCount how many events are kept at most, at least 1
 */
public record Retention(Duration maxAge, long maxCount) {

  /** Validates the fields. */
  public Retention {
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge must be positive");
    }
    if (maxCount < 1) {
      throw new IllegalArgumentException("maxCount must be at least 1");
    }
  }

  /**
   * Keeps events for an age, however many there are.
   *
   * @param maxAge the age
   * @return the retention
   */
  public static Retention ofAge(Duration maxAge) {
    return new Retention(maxAge, Long.MAX_VALUE);
  }

  /**
   * Keeps the newest events, however old.
   *
   * @param maxCount how many
   * @return the retention
   */
  public static Retention ofCount(long maxCount) {
    return new Retention(Duration.ofDays(365L * 1000), maxCount);
  }
}
