package dev.mcpgate.core.credentials;

import static dev.mcpgate.core.credentials.CredentialExchange.encode;
import static dev.mcpgate.core.credentials.CredentialExchange.endpoint;
import static dev.mcpgate.core.credentials.CredentialExchange.endpointProblem;
import static dev.mcpgate.core.credentials.CredentialExchange.error;
import static dev.mcpgate.core.credentials.CredentialExchange.shown;
import static dev.mcpgate.core.credentials.CredentialExchange.storedCredentials;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialBindingResolver;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.Secret;
import dev.mcpgate.core.internal.Json;
import dev.mcpgate.core.upstream.Headers;
import dev.mcpgate.core.upstream.UpstreamResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Resolves {@link AuthKind#OAUTH2} bindings to access tokens obtained with the OAuth2 client
 * credentials grant (RFC 6749, section 4.4), cached until shortly before they expire.
 *
 * <p>A binding's settings say where and how to ask:
 *
 * <ul>
 *   <li>{@value #TOKEN_URL} (required): the token endpoint, {@code http} or {@code https};
 *   <li>{@value #SCOPE} and {@value #AUDIENCE} (optional): sent as form fields when present;
 *   <li>{@value #CLIENT_AUTH} (optional): {@code client_secret_basic} (the default: an HTTP Basic
 *       header) or {@code client_secret_post} (form fields {@code client_id} and {@code
 *       client_secret}).
 * </ul>
 *
 * <p>The binding's own secret reference names the client credentials: this resolver hands the
 * binding to another resolver (usually {@link SecretStores}), which must resolve it to a secret
 * with parts {@value #CLIENT_ID} and {@value #CLIENT_SECRET} — for example a {@code file:}
 * directory holding those two files. Profile references therefore work as everywhere else: a
 * sandbox caller gets a token for the sandbox client.
 *
 * <p>Tokens are cached per binding id, caller reference and settings, and reused until {@code
 * expirySkew} (30 seconds by default) before {@code expires_in} runs out; a token without {@code
 * expires_in} is reused until {@link #invalidate(CredentialBinding, CallerContext)}. For one key at
 * most one request to the token endpoint is in flight: concurrent callers wait for it and share its
 * outcome, the token or the failure (a failure is not cached: the next caller tries again). The
 * returned secret carries the token's expiry ({@link Secret#expiresAt()}).
 *
 * <p>Failures are {@link CredentialStatus#ERROR} (a token already expired on arrival is {@link
 * CredentialStatus#EXPIRED}); their reasons name the binding, the endpoint without its query, the
 * HTTP status and a registered OAuth2 error code at most — never the response body, which could
 * echo what was sent, and never a client secret or token, nor an address the endpoint's host
 * resolved to. The endpoint must pass the builder's {@linkplain Builder#targets target policy}
 * (host allowlist and SSRF guard, with the host resolved once and only the checked addresses
 * connected to); redirects are never followed, so client credentials are only ever sent to the
 * configured endpoint.
 *
 * <p>Instances are thread-safe. Waiting for the token endpoint blocks the calling thread.
 */
public final class OAuth2ClientCredentials implements CredentialBindingResolver {

  /** Setting: the token endpoint URL. */
  public static final String TOKEN_URL = "tokenUrl";

  /** Setting: the scope to request, space-separated. */
  public static final String SCOPE = "scope";

  /** Setting: the audience to request (a common extension, such as Auth0's). */
  public static final String AUDIENCE = "audience";

  /** Setting: {@code client_secret_basic} (default) or {@code client_secret_post}. */
  public static final String CLIENT_AUTH = "clientAuth";

  /** Secret part holding the client id. */
  public static final String CLIENT_ID = "clientId";

  /** Secret part holding the client secret. */
  public static final String CLIENT_SECRET = "clientSecret";

  private static final int MAX_RESPONSE_BYTES = 64 * 1024;
  private static final Set<String> OAUTH_ERRORS =
      Set.of(
          "invalid_request",
          "invalid_client",
          "invalid_grant",
          "unauthorized_client",
          "unsupported_grant_type",
          "invalid_scope",
          "invalid_target");

  private final CredentialBindingResolver clientCredentials;
  private final GuardedEndpoint http;
  private final Clock clock;
  private final RenewableSecretCache tokens;

  private OAuth2ClientCredentials(Builder builder) {
    this.clientCredentials = builder.clientCredentials;
    this.clock = builder.clock();
    this.tokens = builder.cache(this::fetch);
    this.http = builder.endpointClient();
  }

  /**
   * A new builder.
   *
   * @param clientCredentials resolves a binding's reference to a secret with parts {@value
   *     #CLIENT_ID} and {@value #CLIENT_SECRET}, usually {@link SecretStores}
   * @return the builder
   */
  public static Builder builder(CredentialBindingResolver clientCredentials) {
    return new Builder(Objects.requireNonNull(clientCredentials, "clientCredentials"));
  }

  @Override
  public CredentialResolution resolve(CredentialBinding binding, CallerContext caller) {
    if (binding.kind() != AuthKind.OAUTH2) {
      return error(
          binding,
          "the OAuth2 client credentials resolver serves kind oauth2, not "
              + binding.kind().wireName());
    }
    try {
      return tokens.resolve(binding, caller);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return error(binding, "interrupted while waiting for an access token");
    }
  }

  /**
   * Forgets the cached token of a binding for a caller, so that the next resolve fetches a new one:
   * what the upstream adapter does once when the upstream API answers 401.
   *
   * @param binding the binding
   * @param caller the caller whose reference the token was fetched for
   */
  public void invalidate(CredentialBinding binding, CallerContext caller) {
    tokens.invalidate(binding, caller);
  }

  /**
   * Forgets the cached token of a binding for a caller only if it is still the token the upstream
   * API rejected. When many calls get a 401 for the same token at once, the first invalidates it
   * and the rest keep the new token the first one fetched.
   *
   * @param binding the binding
   * @param caller the caller whose reference the token was fetched for
   * @param rejected the token the upstream API answered 401 to
   */
  @Override
  public void invalidate(CredentialBinding binding, CallerContext caller, Secret rejected) {
    tokens.invalidate(binding, caller, rejected);
  }

  private CredentialResolution fetch(CredentialBinding binding, CallerContext caller) {
    Map<String, String> settings = binding.settings();
    URI endpoint = endpoint(settings, TOKEN_URL);
    if (endpoint == null) {
      return error(binding, String.valueOf(endpointProblem(settings, TOKEN_URL)));
    }
    String clientAuth = settings.getOrDefault(CLIENT_AUTH, "client_secret_basic");
    boolean basic = clientAuth.equals("client_secret_basic");
    if (!basic && !clientAuth.equals("client_secret_post")) {
      return error(
          binding, "setting " + CLIENT_AUTH + " must be client_secret_basic or client_secret_post");
    }
    CredentialResolution client =
        storedCredentials(clientCredentials, binding, caller, "client", CLIENT_ID, CLIENT_SECRET);
    if (!(client instanceof CredentialResolution.Resolved stored)) {
      return client;
    }
    Secret secret = stored.secret();
    StringBuilder form = new StringBuilder("grant_type=client_credentials");
    addField(form, "scope", settings.get(SCOPE));
    addField(form, "audience", settings.get(AUDIENCE));
    Headers headers = Headers.of("Accept", "application/json");
    if (basic) {
      // RFC 6749 2.3.1: each part form-encoded before joining with a colon.
      String pair = encode(secret.reveal(CLIENT_ID)) + ":" + encode(secret.reveal(CLIENT_SECRET));
      headers = headers.plus("Authorization",
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    } else {
      addField(form, "client_id", secret.reveal(CLIENT_ID));
      addField(form, "client_secret", secret.reveal(CLIENT_SECRET));
    }
    String where = "token endpoint " + shown(endpoint);
    Instant sent = clock.instant();
    GuardedEndpoint.Outcome outcome = http.post(endpoint, where, headers,
        "application/x-www-form-urlencoded", form.toString(), MAX_RESPONSE_BYTES + 1);
    if (outcome instanceof GuardedEndpoint.Failed failed) {
      return error(binding, failed.reason());
    }
    UpstreamResponse response = ((GuardedEndpoint.Answered) outcome).response();
    int status = response.status();
    byte[] body = response.body();
    if (status != 200) {
      return error(binding, where + " answered HTTP " + status + oauthError(body));
    }
    if (response.truncated() || body.length > MAX_RESPONSE_BYTES) {
      return error(binding, where + " answered more than " + MAX_RESPONSE_BYTES + " bytes");
    }
    return token(binding, where, body, sent);
  }

  private CredentialResolution token(
      CredentialBinding binding, String where, byte[] body, Instant sent) {
    JsonNode json;
    try {
      json = Json.MAPPER.readTree(body);
    } catch (JacksonException e) {
      return error(binding, where + " answered something that is not JSON");
    }
    if (json == null || !json.isObject()) {
      return error(binding, where + " answered JSON that is not an object");
    }
    JsonNode accessToken = json.get("access_token");
    if (accessToken == null || !accessToken.isString() || accessToken.stringValue().isEmpty()) {
      return error(binding, where + " answered no access_token");
    }
    JsonNode tokenType = json.get("token_type");
    if (tokenType != null
        && !(tokenType.isString() && tokenType.stringValue().equalsIgnoreCase("bearer"))) {
      return error(binding, where + " answered a token_type other than Bearer");
    }
    Secret token = Secret.of(accessToken.stringValue());
    JsonNode expiresIn = json.get("expires_in");
    if (expiresIn == null || expiresIn.isNull()) {
      return CredentialResolution.resolved(token);
    }
    long seconds;
    if (expiresIn.isIntegralNumber() && expiresIn.canConvertToLong()) {
      seconds = expiresIn.longValue();
    } else if (expiresIn.isString() && expiresIn.stringValue().matches("-?[0-9]{1,12}")) {
      seconds = Long.parseLong(expiresIn.stringValue());
    } else {
      return error(binding, where + " answered an expires_in that is not a whole number");
    }
    if (seconds <= 0) {
      return new CredentialResolution.Unavailable(
          CredentialStatus.EXPIRED,
          "binding " + binding.id() + ": " + where + " answered an already expired token");
    }
    // Counted from when the request was sent, so time spent waiting only shortens the life.
    return CredentialResolution.resolved(token.expiringAt(sent.plusSeconds(seconds)));
  }

  private static String oauthError(byte[] body) {
    // Only a registered error code is repeated: the rest of the body could echo what was sent.
    try {
      JsonNode json = Json.MAPPER.readTree(body);
      JsonNode code = json == null ? null : json.get("error");
      if (code != null && code.isString() && OAUTH_ERRORS.contains(code.stringValue())) {
        return " (" + code.stringValue() + ")";
      }
    } catch (JacksonException e) {
      // not JSON: nothing to add
    }
    return "";
  }

  private static void addField(StringBuilder form, String name, @Nullable String value) {
    if (value != null && !value.isEmpty()) {
      form.append('&').append(name).append('=').append(encode(value));
    }
  }

  /** Names the resolver and how many tokens it caches, never a token. */
  @Override
  public String toString() {
    return "OAuth2ClientCredentials[" + tokens.size() + " keys]";
  }

  /** Builds {@link OAuth2ClientCredentials}. Not thread-safe. */
  public static final class Builder extends CredentialExchange.Builder<Builder> {
    private final CredentialBindingResolver clientCredentials;

    private Builder(CredentialBindingResolver clientCredentials) {
      this.clientCredentials = clientCredentials;
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * Builds the resolver.
     *
     * @return the resolver
     * @throws IllegalArgumentException if the skew is negative or a timeout is not positive
     */
    public OAuth2ClientCredentials build() {
      return new OAuth2ClientCredentials(this);
    }
  }
}
