package dev.mcpgate.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.Secret;
import dev.mcpgate.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OAuth2ClientCredentialsTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final TokenServer server = new TokenServer();
  private final MutableClock clock = new MutableClock(START);
  private final InMemorySecrets memory =
      new InMemorySecrets()
          .put(
              "billing-client",
              Secret.ofParts(
                  Map.of(
                      OAuth2ClientCredentials.CLIENT_ID, "billing app",
                      OAuth2ClientCredentials.CLIENT_SECRET, "p@ss:word+1")))
          .put(
              "sandbox-client",
              Secret.ofParts(
                  Map.of(
                      OAuth2ClientCredentials.CLIENT_ID, "sandbox-app",
                      OAuth2ClientCredentials.CLIENT_SECRET, "sandbox-secret")));
  private final OAuth2ClientCredentials oauth = builder().build();

  @AfterEach
  void stop() {
    server.close();
  }

  private OAuth2ClientCredentials.Builder builder() {
    return OAuth2ClientCredentials.builder(SecretStores.builder().memory(memory).build())
        .targets(ScriptedEndpoint.LOOPBACK)
        .clock(clock);
  }

  private CredentialBinding binding(Map<String, String> extra) {
    Map<String, String> settings =
        new HashMap<>(Map.of(OAuth2ClientCredentials.TOKEN_URL, server.url()));
    settings.putAll(extra);
    return new CredentialBinding(
        "billing",
        AuthKind.OAUTH2,
        "memory:billing-client",
        Map.of("sandbox", "memory:sandbox-client"),
        settings);
  }

  private static Secret secret(CredentialResolution resolution) {
    assertThat(resolution).isInstanceOf(CredentialResolution.Resolved.class);
    return ((CredentialResolution.Resolved) resolution).secret();
  }

  private static String reason(CredentialResolution resolution, CredentialStatus status) {
    assertThat(resolution.status()).isEqualTo(status);
    return ((CredentialResolution.Unavailable) resolution).reason();
  }

  private CredentialResolution resolve(CredentialBinding binding) {
    return oauth.resolve(binding, CallerContext.anonymous());
  }

  @Test
  void fetchesATokenWithBasicClientAuthentication() {
    Secret token =
        secret(
            resolve(
                binding(
                    Map.of(
                        OAuth2ClientCredentials.SCOPE, "invoices:read invoices:write",
                        OAuth2ClientCredentials.AUDIENCE, "https://api.example.com"))));

    assertThat(token.reveal()).isEqualTo("token-1");
    assertThat(token.expiresAt()).isEqualTo(START.plusSeconds(3600));
    TokenServer.Received request = server.last();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.contentType()).isEqualTo("application/x-www-form-urlencoded");
    // RFC 6749 2.3.1: id and secret are form-encoded before the Basic encoding.
    assertThat(request.authorization())
        .isEqualTo(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        "billing+app:p%40ss%3Aword%2B1".getBytes(StandardCharsets.UTF_8)));
    assertThat(request.form())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "grant_type", "client_credentials",
                "scope", "invoices:read invoices:write",
                "audience", "https://api.example.com"));
  }

  @Test
  void clientSecretPostSendsTheClientInTheForm() {
    secret(resolve(binding(Map.of(OAuth2ClientCredentials.CLIENT_AUTH, "client_secret_post"))));

    TokenServer.Received request = server.last();
    assertThat(request.authorization()).isNull();
    assertThat(request.form())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "grant_type", "client_credentials",
                "client_id", "billing app",
                "client_secret", "p@ss:word+1"));
  }

  @Test
  void aTokenIsReusedUntilTheSkewBeforeItsExpiry() {
    CredentialBinding binding = binding(Map.of());
    secret(resolve(binding));
    clock.advance(Duration.ofSeconds(3600 - 31));
    assertThat(secret(resolve(binding)).reveal()).isEqualTo("token-1");
    assertThat(server.requests()).isEqualTo(1);

    server.answer(request -> TokenServer.token("token-2", 3600));
    clock.advance(Duration.ofSeconds(1));
    assertThat(secret(resolve(binding)).reveal()).isEqualTo("token-2");
    assertThat(server.requests()).isEqualTo(2);
  }

  @Test
  void theSkewIsConfigurable() {
    OAuth2ClientCredentials noSkew = builder().expirySkew(Duration.ZERO).build();
    CredentialBinding binding = binding(Map.of());
    noSkew.resolve(binding, CallerContext.anonymous());
    clock.advance(Duration.ofSeconds(3599));
    noSkew.resolve(binding, CallerContext.anonymous());
    assertThat(server.requests()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    noSkew.resolve(binding, CallerContext.anonymous());
    assertThat(server.requests()).isEqualTo(2);
  }

  @Test
  void aTokenWithoutExpiryIsReusedUntilInvalidated() {
    server.answer(request -> TokenServer.json(200, "{\"access_token\":\"forever\"}"));
    CredentialBinding binding = binding(Map.of());
    Secret token = secret(resolve(binding));
    assertThat(token.expiresAt()).isNull();
    clock.advance(Duration.ofDays(365));
    secret(resolve(binding));
    assertThat(server.requests()).isEqualTo(1);
  }

  @Test
  void invalidateMakesTheNextResolveFetchANewToken() {
    CredentialBinding binding = binding(Map.of());
    secret(resolve(binding));
    server.answer(request -> TokenServer.token("token-2", 3600));

    oauth.invalidate(binding, CallerContext.anonymous());

    assertThat(secret(resolve(binding)).reveal()).isEqualTo("token-2");
    assertThat(server.requests()).isEqualTo(2);
    oauth.invalidate(
        binding(Map.of(OAuth2ClientCredentials.SCOPE, "never-fetched")), CallerContext.anonymous());
  }

  @Test
  void eachProfileGetsItsOwnClientAndToken() {
    server.answer(
        request ->
            TokenServer.token(
                request.authorization().equals(basic("sandbox-app", "sandbox-secret"))
                    ? "sandbox-token"
                    : "live-token",
                3600));
    CredentialBinding binding = binding(Map.of());
    CallerContext sandbox = CallerContext.builder().environment("sandbox").build();
    CallerContext production = CallerContext.builder().environment("production").build();

    assertThat(secret(oauth.resolve(binding, sandbox)).reveal()).isEqualTo("sandbox-token");
    assertThat(secret(oauth.resolve(binding, production)).reveal()).isEqualTo("live-token");
    assertThat(secret(oauth.resolve(binding, sandbox)).reveal()).isEqualTo("sandbox-token");
    assertThat(server.requests()).isEqualTo(2);
  }

  @Test
  void concurrentCallersShareOneFetch() throws Exception {
    List<CredentialResolution> results = concurrently(16, binding(Map.of()));
    assertThat(results)
        .hasSize(16)
        .allSatisfy(result -> assertThat(secret(result).reveal()).isEqualTo("token-1"));
    assertThat(server.requests()).isEqualTo(1);
  }

  @Test
  void concurrentCallersShareOneFailedFetch() throws Exception {
    server.answer(request -> TokenServer.json(500, "{}"));
    List<CredentialResolution> results = concurrently(16, binding(Map.of()));
    assertThat(results)
        .hasSize(16)
        .allSatisfy(
            result -> assertThat(reason(result, CredentialStatus.ERROR)).endsWith("HTTP 500"));
    assertThat(server.requests()).isEqualTo(1);

    server.answer(request -> TokenServer.token("token-2", 3600));
    assertThat(secret(resolve(binding(Map.of()))).reveal())
        .as("a later call tries again")
        .isEqualTo("token-2");
  }

  /** Resolves from many threads at once while the token endpoint holds its first answer. */
  private List<CredentialResolution> concurrently(int callers, CredentialBinding binding)
      throws Exception {
    server.holdAnswers();
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    List<Thread> threads = new ArrayList<>();
    CyclicBarrier start = new CyclicBarrier(callers);
    try {
      List<Future<CredentialResolution>> futures = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        futures.add(
            pool.submit(
                () -> {
                  synchronized (threads) {
                    threads.add(Thread.currentThread());
                  }
                  start.await();
                  return resolve(binding);
                }));
      }
      // Release the answer only once every caller is parked: on the lock, or in the one fetch.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!allWaiting(threads, callers)
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      server.release();
      List<CredentialResolution> results = new ArrayList<>();
      for (Future<CredentialResolution> future : futures) {
        results.add(future.get(10, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      server.release();
      pool.shutdownNow();
    }
  }

  @Test
  void invalidatingARejectedTokenKeepsANewerOne() {
    CredentialBinding binding = binding(Map.of());
    Secret first = secret(resolve(binding));
    server.answer(request -> TokenServer.token("token-2", 3600));
    oauth.invalidate(binding, CallerContext.anonymous(), first);
    Secret second = secret(resolve(binding));

    oauth.invalidate(binding, CallerContext.anonymous(), first);

    assertThat(secret(resolve(binding))).isEqualTo(second);
    assertThat(server.requests()).isEqualTo(2);
  }

  /** True once one caller is in the fetch and all others are parked on the key's lock. */
  private boolean allWaiting(List<Thread> threads, int expected) {
    synchronized (threads) {
      return server.requests() > 0
          && threads.size() == expected
          && threads.stream()
                  .filter(
                      thread -> {
                        Object blocker = LockSupport.getBlocker(thread);
                        return blocker != null
                            && blocker.getClass().getName().startsWith(ReentrantLock.class.getName());
                      })
                  .count()
              == expected - 1;
    }
  }


  @Test
  void endpointErrorsNameTheStatusButNotTheBody() {
    CredentialBinding binding = binding(Map.of());
    server.answer(
        request ->
            TokenServer.json(
                401,
                "{\"error\":\"invalid_client\",\"error_description\":\"bad secret p@ss:word+1\"}"));
    assertThat(reason(resolve(binding), CredentialStatus.ERROR))
        .isEqualTo(
            "binding billing: token endpoint "
                + server.url()
                + " answered HTTP 401 (invalid_client)");

    server.answer(request -> TokenServer.json(400, "{\"error\":\"p@ss:word+1\"}"));
    assertThat(reason(resolve(binding), CredentialStatus.ERROR)).endsWith("answered HTTP 400");

    server.answer(request -> new TokenServer.Answer(500, "text/plain", "echo p@ss:word+1"));
    assertThat(reason(resolve(binding), CredentialStatus.ERROR)).endsWith("answered HTTP 500");
    assertThat(server.requests()).as("failures are not cached").isEqualTo(3);
  }

  @Test
  void redirectsAreNotFollowed() {
    server.answer(request -> new TokenServer.Answer(302, "text/plain", ""));
    assertThat(reason(resolve(binding(Map.of())), CredentialStatus.ERROR))
        .endsWith("answered HTTP 302");
  }

  @Test
  void unusableTokenResponsesAreErrors() {
    CredentialBinding binding = binding(Map.of());
    server.answer(request -> new TokenServer.Answer(200, "text/html", "<html>login</html>"));
    assertThat(reason(resolve(binding), CredentialStatus.ERROR))
        .endsWith("answered something that is not JSON");

    server.answer(request -> TokenServer.json(200, "[1]"));
    assertThat(reason(resolve(binding), CredentialStatus.ERROR))
        .endsWith("JSON that is not an object");

    server.answer(request -> TokenServer.json(200, "{\"token_type\":\"Bearer\"}"));
    assertThat(reason(resolve(binding), CredentialStatus.ERROR))
        .endsWith("answered no access_token");

    server.answer(
        request -> TokenServer.json(200, "{\"access_token\":\"t\",\"token_type\":\"mac\"}"));
    assertThat(reason(resolve(binding), CredentialStatus.ERROR))
        .endsWith("token_type other than Bearer");

    server.answer(
        request -> TokenServer.json(200, "{\"access_token\":\"t\",\"expires_in\":\"soon\"}"));
    assertThat(reason(resolve(binding), CredentialStatus.ERROR)).endsWith("not a whole number");
  }

  @Test
  void anOversizedTokenResponseIsAnError() {
    String padding = "x".repeat(70 * 1024);
    server.answer(
        request -> TokenServer.json(200, "{\"access_token\":\"t\",\"pad\":\"" + padding + "\"}"));
    assertThat(reason(resolve(binding(Map.of())), CredentialStatus.ERROR))
        .endsWith("answered more than 65536 bytes");
  }

  @Test
  void anAlreadyExpiredTokenIsExpired() {
    server.answer(request -> TokenServer.token("stale", 0));
    assertThat(reason(resolve(binding(Map.of())), CredentialStatus.EXPIRED))
        .endsWith("answered an already expired token");
  }

  @Test
  void expiresInMayBeAString() {
    server.answer(
        request -> TokenServer.json(200, "{\"access_token\":\"t\",\"expires_in\":\"60\"}"));
    assertThat(secret(resolve(binding(Map.of()))).expiresAt()).isEqualTo(START.plusSeconds(60));
  }

  @Test
  void anUnreachableEndpointIsAnError() {
    String url = server.url();
    server.close();
    assertThat(
            reason(
                resolve(binding(Map.of(OAuth2ClientCredentials.TOKEN_URL, url))),
                CredentialStatus.ERROR))
        .contains("unreachable (");
  }

  @Test
  void aSlowEndpointTimesOut() {
    server.holdAnswers();
    OAuth2ClientCredentials impatient = builder().requestTimeout(Duration.ofMillis(200)).build();
    assertThat(
            reason(
                impatient.resolve(binding(Map.of()), CallerContext.anonymous()),
                CredentialStatus.ERROR))
        .contains("unreachable (HttpTimeoutException)");
  }

  @Test
  void misconfiguredBindingsAreErrorsWithoutARequest() {
    assertThat(
            reason(
                resolve(CredentialBinding.of("b", AuthKind.BEARER, "memory:billing-client")),
                CredentialStatus.ERROR))
        .contains("serves kind oauth2, not bearer");
    assertThat(
            reason(
                resolve(CredentialBinding.of("b", AuthKind.OAUTH2, "memory:billing-client")),
                CredentialStatus.ERROR))
        .contains("setting tokenUrl is required");
    assertThat(
            reason(
                resolve(binding(Map.of(OAuth2ClientCredentials.TOKEN_URL, "ftp://x/token"))),
                CredentialStatus.ERROR))
        .contains("absolute http or https URL");
    assertThat(
            reason(
                resolve(binding(Map.of(OAuth2ClientCredentials.TOKEN_URL, "http://bad url"))),
                CredentialStatus.ERROR))
        .contains("is not a URL");
    assertThat(
            reason(
                resolve(binding(Map.of(OAuth2ClientCredentials.CLIENT_AUTH, "private_key_jwt"))),
                CredentialStatus.ERROR))
        .contains("client_secret_basic or client_secret_post");
    assertThat(server.requests()).isZero();
  }

  @Test
  void clientCredentialsMustResolveWithBothParts() {
    memory.remove("billing-client");
    assertThat(reason(resolve(binding(Map.of())), CredentialStatus.MISSING))
        .startsWith(
            "client credentials unavailable: binding billing: no secret named billing-client");
    memory.put("billing-client", "just-one-value");
    assertThat(reason(resolve(binding(Map.of())), CredentialStatus.ERROR))
        .contains("need parts clientId and clientSecret; found []");
    assertThat(server.requests()).isZero();
  }

  @Test
  void theBuilderChecksItsValues() {
    assertThatThrownBy(() -> builder().expirySkew(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expirySkew");
    assertThatThrownBy(() -> builder().requestTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requestTimeout");
    assertThatThrownBy(() -> builder().connectTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("connectTimeout");
  }

  private static String basic(String id, String secret) {
    return "Basic "
        + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }
}
