package dev.mcpgate.control;

import java.util.Objects;

/**
 * An API key issued to a client's profile, as the control plane tells about it: its id (the
 * key's non-secret part) and whose it is. The store keeps the key's SHA-256 only; the key itself
 * is shown once, in {@link IssuedClientKey}. Immutable and thread-safe.
 *
 * @param meta id (the key id), revision, owner, history
 * @param clientId the client
 * @param profile the profile the key authenticates for
 * @param revoked whether it was revoked (revocation is final)
 */
public record ClientKey(ObjectMeta meta, String clientId, String profile, boolean revoked)
    implements ControlObject {

  /** Validates the fields. */
  public ClientKey {
    Objects.requireNonNull(meta, "meta");
    Ids.name("client id", clientId);
    Ids.name("profile", profile);
  }
}
