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

  /** An age no event reaches. */
  private static final Duration FOREVER = Duration.ofDays(365L * 1000);

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
   * What a control plane keeps unless told otherwise: 30 days, and at most 1,000,000 events
   * (about 1 GB of store at a typical event's 1 KB).
   *
   * @return the default retention
   */
  public static Retention defaults() {
    return new Retention(Duration.ofDays(30), 1_000_000);
  }

  /**
   * Keeps every event: nothing is pruned unless {@link AuditLog#prune} is called.
   *
   * @return the retention that keeps all
   */
  public static Retention keepAll() {
    return new Retention(FOREVER, Long.MAX_VALUE);
  }

  /**
   * Whether this retention keeps every event.
   *
   * @return true for {@link #keepAll()}
   */
  public boolean keepsAll() {
    return maxCount == Long.MAX_VALUE && maxAge.compareTo(FOREVER) >= 0;
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
    return new Retention(FOREVER, maxCount);
  }
}
