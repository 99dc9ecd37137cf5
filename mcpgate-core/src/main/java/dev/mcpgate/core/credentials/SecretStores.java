package dev.mcpgate.core.credentials;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialBindingResolver;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.CredentialStatus;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Routes each binding to a secret store by the prefix of its reference: {@code env:STRIPE_KEY} to
 * the environment, {@code file:stripe/key} to mounted files, {@code memory:demo} to an in-memory
 * store, {@code vault:payments/stripe} to a store a team registers itself.
 *
 * <p>The reference is the caller's ({@link CredentialBinding#secretRefFor(CallerContext)}), so a
 * binding with a {@code sandbox} profile reference routes a sandbox caller to the sandbox secret
 * and everyone else to the default. The chosen store gets the binding and caller unchanged and
 * reads the same reference. A reference without a prefix, or with one no store is registered for,
 * is {@link CredentialStatus#ERROR}.
 *
 * <pre>{@code
 * SecretStores stores = SecretStores.builder()
 *     .environment(EnvironmentSecrets.system())
 *     .files(Path.of("/run/secrets"))
 *     .store("vault", new VaultKvResolver(...))
 *     .build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe, provided the registered stores are.
 */
public final class SecretStores implements CredentialBindingResolver {

  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9+.-]{0,31}");

  private final Map<String, CredentialBindingResolver> stores;

  private SecretStores(Map<String, CredentialBindingResolver> stores) {
    this.stores = Map.copyOf(stores);
  }

  /**
   * A new builder with no stores.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public CredentialResolution resolve(CredentialBinding binding, CallerContext caller) {
    String prefix = References.prefixOf(binding.secretRefFor(caller));
    if (prefix == null) {
      return new CredentialResolution.Unavailable(
          CredentialStatus.ERROR,
          "binding " + binding.id() + ": secret reference has no store prefix such as env:");
    }
    CredentialBindingResolver store = stores.get(prefix);
    if (store == null) {
      return new CredentialResolution.Unavailable(
          CredentialStatus.ERROR,
          "binding " + binding.id() + ": no secret store for prefix " + printable(prefix));
    }
    return store.resolve(binding, caller);
  }

  private static String printable(String prefix) {
    String shown = prefix.length() > 32 ? prefix.substring(0, 32) + "..." : prefix;
    return shown.replaceAll("[^\\x20-\\x7e]", "?");
  }

  /** Names the registered prefixes, never a value. */
  @Override
  public String toString() {
    return "SecretStores" + new java.util.TreeSet<>(stores.keySet());
  }

  /** Builds {@link SecretStores}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, CredentialBindingResolver> stores = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Serves {@code env:} references.
     *
     * @param environment the environment store, such as {@link EnvironmentSecrets#system()}
     * @return this builder
     */
    public Builder environment(EnvironmentSecrets environment) {
      return store(EnvironmentSecrets.PREFIX, environment);
    }

    /**
     * Serves {@code file:} references from files under a root directory.
     *
     * @param root the root directory, such as {@code /run/secrets}
     * @return this builder
     */
    public Builder files(Path root) {
      return store(MountedFileSecrets.PREFIX, MountedFileSecrets.under(root));
    }

    /**
     * Serves {@code memory:} references.
     *
     * @param memory the in-memory store
     * @return this builder
     */
    public Builder memory(InMemorySecrets memory) {
      return store(InMemorySecrets.PREFIX, memory);
    }

    /**
     * Serves references with a prefix from any store, such as a team's Vault or cloud secret
     * manager resolver. The store reads {@link CredentialBinding#secretRefFor(CallerContext)}
     * itself, prefix included.
     *
     * @param prefix the prefix without the colon: a lowercase letter, then up to 31 of {@code a-z
     *     0-9 + . -}
     * @param store the store
     * @return this builder
     * @throws IllegalArgumentException if the prefix is malformed or already has a store
     */
    public Builder store(String prefix, CredentialBindingResolver store) {
      Objects.requireNonNull(prefix, "prefix");
      Objects.requireNonNull(store, "store");
      if (!PREFIX.matcher(prefix).matches()) {
        throw new IllegalArgumentException(
            "secret store prefix '"
                + prefix
                + "' must be a lowercase letter followed by up to 31"
                + " of a-z 0-9 + . - (and no colon)");
      }
      if (stores.putIfAbsent(prefix, store) != null) {
        throw new IllegalArgumentException(
            "a secret store for prefix '" + prefix + "' is already registered");
      }
      return this;
    }

    /**
     * Builds the router.
     *
     * @return the router
     * @throws IllegalArgumentException if no store was registered
     */
    public SecretStores build() {
      if (stores.isEmpty()) {
        throw new IllegalArgumentException("register at least one secret store");
      }
      return new SecretStores(stores);
    }
  }
}
