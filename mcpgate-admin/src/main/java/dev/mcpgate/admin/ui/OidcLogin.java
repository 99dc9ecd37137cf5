package dev.mcpgate.admin.ui;

import dev.mcpgate.admin.AdminApiConfig;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.IdentityResolver;
import dev.mcpgate.control.Role;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Logging in to the UI at the operators' OpenID Connect provider: the authorization code flow
 * with PKCE ({@code S256}), a {@code state} and a {@code nonce}. The provider is found through its
 * discovery document ({@code issuer/.well-known/openid-configuration}); the ID token is checked
 * against the provider's JWKS (signature, issuer, audience = the client id, expiry, nonce) and
 * the access token by {@link #accessTokens}, the resolver for the operator audience that also
 * authenticates the admin API's OIDC operators, whose role mapping ({@link #roles}) gives the
 * session's role. Immutable and thread-safe; built with {@link #builder}.
 */
public final class OidcLogin {

  private static final Pattern CLIENT_ID = Pattern.compile("[\\x21-\\x7e]{1,200}");
  private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5b\\x5d-\\x7e]{1,100}");

  private final URI issuer;
  private final String clientId;
  private final @Nullable String clientSecret;
  private final IdentityResolver accessTokens;
  private final Function<CallerContext, Optional<Role>> roles;
  private final List<String> scopes;
  private final Duration timeout;

  private OidcLogin(Builder builder) {
    this.issuer = builder.issuer;
    this.clientId = builder.clientId;
    this.clientSecret = builder.clientSecret;
    this.accessTokens = builder.accessTokens;
    this.roles = builder.roles;
    this.scopes = List.copyOf(builder.scopes);
    this.timeout = builder.timeout;
  }

  /**
   * A builder.
   *
   * @param issuer the provider's issuer URL ({@code https}, or {@code http} on loopback)
   * @param clientId the UI's client id at the provider
   * @param accessTokens verifies the access token for the operator audience (such as the
   *     {@code JwtIdentityResolver} given to {@link AdminApiConfig.Builder#oidc})
   * @return the builder
   */
  public static Builder builder(URI issuer, String clientId, IdentityResolver accessTokens) {
    return new Builder(issuer, clientId, accessTokens);
  }

  /**
   * The provider's issuer.
   *
   * @return the issuer URL, without a trailing slash
   */
  public URI issuer() {
    return issuer;
  }

  /**
   * The UI's client id, the audience of the ID token.
   *
   * @return the client id
   */
  public String clientId() {
    return clientId;
  }

  /**
   * The client secret, sent to the token endpoint with HTTP Basic; never shown.
   *
   * @return the secret, empty for a public client (PKCE alone)
   */
  public Optional<String> clientSecret() {
    return Optional.ofNullable(clientSecret);
  }

  /**
   * The resolver that verifies the access token for the operator audience.
   *
   * @return the resolver
   */
  public IdentityResolver accessTokens() {
    return accessTokens;
  }

  /**
   * Maps the access token's caller to an operator role; no role refuses the login.
   *
   * @return the mapping, by default {@link AdminApiConfig#roleFromScopes}
   */
  public Function<CallerContext, Optional<Role>> roles() {
    return roles;
  }

  /**
   * The scopes requested besides {@code openid}.
   *
   * @return the scopes
   */
  public List<String> scopes() {
    return scopes;
  }

  /**
   * How long a call to the provider may take.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  @Override
  public String toString() {
    return "OidcLogin[issuer=" + issuer + ", clientId=" + clientId + ", clientSecret="
        + (clientSecret == null ? "none" : "***") + ", scopes=" + scopes + "]";
  }

  /** Builds an {@link OidcLogin}. Not thread-safe. */
  public static final class Builder {
    private final URI issuer;
    private final String clientId;
    private final IdentityResolver accessTokens;
    private @Nullable String clientSecret;
    private Function<CallerContext, Optional<Role>> roles = AdminApiConfig::roleFromScopes;
    private final List<String> scopes = new ArrayList<>();
    private Duration timeout = Duration.ofSeconds(10);

    private Builder(URI issuer, String clientId, IdentityResolver accessTokens) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      this.clientId = Objects.requireNonNull(clientId, "clientId");
      this.accessTokens = Objects.requireNonNull(accessTokens, "accessTokens");
    }

    /**
     * The client secret of a confidential client.
     *
     * @param secret the secret
     * @return this builder
     */
    public Builder clientSecret(String secret) {
      this.clientSecret = Objects.requireNonNull(secret, "secret");
      return this;
    }

    /**
     * How the access token's caller maps to an operator role; use the admin API's mapping
     * ({@link AdminApiConfig#oidcRoles}) so both surfaces agree.
     *
     * @param mapping the mapping
     * @return this builder
     */
    public Builder roles(Function<CallerContext, Optional<Role>> mapping) {
      this.roles = Objects.requireNonNull(mapping, "mapping");
      return this;
    }

    /**
     * Requests a scope besides {@code openid} (such as {@code mcpgate:admin}).
     *
     * @param scope the scope
     * @return this builder
     */
    public Builder scope(String scope) {
      this.scopes.add(Objects.requireNonNull(scope, "scope"));
      return this;
    }

    /**
     * How long a call to the provider may take.
     *
     * @param timeout 1 s to 2 minutes; checked by {@link #build}
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException if the issuer is not an absolute {@code https} URL (or
     *     {@code http} on loopback), or the client id, a scope or the timeout is unusable
     */
    public OidcLogin build() {
      String scheme = issuer.getScheme();
      boolean loopback = issuer.getHost() != null && (issuer.getHost().equals("localhost")
          || issuer.getHost().equals("127.0.0.1") || issuer.getHost().equals("[::1]"));
      if (!"https".equals(scheme) && !("http".equals(scheme) && loopback)) {
        throw new IllegalArgumentException("oidc issuer must be an https URL (http only on "
            + "loopback): " + issuer);
      }
      if (issuer.getQuery() != null || issuer.getFragment() != null) {
        throw new IllegalArgumentException("oidc issuer must have no query or fragment");
      }
      if (!CLIENT_ID.matcher(clientId).matches()) {
        throw new IllegalArgumentException("oidc clientId must be 1 to 200 visible characters");
      }
      if (clientSecret != null && clientSecret.isBlank()) {
        throw new IllegalArgumentException("oidc clientSecret must not be blank");
      }
      for (String scope : scopes) {
        if (!SCOPE.matcher(scope).matches()) {
          throw new IllegalArgumentException("oidc scope is not a valid scope token: " + scope);
        }
      }
      if (timeout.compareTo(Duration.ofSeconds(1)) < 0
          || timeout.compareTo(Duration.ofMinutes(2)) > 0) {
        throw new IllegalArgumentException("oidc timeout must be 1 s to 2 minutes");
      }
      return new OidcLogin(this);
    }
  }
}
