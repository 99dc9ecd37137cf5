package dev.mcpgate.control;

import dev.mcpgate.api.CredentialBinding;
import java.util.Objects;

/**
 * A credential binding: which secret, by reference, serves an auth kind. The store holds the
 * reference only, never the secret. Immutable and thread-safe.
 *
 * @param meta id (the binding's id), revision, owner, history
 * @param binding the binding as the data plane uses it
 */
public record Binding(ObjectMeta meta, CredentialBinding binding) implements ControlObject {

  /** Validates the fields. */
  public Binding {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(binding, "binding");
    if (!meta.id().equals(binding.id())) {
      throw new IllegalArgumentException("a binding's object id is its binding id");
    }
  }
}
