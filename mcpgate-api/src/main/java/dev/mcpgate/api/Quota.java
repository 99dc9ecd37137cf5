package dev.mcpgate.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How many calls a bucket allows: up to {@code capacity} at once, refilled smoothly at {@code
 * capacity} per {@code period} (a token bucket with greedy refill: one token comes back every
 * {@code period / capacity}). An empty bucket is full again one {@code period} after its last
 * call. Immutable and thread-safe.
 *
 * @param capacity the most calls in a burst, at least 1 and at most one per nanosecond of the
 *     period
 * @param period how long a full refill takes; positive, at most {@link #MAX_PERIOD}
 */
public record Quota(long capacity, Duration period) {

  /** The longest period: a year, beyond which a limit is a quota to bill, not a rate. */
  public static final Duration MAX_PERIOD = Duration.ofDays(366);

  /** Validates the fields. */
  public Quota {
    Objects.requireNonNull(period, "period");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive, was " + period);
    }
    if (period.compareTo(MAX_PERIOD) > 0) {
      throw new IllegalArgumentException("period must be at most 366 days, was " + period);
    }
    if (capacity > period.toNanos()) {
      throw new IllegalArgumentException(
          "capacity " + capacity + " per " + period + " refills faster than one per nanosecond");
    }
  }

  /**
   * The quota in words, as a rate limiter reports it (core's {@code RateLimitDecision.Limited#limit()}).
   *
   * @return such as {@code "100 per 1m"}
   */
  @Override
  public String toString() {
    return capacity + " per " + format(period);
  }

  private static String format(Duration period) {
    long nanos = period.toNanosPart();
    if (nanos == 0) {
      long seconds = period.getSeconds();
      if (seconds % 86_400 == 0) {
        return seconds / 86_400 + "d";
      }
      if (seconds % 3_600 == 0) {
        return seconds / 3_600 + "h";
      }
      return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
    return nanos % 1_000_000 == 0 && period.getSeconds() < 1_000_000
        ? period.toMillis() + "ms"
        : period.toString();
  }
}
