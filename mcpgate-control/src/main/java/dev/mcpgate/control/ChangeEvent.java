package dev.mcpgate.control;

import java.time.Instant;
import java.util.Objects;

/**
 * One change to the control plane, as the change log keeps it: who, through which surface, which
 * object, its revision before and after, and a summary for people. Never a secret. Immutable and
 * thread-safe.
 *
 * @param sequence the store's global revision after this change, 1, 2, ...; 0 in a dry run
 * @param time when
 * @param actor the actor's id
 * @param surface where it came from
 * @param kind the object's kind
 * @param objectId the object's id
 * @param revisionBefore the object's revision before, 0 when it was created
 * @param revisionAfter the object's revision after, 0 when it was deleted
 * @param summary what changed, for people
 */
public record ChangeEvent(
    long sequence,
    Instant time,
    String actor,
    Surface surface,
    ObjectKind kind,
    String objectId,
    long revisionBefore,
    long revisionAfter,
    String summary) {

  /** Validates the fields. */
  public ChangeEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(surface, "surface");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(objectId, "objectId");
    Objects.requireNonNull(summary, "summary");
    if (sequence < 0 || revisionBefore < 0 || revisionAfter < 0) {
      throw new IllegalArgumentException("sequence and revisions must not be negative");
    }
  }

  /**
   * This event with the sequence the store assigned.
   *
   * @param sequence the global revision
   * @return a copy
   */
  public ChangeEvent withSequence(long sequence) {
    return new ChangeEvent(sequence, time, actor, surface, kind, objectId, revisionBefore,
        revisionAfter, summary);
  }
}
