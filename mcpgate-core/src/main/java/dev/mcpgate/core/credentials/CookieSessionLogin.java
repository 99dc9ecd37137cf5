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
import dev.mcpgate.api.Secret;
import dev.mcpgate.core.internal.Json;
import dev.mcpgate.core.upstream.Headers;
import dev.mcpgate.core.upstream.UpstreamResponse;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Resolves {@link AuthKind#COOKIE} bindings to a session cookie obtained by posting a user name
 * and password to a login endpoint, cached until shortly before the session expires.
 *
 * <p>A binding's settings say where and how to log in:
 *
 * <ul>
 *   <li>{@value #LOGIN_URL} (required): the login endpoint, {@code http} or {@code https};
 *   <li>{@value #LOGIN_FORMAT} (optional): {@code form} (the default, {@code
 *       application/x-www-form-urlencoded}) or {@code json} (an object of two strings);
 *   <li>{@value #USERNAME_FIELD} and {@value #PASSWORD_FIELD} (optional): the field names, by
 *       default {@code username} and {@code password};
 *   <li>{@value #COOKIES} (optional): comma-separated names of the cookies to keep; by default
 *       every cookie the login sets is kept;
 *   <li>{@value #SESSION_TTL} (optional): how long a session lasts, as an ISO-8601 duration such as
 *       {@code PT30M}; by default the earliest {@code Max-Age} or {@code Expires} of the kept
 *       cookies, else 15 minutes.
 * </ul>
 *
 * <p>The binding's own secret reference names the login: this resolver hands the binding to
 * another resolver (usually {@link SecretStores}), which must resolve it to a secret with parts
 * {@value #USERNAME} and {@value #PASSWORD}. Profile references work as everywhere else: a sandbox
 * caller logs in as the sandbox user.
 *
 * <p>The login is a {@code POST}; a 2xx or 3xx answer (many login endpoints redirect to a landing
 * page; the redirect is not followed) whose {@code Set-Cookie} headers set at least one kept
 * cookie opens a session. The resolved secret's value is a {@code Cookie} header value, {@code
 * name=value; name2=value2}, and carries the session's expiry ({@link Secret#expiresAt()}).
 *
 * <p>Sessions are cached per binding id, caller reference and settings, and reused until {@code
 * expirySkew} (30 seconds by default) before they expire. For one key at most one login is in
 * flight: concurrent callers wait for it and share its outcome, the session or the failure (a
 * failure is not cached: the next caller tries again). When the upstream API answers 401, {@link
 * #invalidate(CredentialBinding, CallerContext, Secret)} drops the session so the next resolve logs
 * in again.
 *
 * <p>Failures are {@link CredentialStatus#ERROR}; their reasons name the binding, the endpoint
 * without its query and the HTTP status at most — never the response body, a password, a cookie
 * value or an address the endpoint's host resolved to.
 *
 * <p>The login endpoint must pass the builder's {@linkplain Builder#targets target policy} (host
 * allowlist and SSRF guard, with the host resolved once and only the checked addresses connected
 * to): the login is sent like an upstream call, and never to a host the policy refuses.
 *
 * <p>Instances are thread-safe. Waiting for the login endpoint blocks the calling thread.
 */
public final class CookieSessionLogin implements CredentialBindingResolver {

  /** Setting: the login endpoint URL. */
  public static final String LOGIN_URL = "loginUrl";

  /** Setting: {@code form} (default) or {@code json}. */
  public static final String LOGIN_FORMAT = "loginFormat";

  /** Setting: the name of the user name field; default {@code username}. */
  public static final String USERNAME_FIELD = "usernameField";

  /** Setting: the name of the password field; default {@code password}. */
  public static final String PASSWORD_FIELD = "passwordField";

  /** Setting: comma-separated names of the cookies to keep; default all. */
  public static final String COOKIES = "cookies";

  /** Setting: the session's lifetime as an ISO-8601 duration, such as {@code PT30M}. */
  public static final String SESSION_TTL = "sessionTtl";

  /** Secret part holding the user name. */
  public static final String USERNAME = "username";

  /** Secret part holding the password. */
  public static final String PASSWORD = "password";

  private static final Duration DEFAULT_TTL = Duration.ofMinutes(15);
  // RFC 6265 4.1.1: a cookie name is an RFC 2616 token.
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1f\\x7f]");

  private final CredentialBindingResolver loginCredentials;
  private final GuardedEndpoint http;
  private final Clock clock;
  private final RenewableSecretCache sessions;

  private CookieSessionLogin(Builder builder) {
    this.loginCredentials = builder.loginCredentials;
    this.clock = builder.clock();
    this.sessions = builder.cache(this::login);
    this.http = builder.endpointClient();
  }

  /**
   * A new builder.
   *
   * @param loginCredentials resolves a binding's reference to a secret with parts {@value
   *     #USERNAME} and {@value #PASSWORD}, usually {@link SecretStores}
   * @return the builder
   */
  public static Builder builder(CredentialBindingResolver loginCredentials) {
    return new Builder(Objects.requireNonNull(loginCredentials, "loginCredentials"));
  }

  @Override
  public CredentialResolution resolve(CredentialBinding binding, CallerContext caller) {
    if (binding.kind() != AuthKind.COOKIE) {
      return error(
          binding,
          "the cookie session resolver serves kind cookie, not " + binding.kind().wireName());
    }
    try {
      return sessions.resolve(binding, caller);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return error(binding, "interrupted while waiting for a login");
    }
  }

  /**
   * Forgets the cached session of a binding for a caller only if it is still the session the
   * upstream API rejected. When many calls get a 401 for the same session at once, the first
   * invalidates it and the rest keep the new session the first one opened.
   *
   * @param binding the binding
   * @param caller the caller whose reference the session was opened for
   * @param rejected the session the upstream API answered 401 to
   */
  @Override
  public void invalidate(CredentialBinding binding, CallerContext caller, Secret rejected) {
    sessions.invalidate(binding, caller, rejected);
  }

  private CredentialResolution login(CredentialBinding binding, CallerContext caller) {
    Map<String, String> settings = binding.settings();
    URI endpoint = endpoint(settings, LOGIN_URL);
    if (endpoint == null) {
      return error(binding, String.valueOf(endpointProblem(settings, LOGIN_URL)));
    }
    String format = settings.getOrDefault(LOGIN_FORMAT, "form");
    if (!format.equals("form") && !format.equals("json")) {
      return error(binding, "setting " + LOGIN_FORMAT + " must be form or json");
    }
    String usernameField = settings.getOrDefault(USERNAME_FIELD, USERNAME);
    String passwordField = settings.getOrDefault(PASSWORD_FIELD, PASSWORD);
    if (usernameField.isBlank() || passwordField.isBlank()) {
      return error(
          binding, "settings " + USERNAME_FIELD + " and " + PASSWORD_FIELD + " must not be blank");
    }
    Set<String> kept = new LinkedHashSet<>();
    String cookies = settings.get(COOKIES);
    if (cookies != null) {
      for (String name : cookies.split(",")) {
        if (!name.isBlank()) {
          kept.add(name.strip());
        }
      }
      if (kept.isEmpty()) {
        return error(binding, "setting " + COOKIES + " names no cookie");
      }
    }
    @Nullable Duration ttl = null;
    String sessionTtl = settings.get(SESSION_TTL);
    if (sessionTtl != null) {
      try {
        ttl = Duration.parse(sessionTtl);
      } catch (DateTimeParseException e) {
        ttl = Duration.ZERO;
      }
      if (ttl.isNegative() || ttl.isZero()) {
        return error(
            binding,
            "setting " + SESSION_TTL + " must be a positive ISO-8601 duration such as PT30M");
      }
    }
    CredentialResolution login =
        storedCredentials(loginCredentials, binding, caller, "login", USERNAME, PASSWORD);
    if (!(login instanceof CredentialResolution.Resolved stored)) {
      return login;
    }
    Secret secret = stored.secret();
    String body;
    String contentType;
    if (format.equals("json")) {
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put(usernameField, secret.reveal(USERNAME));
      fields.put(passwordField, secret.reveal(PASSWORD));
      body = Json.MAPPER.writeValueAsString(fields);
      contentType = "application/json";
    } else {
      body =
          encode(usernameField)
              + "="
              + encode(secret.reveal(USERNAME))
              + "&"
              + encode(passwordField)
              + "="
              + encode(secret.reveal(PASSWORD));
      contentType = "application/x-www-form-urlencoded";
    }
    String where = "login endpoint " + shown(endpoint);
    Instant sent = clock.instant();
    // The body is never read: only the status and the cookies matter, and it could echo the
    // password.
    GuardedEndpoint.Outcome outcome = http.post(endpoint, where, Headers.empty(), contentType, body, 0);
    if (outcome instanceof GuardedEndpoint.Failed failed) {
      return error(binding, failed.reason());
    }
    UpstreamResponse response = ((GuardedEndpoint.Answered) outcome).response();
    int status = response.status();
    if (status < 200 || status >= 400) {
      return error(binding, where + " answered HTTP " + status);
    }
    return session(
        binding, where, status, response.headers("Set-Cookie"), kept, ttl, sent);
  }

  private CredentialResolution session(
      CredentialBinding binding,
      String where,
      int status,
      Iterable<String> setCookies,
      Set<String> kept,
      @Nullable Duration ttl,
      Instant sent) {
    Map<String, String> values = new LinkedHashMap<>();
    @Nullable Instant earliest = null;
    for (String header : setCookies) {
      SetCookie cookie = SetCookie.parse(header, sent);
      if (cookie == null || !(kept.isEmpty() || kept.contains(cookie.name()))) {
        continue;
      }
      Instant expiresAt = cookie.expiresAt();
      if (expiresAt != null && !expiresAt.isAfter(sent)) {
        // An expiry in the past deletes a cookie (a logout of an older session): not a session.
        values.remove(cookie.name());
        continue;
      }
      values.put(cookie.name(), cookie.value());
      if (expiresAt != null && (earliest == null || expiresAt.isBefore(earliest))) {
        earliest = expiresAt;
      }
    }
    if (values.isEmpty()) {
      return error(binding, where + " answered HTTP " + status + " without a session cookie");
    }
    StringBuilder header = new StringBuilder();
    values.forEach(
        (name, value) ->
            header.append(header.length() == 0 ? "" : "; ").append(name).append('=').append(value));
    Instant expiresAt;
    if (ttl != null) {
      expiresAt = sent.plus(ttl);
    } else {
      expiresAt = earliest != null ? earliest : sent.plus(DEFAULT_TTL);
    }
    return CredentialResolution.resolved(Secret.of(header.toString()).expiringAt(expiresAt));
  }

  /** Names the resolver and how many sessions it caches, never a cookie. */
  @Override
  public String toString() {
    return "CookieSessionLogin[" + sessions.size() + " keys]";
  }

  /**
   * One {@code Set-Cookie} header (RFC 6265 5.2): the name, the value as sent, and when it
   * expires, if it says.
   */
  private record SetCookie(String name, String value, @Nullable Instant expiresAt) {

    /** The cookie, or null when the header is malformed; never an exception quoting it. */
    static @Nullable SetCookie parse(String header, Instant received) {
      String[] parts = header.split(";");
      int eq = parts[0].indexOf('=');
      if (eq <= 0) {
        return null;
      }
      String name = parts[0].substring(0, eq).strip();
      String value = parts[0].substring(eq + 1).strip();
      if (!TOKEN.matcher(name).matches() || CONTROL.matcher(value).find()) {
        return null;
      }
      Instant maxAge = null;
      Instant expires = null;
      for (int i = 1; i < parts.length; i++) {
        String attribute = parts[i].strip();
        int at = attribute.indexOf('=');
        String key = (at < 0 ? attribute : attribute.substring(0, at)).strip();
        String argument = at < 0 ? "" : attribute.substring(at + 1).strip();
        if (key.equalsIgnoreCase("Max-Age") && argument.matches("-?[0-9]{1,12}")) {
          maxAge = received.plusSeconds(Long.parseLong(argument));
        } else if (key.equalsIgnoreCase("Expires")) {
          expires = httpDate(argument);
        }
      }
      // RFC 6265 5.3 step 3: Max-Age wins over Expires.
      return new SetCookie(name, value, maxAge != null ? maxAge : expires);
    }

    private static @Nullable Instant httpDate(String text) {
      try {
        return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      } catch (DateTimeParseException e) {
        // Other date forms are rare; without an expiry the session lasts the default.
        return null;
      }
    }
  }

  /** Builds {@link CookieSessionLogin}. Not thread-safe. */
  public static final class Builder extends CredentialExchange.Builder<Builder> {
    private final CredentialBindingResolver loginCredentials;

    private Builder(CredentialBindingResolver loginCredentials) {
      this.loginCredentials = loginCredentials;
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
    public CookieSessionLogin build() {
      return new CookieSessionLogin(this);
    }
  }
}
