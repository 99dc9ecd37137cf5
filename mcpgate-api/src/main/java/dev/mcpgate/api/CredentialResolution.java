package dev.mcpgate.api;

import java.util.Objects;

/** The outcome of resolving a {@link CredentialBinding}: a secret, or why there is none. */
public sealed interface CredentialResolution {

  /**
   * The status to record in the audit trail.
   *
   * @return the status
   */
  CredentialStatus status();

  /**
   * The secret was resolved.
   *
   * @param secret the secret, for this one call
   */
  record Resolved(Secret secret) implements CredentialResolution {
    /** Validates the fields. */
    public Resolved {
      Objects.requireNonNull(secret, "secret");
    }

    @Override
    public CredentialStatus status() {
      return CredentialStatus.RESOLVED;
    }
  }

  /**
   * No secret: missing, expired or the store failed.
   *
   * @param status {@link CredentialStatus#MISSING}, {@link CredentialStatus#EXPIRED} or {@link
   *     CredentialStatus#ERROR}
   * @param reason a short reason naming the binding or reference, never a secret value
   */
  record Unavailable(CredentialStatus status, String reason) implements CredentialResolution {
    /** Validates the fields. */
    public Unavailable {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(reason, "reason");
      if (status == CredentialStatus.RESOLVED || status == CredentialStatus.NOT_REQUESTED) {
        throw new IllegalArgumentException("an unavailable credential cannot be " + status);
      }
    }
  }

  /**
   * A resolved secret.
   *
   * @param secret the secret
   * @return the resolution
   */
  static CredentialResolution resolved(Secret secret) {
    return new Resolved(secret);
  }

  /**
   * A missing secret.
   *
   * @param reason a short reason, never a secret value
   * @return the resolution
   */
  static CredentialResolution missing(String reason) {
    return new Unavailable(CredentialStatus.MISSING, reason);
  }
}
