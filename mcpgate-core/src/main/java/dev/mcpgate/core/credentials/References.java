package dev.mcpgate.core.credentials;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.CredentialStatus;
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

  /**
   * The refusal of a store handed a reference it cannot read: a misconfigured binding (ERROR),
   * not a missing secret.
   */
  static CredentialResolution wrongReference(CredentialBinding binding, String store,
      String prefix) {
    return new CredentialResolution.Unavailable(CredentialStatus.ERROR,
        "binding " + binding.id() + ": the " + store + " store needs a reference " + prefix
            + ":NAME");
  }
}
