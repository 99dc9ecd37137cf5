package dev.mcpgate.control;

import java.util.Objects;

/**
 * A key just issued: the only time the key itself is seen. Hand it to the client and forget it;
 * {@link #toString()} leaves it out. Immutable and thread-safe.
 *
 * @param key what the control plane keeps about the key
 * @param secret the key, to give to the client once
 */
public record IssuedClientKey(ClientKey key, String secret) {

  /** Validates the fields. */
  public IssuedClientKey {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(secret, "secret");
  }

  /** The key's id and owner, never the key. */
  @Override
  public String toString() {
    return "IssuedClientKey[" + key.meta().id() + " for " + key.clientId() + "/" + key.profile()
        + "]";
  }
}
