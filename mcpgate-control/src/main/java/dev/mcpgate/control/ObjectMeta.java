package dev.mcpgate.control;

import java.time.Instant;
import java.util.Objects;

/**
 * What every control-plane object carries: its id, its revision (the ETag: it grows by one with
 * every change), its owner, and who created and last changed it when. Immutable and thread-safe.
 *
 * @param id the object's id, unique within its kind
 * @param revision 1 when created, one more with each change
 * @param owner whether the YAML baseline or the service layer owns it
 * @param createdBy the actor id that created it
 * @param createdAt when it was created
 * @param changedBy the actor id that changed it last
 * @param changedAt when it was changed last
 */
public record ObjectMeta(
    String id,
    long revision,
    Owner owner,
    String createdBy,
    Instant createdAt,
    String changedBy,
    Instant changedAt) {

  /** Validates the fields. */
  public ObjectMeta {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(changedBy, "changedBy");
    Objects.requireNonNull(changedAt, "changedAt");
    if (id.isBlank()) {
      throw new IllegalArgumentException("an object id must not be blank");
    }
    if (revision < 1) {
      throw new IllegalArgumentException("a revision starts at 1");
    }
  }

  /**
   * The meta of a new object.
   *
   * @param id its id
   * @param owner its owner
   * @param actor who creates it
   * @param at when
   * @return revision 1, created and changed by {@code actor} at {@code at}
   */
  public static ObjectMeta created(String id, Owner owner, String actor, Instant at) {
    return new ObjectMeta(id, 1, owner, actor, at, actor, at);
  }

  /**
   * The meta after a change: the next revision, changed by {@code actor} at {@code at}.
   *
   * @param actor who changes it
   * @param at when
   * @return the new meta
   */
  public ObjectMeta changed(String actor, Instant at) {
    return new ObjectMeta(id, revision + 1, owner, createdBy, createdAt, actor, at);
  }

  /**
   * The revision as an HTTP entity tag, such as {@code "7"}.
   *
   * @return the quoted revision
   */
  public String etag() {
    return "\"" + revision + "\"";
  }
}
