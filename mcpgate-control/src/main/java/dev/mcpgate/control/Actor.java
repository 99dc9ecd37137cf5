package dev.mcpgate.control;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who asks for a change, with which role, through which surface. The service layer authorizes
 * by the role and records the id and surface in the change log. Immutable and thread-safe.
 *
 * @param id the operator's id, or a fixed name such as {@code local} for direct store access
 * @param role what the actor may do
 * @param surface where the request came from
 */
public record Actor(String id, Role role, Surface surface) {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:@-]{1,128}");

  /** Validates the fields. */
  public Actor {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(surface, "surface");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("actor id must be 1 to 128 of A-Z a-z 0-9 _ . : @ -");
    }
  }

  /**
   * The actor for someone with direct access to the store (the CLI working on the store's file,
   * an embedding application): an {@code admin} named {@code local}. Whoever can write the store
   * file can change anything anyway; this records it honestly.
   *
   * @param surface where the change comes from
   * @return the actor
   */
  public static Actor local(Surface surface) {
    return new Actor("local", Role.ADMIN, surface);
  }

  /**
   * The owner of objects this actor creates: {@link Owner#FILE} for the baseline file,
   * {@link Owner#API} otherwise.
   *
   * @return the owner
   */
  public Owner owns() {
    return surface == Surface.FILE ? Owner.FILE : Owner.API;
  }
}
