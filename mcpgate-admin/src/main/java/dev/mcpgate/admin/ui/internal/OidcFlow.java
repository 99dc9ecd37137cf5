package dev.mcpgate.admin.ui.internal;

import dev.mcpgate.admin.ui.OidcLogin;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.IdentityResolver;
import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.api.InboundRequest;
import dev.mcpgate.control.Actor;
import dev.mcpgate.control.Role;
import dev.mcpgate.control.Surface;
import dev.mcpgate.core.identity.JwtIdentityResolver;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The authorization code flow with PKCE against the operators' OpenID Connect provider. {@link
 * #start} remembers a login (state, nonce, code verifier, redirect URI, the browser binding) for
 * ten minutes and answers the authorization URL; {@link #finish} spends it once, exchanges the
 * code, checks the ID token (core's {@link JwtIdentityResolver} with the provider's JWKS: issuer,
 * audience = client id, signature, expiry; then the nonce) and the access token (the operator
 * audience's resolver), and maps the role. Every failure is a {@link Refused} saying why.
 */
final class OidcFlow {

  /** How a login starts. */
  sealed interface Start {}

  /** How a login ends. */
  sealed interface Outcome {}

  record LoggedIn(Actor actor) implements Outcome {}

  record Refused(String reason) implements Outcome, Start {}

  /** Where to send the browser, and the value of its binding cookie. */
  record Started(URI authorization, String binding) implements Start {}

  private record Pending(String verifier, String nonce, String redirectUri, String binding,
      Instant expires) {}

  private record Provider(URI authorization, URI token, IdentityResolver idTokens) {}

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);
  private static final int MAX_PENDING = 10_000;
  private static final String SUBJECT = "[A-Za-z0-9_.:@-]{1,120}";

  private final OidcLogin login;
  private final Clock clock;
  private final HttpClient http;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private volatile @Nullable Provider provider;

  OidcFlow(OidcLogin login, Clock clock) {
    this.login = login;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(login.timeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** A new login: the provider's authorization URL, or why the provider cannot be reached. */
  Start start(String redirectUri) {
    Provider found;
    try {
      found = provider();
    } catch (ProviderFailure e) {
      return new Refused(e.getMessage());
    }
    Instant now = clock.instant();
    pending.values().removeIf(p -> now.isAfter(p.expires()));
    if (pending.size() >= MAX_PENDING) {
      return new Refused("too many logins are in progress: try again in a few minutes");
    }
    String state = Sessions.token();
    String nonce = Sessions.token();
    String verifier = Sessions.token() + Sessions.token();
    String binding = Sessions.token();
    pending.put(Sessions.hash(state), new Pending(verifier, nonce, redirectUri,
        Sessions.hash(binding), now.plus(PENDING_LIFETIME)));
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", login.clientId());
    query.put("redirect_uri", redirectUri);
    query.put("scope", String.join(" ", scopes()));
    query.put("state", state);
    query.put("nonce", nonce);
    query.put("code_challenge", challenge(verifier));
    query.put("code_challenge_method", "S256");
    URI authorization = found.authorization();
    String separator = authorization.getRawQuery() == null ? "?" : "&";
    return new Started(URI.create(authorization + separator + form(query)), binding);
  }

  /** Finishes a login from the callback's parameters and the browser's binding cookie. */
  Outcome finish(@Nullable String state, @Nullable String code, @Nullable String error,
      @Nullable String errorDescription, @Nullable String binding) {
    if (state == null || state.isEmpty()) {
      return new Refused("the provider's answer carries no state: start again from the login "
          + "page");
    }
    Pending started = pending.remove(Sessions.hash(state));
    if (started == null) {
      return new Refused("this login's state is unknown, already used or expired (a replayed "
          + "or forged answer): start again from the login page");
    }
    if (clock.instant().isAfter(started.expires())) {
      return new Refused("this login took longer than 10 minutes: start again from the login "
          + "page");
    }
    if (binding == null || !MessageDigest.isEqual(Sessions.hash(binding).getBytes(
        StandardCharsets.UTF_8), started.binding().getBytes(StandardCharsets.UTF_8))) {
      return new Refused("this login was started in another browser: start again from the "
          + "login page");
    }
    if (error != null) {
      return new Refused("the identity provider refused the login (" + clip(error) + ")"
          + (errorDescription == null ? "" : ": " + clip(errorDescription)));
    }
    if (code == null || code.isEmpty()) {
      return new Refused("the provider's answer carries no authorization code");
    }
    try {
      Provider found = provider();
      JsonNode tokens = exchange(found, code, started);
      String idToken = text(tokens, "id_token");
      String accessToken = text(tokens, "access_token");
      if (idToken.isEmpty() || accessToken.isEmpty()) {
        return new Refused("the identity provider answered without an ID token and an access "
            + "token");
      }
      IdentityResult id = found.idTokens().resolve(bearer(idToken));
      if (!(id instanceof IdentityResult.Authenticated idCaller)) {
        return new Refused("the ID token is not valid for this client: " + reason(id));
      }
      String nonce = idCaller.caller().attributes().get("nonce");
      if (nonce == null || !MessageDigest.isEqual(nonce.getBytes(StandardCharsets.UTF_8),
          started.nonce().getBytes(StandardCharsets.UTF_8))) {
        return new Refused("the ID token's nonce is not this login's (a replayed token)");
      }
      IdentityResult access = login.accessTokens().resolve(bearer(accessToken));
      if (!(access instanceof IdentityResult.Authenticated accessCaller)) {
        return new Refused("the access token is not valid for the operator audience: "
            + reason(access));
      }
      CallerContext caller = accessCaller.caller();
      String subject = caller.subject();
      if (subject == null || !subject.matches(SUBJECT)) {
        return new Refused("the access token's subject is missing or not usable as an "
            + "operator name");
      }
      if (!subject.equals(idCaller.caller().subject())) {
        return new Refused("the ID token and the access token name different subjects");
      }
      Optional<Role> role = login.roles().apply(caller);
      if (role.isEmpty()) {
        return new Refused("your identity provider grants " + subject + " no operator role "
            + "(a scope such as mcpgate:viewer)");
      }
      return new LoggedIn(new Actor("oidc:" + subject, role.get(), Surface.UI));
    } catch (ProviderFailure e) {
      return new Refused(e.getMessage());
    }
  }

  private List<String> scopes() {
    List<String> scopes = new java.util.ArrayList<>(List.of("openid"));
    login.scopes().stream().filter(s -> !s.equals("openid")).forEach(scopes::add);
    return scopes;
  }

  private JsonNode exchange(Provider found, String code, Pending started) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("grant_type", "authorization_code");
    body.put("code", code);
    body.put("redirect_uri", started.redirectUri());
    body.put("code_verifier", started.verifier());
    body.put("client_id", login.clientId());
    HttpRequest.Builder request = HttpRequest.newBuilder(found.token())
        .timeout(login.timeout())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form(body)));
    login.clientSecret().ifPresent(secret -> request.header("Authorization", "Basic "
        + Base64.getEncoder().encodeToString((encode(login.clientId()) + ":" + encode(secret))
            .getBytes(StandardCharsets.UTF_8))));
    JsonNode answer = call(request.build(), "token endpoint", true);
    if (answer.has("error")) {
      throw new ProviderFailure("the identity provider refused the authorization code ("
          + clip(text(answer, "error")) + ")"
          + (answer.hasNonNull("error_description")
              ? ": " + clip(text(answer, "error_description")) : "")
          + "; a code works once: start again from the login page");
    }
    return answer;
  }

  private Provider provider() {
    Provider known = provider;
    if (known != null) {
      return known;
    }
    String issuer = login.issuer().toString().replaceAll("/+$", "");
    JsonNode discovery = call(HttpRequest.newBuilder(URI.create(issuer
        + "/.well-known/openid-configuration")).timeout(login.timeout())
        .header("Accept", "application/json").GET().build(), "discovery document", false);
    if (!issuer.equals(text(discovery, "issuer").replaceAll("/+$", ""))) {
      throw new ProviderFailure("the provider's discovery document names another issuer");
    }
    URI authorization = endpoint(discovery, "authorization_endpoint");
    URI token = endpoint(discovery, "token_endpoint");
    URI jwks = endpoint(discovery, "jwks_uri");
    IdentityResolver idTokens = JwtIdentityResolver.builder()
        .issuer(text(discovery, "issuer"))
        .jwksUrl(jwks)
        .audience(login.clientId())
        .attributeClaim("nonce", "nonce")
        .clock(clock)
        .build();
    Provider found = new Provider(authorization, token, idTokens);
    provider = found;
    return found;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isString() ? value.stringValue() : "";
  }

  private static URI endpoint(JsonNode discovery, String field) {
    String value = text(discovery, field);
    try {
      URI uri = URI.create(value);
      if (uri.isAbsolute() && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // Answered below.
    }
    throw new ProviderFailure("the provider's discovery document has no usable " + field);
  }

  private JsonNode call(HttpRequest request, String what, boolean errorsAreJson) {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ProviderFailure("the identity provider's " + what + " cannot be reached: "
          + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderFailure("interrupted while calling the identity provider");
    }
    boolean ok = response.statusCode() / 100 == 2;
    if (!ok && !(errorsAreJson && response.statusCode() / 100 == 4)) {
      throw new ProviderFailure("the identity provider's " + what + " answered HTTP "
          + response.statusCode());
    }
    try {
      JsonNode node = JSON.readTree(response.body());
      if (node == null || !node.isObject()) {
        throw new ProviderFailure("the identity provider's " + what + " is not a JSON object");
      }
      if (!ok && !node.has("error")) {
        throw new ProviderFailure("the identity provider's " + what + " answered HTTP "
            + response.statusCode());
      }
      return node;
    } catch (JacksonException e) {
      throw new ProviderFailure("the identity provider's " + what + " is not JSON");
    }
  }

  private static InboundRequest bearer(String token) {
    return new InboundRequest() {
      @Override
      public String method() {
        return "GET";
      }

      @Override
      public String path() {
        return "/";
      }

      @Override
      public @Nullable String header(String name) {
        return name.equalsIgnoreCase("Authorization") ? "Bearer " + token : null;
      }

      @Override
      public List<String> headers(String name) {
        String value = header(name);
        return value == null ? List.of() : List.of(value);
      }
    };
  }

  private static String reason(IdentityResult result) {
    return result instanceof IdentityResult.Rejected rejected ? rejected.description()
        : "no token";
  }

  static String challenge(String verifier) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest
          .getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** A provider's text shown on a page: short, and one line. */
  private static String clip(String text) {
    String line = text.replaceAll("[\\p{Cntrl}]", " ").strip();
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  /** The provider failed or refused; the message says so for the operator. */
  private static final class ProviderFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ProviderFailure(String message) {
      super(message, null, false, false);
    }
  }
}
