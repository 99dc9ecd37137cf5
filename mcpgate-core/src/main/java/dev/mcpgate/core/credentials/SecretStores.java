package dev.mcpgate.core.credentials;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialBindingResolver;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.Secret;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

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
 * <p>A resolver registered for an {@linkplain Builder#kind(AuthKind, CredentialBindingResolver)
 * auth kind} serves every binding of that kind, whatever its prefix: that is how a token or a
 * session obtained by a call (OAuth2 client credentials, a cookie login) takes the place of a
 * stored secret. Those resolvers read their own client or login credentials through a second
 * {@code SecretStores} without kind routes, never through this one (it would hand the binding
 * straight back to them):
 *
 * <pre>{@code
 * SecretStores plain = SecretStores.builder()
 *     .environment(EnvironmentSecrets.system())
 *     .files(Path.of("/run/secrets"))
 *     .store("vault", new VaultKvResolver(...))
 *     .build();
 * SecretStores gateway = SecretStores.builder()
 *     .environment(EnvironmentSecrets.system())
 *     .files(Path.of("/run/secrets"))
 *     .store("vault", new VaultKvResolver(...))
 *     .kind(AuthKind.OAUTH2, OAuth2ClientCredentials.builder(plain).build())
 *     .kind(AuthKind.COOKIE, CookieSessionLogin.builder(plain).build())
 *     .build();
 * }</pre>
 *
 * <p>{@link #invalidate(CredentialBinding, CallerContext, Secret)} goes to the resolver that
 * served the binding, so a rejected token or session is dropped where it is cached.
 *
 * <p>Instances are immutable and thread-safe, provided the registered stores are.
 */
public final class SecretStores implements CredentialBindingResolver {

  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9+.-]{0,31}");

  private final Map<String, CredentialBindingResolver> stores;
  private final Map<AuthKind, CredentialBindingResolver> kinds;

  private SecretStores(
      Map<String, CredentialBindingResolver> stores,
      Map<AuthKind, CredentialBindingResolver> kinds) {
    this.stores = Map.copyOf(stores);
    this.kinds = Map.copyOf(kinds);
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
    CredentialBindingResolver byKind = kinds.get(binding.kind());
    if (byKind != null) {
      return byKind.resolve(binding, caller);
    }
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
          "binding " + binding.id() + ": its secret reference names no registered store"
              + " (stores: " + String.join(", ", new TreeSet<>(stores.keySet())) + ")");
    }
    return store.resolve(binding, caller);
  }

  /**
   * Passes the rejection to the resolver that serves the binding: the one registered for its kind,
   * else the store for its reference's prefix. Does nothing when neither exists.
   *
   * @param binding the binding the secret was resolved for
   * @param caller the caller it was resolved for
   * @param rejected the secret the upstream rejected
   */
  @Override
  public void invalidate(CredentialBinding binding, CallerContext caller, Secret rejected) {
    CredentialBindingResolver target = servingResolver(binding, caller);
    if (target != null) {
      target.invalidate(binding, caller, rejected);
    }
  }

  private @Nullable CredentialBindingResolver servingResolver(
      CredentialBinding binding, CallerContext caller) {
    CredentialBindingResolver byKind = kinds.get(binding.kind());
    if (byKind != null) {
      return byKind;
    }
    String prefix = References.prefixOf(binding.secretRefFor(caller));
    return prefix == null ? null : stores.get(prefix);
  }

  /** Names the registered prefixes and kinds, never a value. */
  @Override
  public String toString() {
    String text = "SecretStores" + new TreeSet<>(stores.keySet());
    if (kinds.isEmpty()) {
      return text;
    }
    TreeSet<String> kindNames = new TreeSet<>();
    kinds.keySet().forEach(kind -> kindNames.add(kind.wireName()));
    return text + " kinds" + kindNames;
  }

  /** Builds {@link SecretStores}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, CredentialBindingResolver> stores = new LinkedHashMap<>();
    private final Map<AuthKind, CredentialBindingResolver> kinds = new EnumMap<>(AuthKind.class);

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
     * Serves every binding of an auth kind, whatever its reference's prefix, such as {@link
     * AuthKind#OAUTH2} bindings from {@link OAuth2ClientCredentials} and {@link AuthKind#COOKIE}
     * bindings from {@link CookieSessionLogin}. The resolver gets the binding and caller
     * unchanged.
     *
     * @param kind the auth kind
     * @param resolver the resolver for bindings of that kind; it must not read its own
     *     credentials through the router being built
     * @return this builder
     * @throws IllegalArgumentException if the kind already has a resolver
     */
    public Builder kind(AuthKind kind, CredentialBindingResolver resolver) {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(resolver, "resolver");
      if (kinds.putIfAbsent(kind, resolver) != null) {
        throw new IllegalArgumentException(
            "a resolver for auth kind '" + kind.wireName() + "' is already registered");
      }
      return this;
    }

    /**
     * Builds the router.
     *
     * @return the router
     * @throws IllegalArgumentException if no store and no kind resolver was registered
     */
    public SecretStores build() {
      if (stores.isEmpty() && kinds.isEmpty()) {
        throw new IllegalArgumentException(
            "register at least one secret store or auth kind resolver");
      }
      return new SecretStores(stores, kinds);
    }
  }
}
