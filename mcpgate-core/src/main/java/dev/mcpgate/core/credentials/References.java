package dev.mcpgate.core.credentials;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import org.jspecify.annotations.Nullable;

/** Splits a secret reference {@code prefix:name} into its parts. */
final class References {

  private References() {}

  /** The prefix of a reference (before the first colon), or null when there is none. */
  static @Nullable String prefixOf(String ref) {
    int colon = ref.indexOf(':');
    return colon <= 0 ? null : ref.substring(0, colon);
  }

  /**
   * The name after {@code prefix:} in the caller's reference of a binding, or null when the
   * reference has another prefix.
   */
  static @Nullable String nameAfter(
      String prefix, CredentialBinding binding, CallerContext caller) {
    String ref = binding.secretRefFor(caller);
    return ref.startsWith(prefix + ":") ? ref.substring(prefix.length() + 1) : null;
  }
}
