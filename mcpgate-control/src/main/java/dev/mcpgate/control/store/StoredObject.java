package dev.mcpgate.control.store;

import dev.mcpgate.control.ObjectKind;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An object as the store keeps it: its kind and id, the id of the object it belongs to (a
 * profile's client, a revision's source), its revision, its JSON body, and for keys and
 * operators the SHA-256 of the secret (kept out of the body, so that nothing that prints an
 * object can print it). Immutable and thread-safe.
 *
 * @param kind the kind
 * @param id the id, unique within the kind
 * @param parentId the owning object's id, or null
 * @param revision the object's revision
 * @param body the object as JSON
 * @param secretHash the secret's SHA-256, or null
 */
public record StoredObject(
    ObjectKind kind,
    String id,
    @Nullable String parentId,
    long revision,
    String body,
    byte @Nullable [] secretHash) {

  /** Validates and copies the fields. */
  public StoredObject {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(body, "body");
    if (revision < 1) {
      throw new IllegalArgumentException("a revision starts at 1");
    }
    secretHash = secretHash == null ? null : secretHash.clone();
  }

  /**
   * The secret's hash.
   *
   * @return a copy, or null
   */
  @Override
  public byte @Nullable [] secretHash() {
    return secretHash == null ? null : secretHash.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StoredObject that && kind == that.kind && id.equals(that.id)
        && Objects.equals(parentId, that.parentId) && revision == that.revision
        && body.equals(that.body) && Arrays.equals(secretHash, that.secretHash);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, id, revision);
  }

  /** Kind, id and revision; never the hash. */
  @Override
  public String toString() {
    return "StoredObject[" + kind + " " + id + " r" + revision + "]";
  }
}
