package dev.mcpgate.control;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The review of one source revision: its evidence and, once decided, the decision. The evidence
 * is computed at import and never changes after; a decided review is final. Immutable and
 * thread-safe.
 *
 * @param meta id {@code SOURCE@NUMBER} (as the revision's), revision, owner, history
 * @param sourceId the source
 * @param number the revision number reviewed
 * @param status pending, approved or rejected
 * @param evidence what the decision is (or was) taken on
 * @param decidedBy the approver's id, {@code rule:NAME} for a rule; null while pending
 * @param decidedAt when it was decided; null while pending
 * @param note the approver's note, or null
 */
public record Review(
    ObjectMeta meta,
    String sourceId,
    int number,
    ReviewStatus status,
    Evidence evidence,
    @Nullable String decidedBy,
    @Nullable Instant decidedAt,
    @Nullable String note) implements ControlObject {

  /** Validates the fields. */
  public Review {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(evidence, "evidence");
    if (!meta.id().equals(SourceRevision.idOf(sourceId, number))) {
      throw new IllegalArgumentException("a review's id is SOURCE@NUMBER: " + meta.id());
    }
    if ((status == ReviewStatus.PENDING) != (decidedBy == null)
        || (decidedBy == null) != (decidedAt == null)) {
      throw new IllegalArgumentException(
          "a decided review names who decided when; a pending one does not");
    }
    if (note != null && note.length() > 2000) {
      throw new IllegalArgumentException("a review note is at most 2000 characters");
    }
  }
}
