package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.core.upstream.Headers;
import dev.mcpgate.core.upstream.UpstreamRequest;
import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Adds an upstream credential to a built request, one strategy per auth method. The request
 * arrives without credentials (the caller's own were never copied into it). On a call's path the
 * injectors (with {@link MutualTls} for a client certificate) are what calls {@link
 * Secret#reveal()} to put a secret on the wire; {@link SecretMaterial} reveals the values only to
 * redact them from the answer, and the credential exchanges of {@code
 * dev.mcpgate.core.credentials} to send their own client secrets or passwords.
 *
 * <p>Strategies here: API key (header, query or cookie; binding settings {@code in} and {@code
 * name}), bearer and OAuth2 ({@code Authorization: Bearer}), basic (a secret with parts {@code
 * username} and {@code password}), cookie (the secret is a {@code Cookie} header value such as
 * {@code sid=abc; csrf=def}, joined to any cookie the request carries), HMAC request signing
 * ({@link HmacSigner}), AWS Signature V4 ({@link AwsSigV4Signer}). A method without a strategy
 * fails with a clear message.
 */
@FunctionalInterface
public interface AuthInjector {

  /**
   * Adds the credential.
   *
   * @param request the request, without credentials
   * @param binding the binding, for its settings
   * @param secret the resolved secret
   * @return the request with the credential added
   * @throws IllegalArgumentException if the binding's settings or the secret do not fit the
   *     method; the message never contains the secret
   */
  UpstreamRequest inject(UpstreamRequest request, CredentialBinding binding, Secret secret);

  /**
   * The strategy for a binding's auth kind.
   *
   * @param kind the binding's kind
   * @return the strategy
   * @throws IllegalArgumentException if mcpgate has no strategy for the kind
   */
  static AuthInjector forKind(AuthKind kind) {
    return forKind(kind, java.time.Clock.systemUTC());
  }

  /**
   * The strategy for a binding's auth kind, signing with a clock.
   *
   * @param kind the binding's kind
   * @param clock the time that signatures (HMAC, SigV4) carry
   * @return the strategy
   * @throws IllegalArgumentException if mcpgate has no strategy for the kind
   */
  static AuthInjector forKind(AuthKind kind, java.time.Clock clock) {
    return switch (kind) {
      case API_KEY -> AuthInjector::apiKey;
      case BEARER, OAUTH2 -> AuthInjector::bearer;
      case BASIC -> AuthInjector::basic;
      case COOKIE -> (request, binding, secret) ->
          withCookie(request, headerSafe(secret.reveal(), binding));
      case HMAC -> new HmacSigner(clock, () -> java.util.UUID.randomUUID().toString());
      case AWS_SIG_V4 -> new AwsSigV4Signer(clock);
      default -> throw new IllegalArgumentException(
          "no credential injection strategy for auth kind '" + kind.wireName() + "'");
    };
  }

  private static UpstreamRequest apiKey(
      UpstreamRequest request, CredentialBinding binding, Secret secret) {
    String name = binding.settings().get("name");
    String in = binding.settings().getOrDefault("in", "header").toLowerCase(Locale.ROOT);
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(
          "binding " + binding.id() + ": an API key binding needs the setting 'name'");
    }
    String value = secret.reveal();
    return switch (in) {
      case "header" -> withHeader(request, name, headerSafe(value, binding));
      case "cookie" -> withCookie(request, name + "=" + RequestBuilder.encode(value));
      case "query" -> withQuery(request, RequestBuilder.encode(name), RequestBuilder.encode(value));
      default -> throw new IllegalArgumentException("binding " + binding.id()
          + ": 'in' must be header, query or cookie");
    };
  }

  private static UpstreamRequest bearer(
      UpstreamRequest request, CredentialBinding binding, Secret secret) {
    return withHeader(request, "Authorization", "Bearer " + headerSafe(secret.reveal(), binding));
  }

  private static UpstreamRequest basic(
      UpstreamRequest request, CredentialBinding binding, Secret secret) {
    String username = secret.reveal("username");
    String password = secret.reveal("password");
    if (username.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "binding " + binding.id() + ": a basic-auth user name cannot contain ':'");
    }
    return withHeader(request, "Authorization", "Basic " + basicToken(username, password));
  }

  private static String basicToken(String username, String password) {
    return Base64.getEncoder()
        .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String headerSafe(String value, CredentialBinding binding) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        throw new IllegalArgumentException(
            "binding " + binding.id() + ": the secret contains a control character");
      }
    }
    return value;
  }

  /** Sets a header, replacing any header of that name the request had. */
  private static UpstreamRequest withHeader(UpstreamRequest request, String name, String value) {
    Headers headers = request.headers().with(name, value);
    return new UpstreamRequest(
        request.method(), request.uri(), headers, request.body(), request.contentType());
  }

  /**
   * Adds cookies ({@code name=value; name2=value2}) to the request's {@code Cookie} header. A
   * cookie of the same name the request already carries (bound from an argument) is dropped, so
   * the upstream cannot read the caller's value in place of the credential.
   */
  private static UpstreamRequest withCookie(UpstreamRequest request, String cookies) {
    Set<String> names = new LinkedHashSet<>();
    for (String pair : cookies.split(";")) {
      names.add(nameOf(pair, '='));
    }
    List<String> kept = new ArrayList<>();
    for (String header : request.headers().values("Cookie")) {
      for (String pair : header.split(";")) {
        if (!pair.isBlank() && !names.contains(nameOf(pair, '='))) {
          kept.add(pair.strip());
        }
      }
    }
    kept.add(cookies);
    return withHeader(request, "Cookie", String.join("; ", kept));
  }

  private static String nameOf(String pair, char separator) {
    int at = pair.indexOf(separator);
    return (at < 0 ? pair : pair.substring(0, at)).strip();
  }

  /**
   * Adds {@code name=value} to the query. A parameter of the same name the query already has
   * (bound from an argument) is dropped, so the upstream cannot read the caller's value first.
   */
  private static UpstreamRequest withQuery(UpstreamRequest request, String name, String value) {
    URI uri = request.uri();
    StringBuilder query = new StringBuilder();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        if (!pair.isEmpty() && !nameOf(pair, '=').equals(name)) {
          query.append(pair).append('&');
        }
      }
    }
    query.append(name).append('=').append(value);
    try {
      URI next = new URI(uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath() + "?"
          + query);
      return new UpstreamRequest(
          request.method(), next, request.headers(), request.body(), request.contentType());
    } catch (URISyntaxException e) {
      // Never e.getMessage(): it would quote the URL with the key in it.
      throw new IllegalArgumentException("the API key does not fit in a URL query");
    }
  }
}
