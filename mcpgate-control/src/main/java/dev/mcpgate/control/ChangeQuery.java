package dev.mcpgate.control;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Which change events to read, newest first. Every criterion given must match; null means any.
 * Immutable and thread-safe.
 *
 * @param from the earliest time, inclusive, or null
 * @param to the latest time, exclusive, or null
 * @param kind the object kind, or null
 * @param objectId the object id, or null
 * @param actor the actor id, or null
 * @param afterSequence only events with a greater sequence (0 for all)
 * @param limit at most this many, 1 to 10,000
 */
public record ChangeQuery(
    @Nullable Instant from,
    @Nullable Instant to,
    @Nullable ObjectKind kind,
    @Nullable String objectId,
    @Nullable String actor,
    long afterSequence,
    int limit) {

  /** Validates the fields. */
  public ChangeQuery {
    if (limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException("limit must be 1 to 10,000");
    }
    if (afterSequence < 0) {
      throw new IllegalArgumentException("afterSequence must not be negative");
    }
  }

  /**
   * The newest {@code limit} events.
   *
   * @param limit 1 to 10,000
   * @return the query
   */
  public static ChangeQuery latest(int limit) {
    return new ChangeQuery(null, null, null, null, null, 0, limit);
  }

  /**
   * The events of one object, newest first.
   *
   * @param kind its kind
   * @param objectId its id
   * @return the query, up to 1,000 events
   */
  public static ChangeQuery of(ObjectKind kind, String objectId) {
    return new ChangeQuery(null, null, kind, objectId, null, 0, 1000);
  }
}
