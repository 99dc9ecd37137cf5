package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.core.upstream.Headers;
import dev.mcpgate.core.upstream.UpstreamRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.ParameterBinding;
import dev.mcpgate.api.Secret;
import dev.mcpgate.core.internal.Json;
import dev.mcpgate.testkit.FakeUpstream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Each strategy against a real loopback server that records exactly what arrived. */
class AuthInjectorTest {

  private static final String CANARY = "canary-secret-5d1e";

  private FakeUpstream server;
  private final AtomicReference<Arrived> arrived = new AtomicReference<>();

  record Arrived(String query, Map<String, List<String>> headers) {}

  @BeforeEach
  void startServer() {
    server = FakeUpstream.start().otherwise(received -> {
      arrived.set(new Arrived(received.query(), received.headers()));
      return FakeUpstream.Answer.status(204);
    });
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private UpstreamRequest request(String json) {
    HttpOperation op = new HttpOperation("GET",
        "http://127.0.0.1:" + server.port(), "/things", List.of(
            new ParameterBinding("q", ParameterBinding.Location.QUERY, "q", null, null, false),
            new ParameterBinding("pref", ParameterBinding.Location.COOKIE, "pref", null, null,
                false)),
        null);
    return RequestBuilder.build(op, (ObjectNode) Json.MAPPER.readTree(json));
  }

  private Arrived send(UpstreamRequest request) throws Exception {
    HttpRequest.Builder http = HttpRequest.newBuilder(request.uri())
        .method(request.method(), HttpRequest.BodyPublishers.noBody());
    request.headers().forEach(header -> http.header(header.getKey(), header.getValue()));
    HttpResponse<Void> response = HttpClient.newHttpClient()
        .send(http.build(), HttpResponse.BodyHandlers.discarding());
    assertThat(response.statusCode()).isEqualTo(204);
    return arrived.get();
  }

  private static String header(Arrived arrived, String name) {
    List<String> values = arrived.headers().get(name);
    assertThat(values).as(name).hasSize(1);
    return values.get(0);
  }

  private static CredentialBinding apiKey(String in, String name) {
    return new CredentialBinding("k", AuthKind.API_KEY, "memory:k", Map.of(),
        Map.of("in", in, "name", name));
  }

  @Test
  void anApiKeyInAHeaderArrivesInThatHeader() throws Exception {
    UpstreamRequest request = AuthInjector.forKind(AuthKind.API_KEY)
        .inject(request("{}"), apiKey("header", "X-Api-Key"), Secret.of(CANARY));

    assertThat(header(send(request), "X-api-key")).isEqualTo(CANARY);
  }

  @Test
  void anApiKeyInTheQueryIsAddedBesideTheArguments() throws Exception {
    UpstreamRequest request = AuthInjector.forKind(AuthKind.API_KEY)
        .inject(request("{\"q\":\"shoes\"}"), apiKey("query", "api_key"), Secret.of("k&v=1"));

    assertThat(send(request).query()).isEqualTo("q=shoes&api_key=k%26v%3D1");
    assertThat(request.toString()).doesNotContain("api_key");
  }

  @Test
  void anApiKeyInACookieJoinsTheArgumentsCookies() throws Exception {
    UpstreamRequest request = AuthInjector.forKind(AuthKind.API_KEY)
        .inject(request("{\"pref\":\"dark\"}"), apiKey("cookie", "sid"), Secret.of(CANARY));

    assertThat(header(send(request), "Cookie")).isEqualTo("pref=dark; sid=" + CANARY);
  }

  @Test
  void anApiKeyInTheQueryReplacesAQueryParameterOfTheSameNameFromTheArguments() throws Exception {
    UpstreamRequest request = AuthInjector.forKind(AuthKind.API_KEY)
        .inject(request("{\"q\":\"shoes\"}"), apiKey("query", "q"), Secret.of(CANARY));

    assertThat(send(request).query()).isEqualTo("q=" + CANARY);
  }

  @Test
  void anApiKeyInACookieReplacesACookieOfTheSameNameFromTheArguments() throws Exception {
    UpstreamRequest request = AuthInjector.forKind(AuthKind.API_KEY)
        .inject(request("{\"pref\":\"caller-key\"}"), apiKey("cookie", "pref"),
            Secret.of(CANARY));

    assertThat(header(send(request), "Cookie")).isEqualTo("pref=" + CANARY);
  }

  @Test
  void aSessionCookieReplacesCookiesOfTheSameNamesFromTheArguments() throws Exception {
    UpstreamRequest request = AuthInjector.forKind(AuthKind.COOKIE).inject(
        request("{\"pref\":\"caller-session\"}"),
        CredentialBinding.of("c", AuthKind.COOKIE, "memory:c"),
        Secret.of("pref=" + CANARY + "; csrf=x1"));

    assertThat(header(send(request), "Cookie")).isEqualTo("pref=" + CANARY + "; csrf=x1");
  }

  @Test
  void aBearerTokenReplacesAnyAuthorizationHeader() throws Exception {
    UpstreamRequest withCallerHeader = new UpstreamRequest("GET", request("{}").uri(),
        Headers.of("authorization", "Bearer caller-token"), null, null);

    UpstreamRequest request = AuthInjector.forKind(AuthKind.BEARER).inject(withCallerHeader,
        CredentialBinding.of("b", AuthKind.BEARER, "memory:b"), Secret.of(CANARY));

    assertThat(header(send(request), "Authorization")).isEqualTo("Bearer " + CANARY);
  }

  @Test
  void anOAuth2AccessTokenIsSentAsABearerToken() throws Exception {
    UpstreamRequest withCallerHeader = new UpstreamRequest("GET", request("{}").uri(),
        Headers.of("Authorization", "Bearer caller-token"), null, null);

    UpstreamRequest request = AuthInjector.forKind(AuthKind.OAUTH2).inject(withCallerHeader,
        CredentialBinding.of("o", AuthKind.OAUTH2, "memory:o"), Secret.of(CANARY));

    assertThat(header(send(request), "Authorization")).isEqualTo("Bearer " + CANARY);
  }

  @Test
  void aSessionCookieJoinsTheArgumentsCookies() throws Exception {
    UpstreamRequest request = AuthInjector.forKind(AuthKind.COOKIE).inject(
        request("{\"pref\":\"dark\"}"), CredentialBinding.of("c", AuthKind.COOKIE, "memory:c"),
        Secret.of("sid=" + CANARY + "; csrf=x1"));

    assertThat(header(send(request), "Cookie")).isEqualTo("pref=dark; sid=" + CANARY + "; csrf=x1");
  }

  @Test
  void aSessionCookieAloneIsTheCookieHeader() throws Exception {
    UpstreamRequest request = AuthInjector.forKind(AuthKind.COOKIE).inject(request("{}"),
        CredentialBinding.of("c", AuthKind.COOKIE, "memory:c"), Secret.of("sid=" + CANARY));

    assertThat(header(send(request), "Cookie")).isEqualTo("sid=" + CANARY);
  }

  @Test
  void basicAuthEncodesUserNameAndPassword() throws Exception {
    UpstreamRequest request = AuthInjector.forKind(AuthKind.BASIC).inject(request("{}"),
        CredentialBinding.of("s", AuthKind.BASIC, "memory:s"),
        Secret.ofParts(Map.of("username", "sk_test", "password", CANARY)));

    String value = header(send(request), "Authorization");
    assertThat(value).startsWith("Basic ");
    assertThat(new String(Base64.getDecoder().decode(value.substring(6)), StandardCharsets.UTF_8))
        .isEqualTo("sk_test:" + CANARY);
  }

  @Test
  void failuresNeverShowTheSecret() {
    assertThatThrownBy(() -> AuthInjector.forKind(AuthKind.BEARER).inject(request("{}"),
        CredentialBinding.of("b", AuthKind.BEARER, "memory:b"), Secret.of(CANARY + "\r\nX: y")))
        .hasMessageContaining("control character").hasMessageNotContaining(CANARY);
    assertThatThrownBy(() -> AuthInjector.forKind(AuthKind.COOKIE).inject(request("{}"),
        CredentialBinding.of("c", AuthKind.COOKIE, "memory:c"), Secret.of("sid=" + CANARY + "\n")))
        .hasMessageContaining("control character").hasMessageNotContaining(CANARY);
    assertThatThrownBy(() -> AuthInjector.forKind(AuthKind.OAUTH2).inject(request("{}"),
        CredentialBinding.of("o", AuthKind.OAUTH2, "memory:o"), Secret.of(CANARY + "\r")))
        .hasMessageContaining("control character").hasMessageNotContaining(CANARY);
    assertThatThrownBy(() -> AuthInjector.forKind(AuthKind.BASIC).inject(request("{}"),
        CredentialBinding.of("s", AuthKind.BASIC, "memory:s"), Secret.of(CANARY)))
        .hasMessageNotContaining(CANARY);
    assertThatThrownBy(() -> AuthInjector.forKind(AuthKind.API_KEY).inject(request("{}"),
        CredentialBinding.of("k", AuthKind.API_KEY, "memory:k"), Secret.of(CANARY)))
        .hasMessageContaining("'name'").hasMessageNotContaining(CANARY);
  }

  @Test
  void aMethodWithoutAStrategyIsAClearError() {
    assertThatThrownBy(() -> AuthInjector.forKind(AuthKind.HAWK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'hawk'");
  }
}
