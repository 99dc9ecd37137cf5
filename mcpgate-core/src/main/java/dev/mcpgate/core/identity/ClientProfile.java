package dev.mcpgate.core.identity;

import java.util.Objects;

/**
 * A client of a {@link ClientRegistry} and one of its profiles: what a {@link
 * CertificateMapping} maps a client certificate to.
 *
 * <p>Immutable and thread-safe.
 *
 * @param clientId the client's id
 * @param profile the profile, such as {@code sandbox} or {@code production}
 */
public record ClientProfile(String clientId, String profile) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if either is blank
   */
  public ClientProfile {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(profile, "profile");
    if (clientId.isBlank() || profile.isBlank()) {
      throw new IllegalArgumentException("a client id and a profile must not be blank");
    }
  }
}
