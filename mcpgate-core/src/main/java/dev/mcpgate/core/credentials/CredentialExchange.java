package dev.mcpgate.core.credentials;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialBindingResolver;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.Secret;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
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
 * endpoint a setting names, the HTTP client, the builder settings, and failures that never quote a
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
   * The HTTP client a resolver's builder settles on.
   *
   * @param given the client the builder was given, or null for a default that follows no redirects
   *     and keeps no cookies
   * @param connectTimeout the default client's connect timeout
   * @param requestTimeout how long one request may take; only checked here
   * @return the client
   * @throws IllegalArgumentException if a timeout is not positive
   */
  static HttpClient httpClient(
      @Nullable HttpClient given, Duration connectTimeout, Duration requestTimeout) {
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive, was " + connectTimeout);
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
    }
    if (given != null) {
      return given;
    }
    return HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
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
   * What the builders of those resolvers share: the HTTP client, the clock, the expiry skew and the
   * timeouts, each with its default. Not thread-safe.
   *
   * @param <B> the concrete builder, returned by every setter
   */
  abstract static class Builder<B extends Builder<B>> {
    private @Nullable HttpClient http;
    private Clock clock = Clock.systemUTC();
    private Duration expirySkew = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);

    Builder() {}

    /** This builder, as its concrete type. */
    abstract B self();

    /**
     * The HTTP client for the endpoint. By default a client that follows no redirects and keeps no
     * cookies, with the {@linkplain #connectTimeout(Duration) connect timeout}. A client given here
     * keeps its own connect timeout, redirect policy and cookie handler: it should follow no
     * redirects (credentials go only to the configured endpoint, and a login's session cookies are
     * on its own answer) and have no cookie handler (which would send an old session along with
     * the next login).
     *
     * @param http the client
     * @return this builder
     */
    public B httpClient(HttpClient http) {
      this.http = Objects.requireNonNull(http, "http");
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
     * The connect timeout of the default HTTP client. Default: 5 seconds.
     *
     * @param connectTimeout more than zero
     * @return this builder
     */
    public B connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
      return self();
    }

    /**
     * How long one request to the endpoint may take, from sending to the response headers.
     * Default: 10 seconds.
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

    Duration requestTimeout() {
      return requestTimeout;
    }

    /**
     * The HTTP client the resolver uses.
     *
     * @throws IllegalArgumentException if a timeout is not positive
     */
    HttpClient httpClient() {
      return CredentialExchange.httpClient(http, connectTimeout, requestTimeout);
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
