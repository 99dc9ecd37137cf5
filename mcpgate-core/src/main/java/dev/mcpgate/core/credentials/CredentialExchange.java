package dev.mcpgate.core.credentials;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialBindingResolver;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.Secret;
import dev.mcpgate.core.upstream.HostResolver;
import dev.mcpgate.core.upstream.TargetPolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the resolvers that exchange stored credentials for a short-lived secret at an HTTP endpoint
 * ({@link OAuth2ClientCredentials}, {@link CookieSessionLogin}) share: the stored credentials, the
 * endpoint a setting names, the guarded endpoint client, the builder settings, and failures that never quote a
 * secret or a response.
 */
final class CredentialExchange {

  private CredentialExchange() {}

  /**
   * The stored credentials to exchange: what {@code stored} resolves the binding's reference to,
   * which must be a secret with both parts.
   *
   * @param stored the resolver of the binding's reference, usually {@link SecretStores}
   * @param binding the binding
   * @param caller the caller
   * @param what what the credentials are, as failures name them, such as {@code login}
   * @param first the name of one part the secret must have
   * @param second the name of the other part
   * @return the secret, or why there is none
   */
  static CredentialResolution storedCredentials(
      CredentialBindingResolver stored,
      CredentialBinding binding,
      CallerContext caller,
      String what,
      String first,
      String second) {
    CredentialResolution resolution = stored.resolve(binding, caller);
    if (resolution instanceof CredentialResolution.Unavailable unavailable) {
      return new CredentialResolution.Unavailable(
          unavailable.status(), what + " credentials unavailable: " + unavailable.reason());
    }
    Secret secret = ((CredentialResolution.Resolved) resolution).secret();
    if (!secret.partNames().containsAll(Set.of(first, second))) {
      return error(
          binding,
          what
              + " credentials need parts "
              + first
              + " and "
              + second
              + "; found "
              + secret.partNames());
    }
    return resolution;
  }

  /**
   * The endpoint a setting names: an absolute {@code http} or {@code https} URL.
   *
   * @param settings the binding's settings
   * @param setting the name of the setting
   * @return the endpoint, or null when the setting names none ({@link #endpointProblem} says why)
   */
  static @Nullable URI endpoint(Map<String, String> settings, String setting) {
    return endpointProblem(settings, setting) == null ? URI.create(settings.get(setting)) : null;
  }

  /**
   * Why a setting names no endpoint, or null when it does. Names the setting, never its value.
   *
   * @param settings the binding's settings
   * @param setting the name of the setting
   * @return the reason, or null
   */
  static @Nullable String endpointProblem(Map<String, String> settings, String setting) {
    String url = settings.get(setting);
    if (url == null || url.isBlank()) {
      return "setting " + setting + " is required";
    }
    URI endpoint;
    try {
      endpoint = URI.create(url);
    } catch (IllegalArgumentException e) {
      return "setting " + setting + " is not a URL";
    }
    String scheme = endpoint.getScheme();
    if (endpoint.getHost() == null
        || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
      return "setting " + setting + " must be an absolute http or https URL";
    }
    return null;
  }

  /**
   * The target policy of an exchange whose builder was given none: any host name, {@code https}
   * and {@code http}, any port, but only {@linkplain dev.mcpgate.core.upstream.AddressClass#PUBLIC
   * public} addresses and no redirects. A token or login endpoint on loopback, a private network
   * or a link-local (cloud metadata) address needs an explicit policy.
   */
  static TargetPolicy defaultTargets() {
    return TargetPolicy.builder().allowAnyHost().build();
  }

  private static Duration positive(Duration duration, String name) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + duration);
    }
    return duration;
  }

  /** The endpoint as failures name it: without user info, query or fragment. */
  static String shown(URI endpoint) {
    int port = endpoint.getPort();
    String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
    return endpoint.getScheme()
        + "://"
        + endpoint.getHost()
        + (port == -1 ? "" : ":" + port)
        + path;
  }

  /** A value form-encoded ({@code application/x-www-form-urlencoded}) in UTF-8. */
  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** An {@link CredentialStatus#ERROR} that names the binding and the reason. */
  static CredentialResolution error(CredentialBinding binding, String reason) {
    return new CredentialResolution.Unavailable(
        CredentialStatus.ERROR, "binding " + binding.id() + ": " + reason);
  }

  /**
   * What the builders of those resolvers share: the target policy, the clock, the expiry skew and the
   * timeouts, each with its default. Not thread-safe.
   *
   * @param <B> the concrete builder, returned by every setter
   */
  abstract static class Builder<B extends Builder<B>> {
    private @Nullable TargetPolicy targets;
    private HostResolver resolver = HostResolver.system();
    private Clock clock = Clock.systemUTC();
    private Duration expirySkew = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);

    Builder() {}

    /** This builder, as its concrete type. */
    abstract B self();

    /**
     * Where the endpoint may be: the same {@link TargetPolicy} as the upstream calls', so that
     * the exchange gets the same host allowlist, SSRF guard and DNS pinning. The endpoint's host
     * is resolved once and only the addresses checked are connected to; redirects are never
     * followed (credentials go only to the configured endpoint, and a login's session cookies
     * are on its own answer), whatever the policy's redirect limit, and no cookie is kept.
     * Default: any host name at a {@linkplain dev.mcpgate.core.upstream.AddressClass#PUBLIC
     * public} address only, over {@code https} or {@code http}; an endpoint on loopback, a
     * private network or a link-local address is refused unless a policy given here allows it.
     *
     * @param targets the policy
     * @return this builder
     */
    public B targets(TargetPolicy targets) {
      this.targets = Objects.requireNonNull(targets, "targets");
      return self();
    }

    /**
     * How the endpoint's host name is resolved. Default: the platform's resolver.
     *
     * @param resolver the resolver
     * @return this builder
     */
    public B hostResolver(HostResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return self();
    }

    /**
     * The clock that decides when a cached secret is stale. Default: the system clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public B clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return self();
    }

    /**
     * How long before its expiry a cached secret is replaced. Default: 30 seconds.
     *
     * @param expirySkew zero or more
     * @return this builder
     */
    public B expirySkew(Duration expirySkew) {
      this.expirySkew = Objects.requireNonNull(expirySkew, "expirySkew");
      return self();
    }

    /**
     * How long connecting to one address of the endpoint may take. Default: 5 seconds.
     *
     * @param connectTimeout more than zero
     * @return this builder
     */
    public B connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
      return self();
    }

    /**
     * How long one exchange with the endpoint may take, from connecting to the end of the
     * answer. Default: 10 seconds.
     *
     * @param requestTimeout more than zero
     * @return this builder
     */
    public B requestTimeout(Duration requestTimeout) {
      this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
      return self();
    }

    Clock clock() {
      return clock;
    }

    /**
     * The guarded client the resolver sends its exchanges with.
     *
     * @throws IllegalArgumentException if a timeout is not positive
     */
    GuardedEndpoint endpointClient() {
      return new GuardedEndpoint(targets == null ? defaultTargets() : targets, resolver,
          positive(connectTimeout, "connectTimeout"), positive(requestTimeout, "requestTimeout"));
    }

    /**
     * A cache of the secrets {@code renewal} obtains.
     *
     * @throws IllegalArgumentException if the skew is negative
     */
    RenewableSecretCache cache(RenewableSecretCache.Renewal renewal) {
      return new RenewableSecretCache(clock, expirySkew, renewal);
    }
  }
}
