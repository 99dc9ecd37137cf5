package dev.mcpgate.cli.internal;

import dev.mcpgate.api.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API of a running server, over HTTP with the JDK's client: the operator's token as a
 * bearer token (never printed, never followed through a redirect), {@code If-Match} and {@code
 * ?dryRun=true} as the API defines them, problems read from {@code application/problem+json}.
 * After a change it reads the change log for the event the server recorded, so that the
 * command prints the same change as on the store. Thread-safe.
 */
public final class ApiBackend implements AdminBackend {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String PROBLEM_PREFIX = "https://mcpgate.dev/problems/";

  private final URI base;
  private final @Nullable Secret token;
  private final HttpClient http;

  private ApiBackend(URI base, @Nullable Secret token, HttpClient http) {
    this.base = base;
    this.token = token;
    this.http = http;
  }

  /**
   * A back end for the admin API mounted at a URL.
   *
   * @param adminUrl the mount point, such as {@code http://127.0.0.1:8081/admin}
   * @param token the operator token or OIDC bearer token, or null to send none
   * @return the back end
   * @throws IllegalArgumentException if the URL is not an http(s) URL without credentials
   */
  public static ApiBackend of(String adminUrl, @Nullable Secret token) {
    return new ApiBackend(base(adminUrl), token, HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build());
  }

  /**
   * The API's base ({@code .../api/v1/}) for a mount point.
   *
   * @param adminUrl the mount point; a trailing {@code /api/v1} is accepted
   * @return the base URI, ending with '/'
   * @throws IllegalArgumentException if it is not an http(s) URL without credentials
   */
  public static URI base(String adminUrl) {
    URI uri;
    try {
      uri = new URI(adminUrl.strip());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("--admin-url is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "--admin-url must be an http(s) URL such as http://127.0.0.1:8081/admin");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("--admin-url must not carry credentials (user@);"
          + " pass the token with --token, MCPGATE_TOKEN or mcpgate login");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("--admin-url must not have a query or fragment");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.endsWith("/api/v1")) {
      path = path.substring(0, path.length() - "/api/v1".length());
    }
    return URI.create(scheme + "://" + uri.getRawAuthority() + path + "/api/v1/");
  }

  /**
   * Whether a token would cross the network in clear: plain http to a host that is not a
   * loopback name or address.
   *
   * @return true when the scheme is http and the host is not loopback
   */
  public boolean cleartextOffHost() {
    String host = base.getHost().toLowerCase(Locale.ROOT);
    boolean loopback = host.equals("localhost") || host.startsWith("127.")
        || host.equals("[::1]") || host.equals("::1");
    return base.getScheme().equals("http") && !loopback;
  }

  @Override
  public String target() {
    return base.resolve("../..").toString().replaceAll("/$", "");
  }

  @Override
  public AdminAnswer send(AdminRequest request) {
    HttpResponse<byte[]> response = exchange(request);
    int status = response.statusCode();
    if (status >= 300) {
      return problem(response);
    }
    JsonNode body = null;
    byte[] bytes = response.body();
    if (bytes.length > 0) {
      try {
        body = JSON.readTree(bytes);
      } catch (JacksonException e) {
        return new AdminAnswer.Problem(502, "bad-answer", "the server at " + target()
            + " did not answer with JSON; is it mcpgate's admin API?", null);
      }
    }
    long revision = response.headers().firstValue("ETag").map(ApiBackend::revision).orElse(0L);
    Optional<String> sequence = response.headers().firstValue("Mcpgate-Change-Sequence");
    JsonNode change = null;
    if (sequence.isPresent()) {
      change = change(Long.parseLong(sequence.get()));
    }
    return new AdminAnswer.Done(body, revision, change);
  }

  private HttpResponse<byte[]> exchange(AdminRequest request) {
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    request.query().forEach((name, value) -> query.add(encode(name) + "=" + encode(value)));
    if (request.dryRun()) {
      query.add("dryRun=true");
    }
    URI uri = base.resolve(request.path().substring(1) + query);
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(120))
        .header("Accept", "application/json, application/problem+json");
    if (token != null) {
      builder.header("Authorization", "Bearer " + token.reveal());
    }
    if (request.ifMatch() != null) {
      builder.header("If-Match", "\"" + request.ifMatch() + "\"");
    }
    HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
    if (request.upload() != null) {
      builder.header("Content-Type", "application/octet-stream");
      body = HttpRequest.BodyPublishers.ofByteArray(request.upload());
    } else if (request.body() != null) {
      builder.header("Content-Type", "application/json");
      body = HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request.body()));
    }
    builder.method(request.method(), body);
    try {
      return http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      String why = e instanceof java.net.ConnectException ? "connection refused"
          : e instanceof java.net.http.HttpTimeoutException ? "timed out"
          : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new UncheckedIOException("cannot reach the admin API at " + target() + ": " + why,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted"));
    }
  }

  /**
   * The change event with a sequence, read from the change log newest first (a page or a few:
   * it was recorded a moment ago).
   */
  private @Nullable JsonNode change(long sequence) {
    String cursor = null;
    for (int page = 0; page < 10; page++) {
      AdminAnswer answer = send(AdminRequest.get("listChanges", "/changes")
          .withQuery(cursor == null ? Map.of("limit", "50") : Map.of("limit", "50",
              "cursor", cursor)));
      if (!(answer instanceof AdminAnswer.Done done) || done.body() == null) {
        return null;
      }
      for (JsonNode change : done.body().path("items")) {
        long at = change.path("sequence").asLong();
        if (at == sequence) {
          return change;
        }
        if (at < sequence) {
          return null;
        }
      }
      JsonNode next = done.body().path("nextCursor");
      if (!next.isString()) {
        return null;
      }
      cursor = next.asString();
    }
    return null;
  }

  private AdminAnswer.Problem problem(HttpResponse<byte[]> response) {
    int status = response.statusCode();
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (type.startsWith("application/problem+json")) {
      try {
        JsonNode problem = JSON.readTree(response.body());
        String problemType = problem.path("type").asString("");
        return new AdminAnswer.Problem(status, problemType.startsWith(PROBLEM_PREFIX)
            ? problemType.substring(PROBLEM_PREFIX.length()) : "http-" + status,
            problem.path("detail").asString(problem.path("title").asString("")),
            problem.path("field").isString() ? problem.path("field").asString() : null);
      } catch (JacksonException e) {
        // answered below
      }
    }
    return new AdminAnswer.Problem(status, "http-" + status, "the server at " + target()
        + " answered HTTP " + status + " without a problem document; is --admin-url the admin"
        + " API's mount point (such as http://127.0.0.1:8081/admin)?", null);
  }

  private static long revision(String etag) {
    String value = etag.strip();
    if (value.startsWith("W/")) {
      value = value.substring(2);
    }
    value = value.replace("\"", "");
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    // The JDK client closes with the process (its close() exists only from Java 21).
  }
}
