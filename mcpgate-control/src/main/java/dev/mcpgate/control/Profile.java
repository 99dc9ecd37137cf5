package dev.mcpgate.control;

import java.util.Objects;

/**
 * A client's profile: the environment its keys authenticate for, such as {@code sandbox} or
 * {@code production}. A revoked profile's keys stop working. Immutable and thread-safe.
 *
 * @param meta id {@code CLIENT/PROFILE}, revision, owner, history
 * @param clientId the client
 * @param name the profile's name
 * @param revoked whether it was revoked (revocation is final)
 */
public record Profile(ObjectMeta meta, String clientId, String name, boolean revoked)
    implements ControlObject {

  /** Validates the fields. */
  public Profile {
    Objects.requireNonNull(meta, "meta");
    Ids.name("client id", clientId);
    Ids.name("profile", name);
    if (!meta.id().equals(idOf(clientId, name))) {
      throw new IllegalArgumentException("a profile's id is CLIENT/PROFILE: " + meta.id());
    }
  }

  /**
   * A profile's object id.
   *
   * @param clientId the client
   * @param profile the profile's name
   * @return {@code CLIENT/PROFILE}
   */
  public static String idOf(String clientId, String profile) {
    return clientId + "/" + profile;
  }
}
