package dev.mcpgate.core.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link ClientRegistry} tells about an API key it holds: its id and whose it is. Never
 * the key, never its hash.
 *
 * <p>Immutable and thread-safe.
 *
 * @param keyId the key's id: the non-secret part of the key, shown as the caller's token id
 * @param clientId the client the key was issued to
 * @param profile the profile (environment) the key authenticates for, such as {@code sandbox}
 * @param issuedAt when the key was added to the registry
 */
public record IssuedKey(String keyId, String clientId, String profile, Instant issuedAt) {

  /** Validates the fields. */
  public IssuedKey {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(issuedAt, "issuedAt");
  }
}
