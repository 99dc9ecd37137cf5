package dev.mcpgate.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.Secret;
import dev.mcpgate.core.internal.Json;
import dev.mcpgate.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
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

class CookieSessionLoginTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final String PASSWORD = "p@ss&word=1";

  private final LoginServer server = new LoginServer();
  private final MutableClock clock = new MutableClock(START);
  private final InMemorySecrets memory =
      new InMemorySecrets()
          .put(
              "crm-login",
              Secret.ofParts(
                  Map.of(
                      CookieSessionLogin.USERNAME, "alice@example.com",
                      CookieSessionLogin.PASSWORD, PASSWORD)))
          .put(
              "crm-sandbox",
              Secret.ofParts(
                  Map.of(
                      CookieSessionLogin.USERNAME, "sandbox",
                      CookieSessionLogin.PASSWORD, "sandbox-password")));
  private final CookieSessionLogin login = builder().build();

  @AfterEach
  void stop() {
    server.close();
  }

  private CookieSessionLogin.Builder builder() {
    return CookieSessionLogin.builder(SecretStores.builder().memory(memory).build())
        .targets(ScriptedEndpoint.LOOPBACK)
        .clock(clock);
  }

  private CredentialBinding binding(Map<String, String> extra) {
    Map<String, String> settings =
        new HashMap<>(Map.of(CookieSessionLogin.LOGIN_URL, server.url()));
    settings.putAll(extra);
    return new CredentialBinding(
        "crm",
        AuthKind.COOKIE,
        "memory:crm-login",
        Map.of("sandbox", "memory:crm-sandbox"),
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
    return login.resolve(binding, CallerContext.anonymous());
  }

  private static String httpDate(Instant instant) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
  }

  @Test
  void logsInWithFormFieldsAndResolvesToACookieHeader() {
    Secret session = secret(resolve(binding(Map.of())));

    assertThat(session.reveal()).isEqualTo("sid=s-1");
    assertThat(session.expiresAt()).as("15 minutes by default").isEqualTo(START.plusSeconds(900));
    LoginServer.Received request = server.last();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.contentType()).isEqualTo("application/x-www-form-urlencoded");
    assertThat(request.body()).isEqualTo("username=alice%40example.com&password=p%40ss%26word%3D1");
    assertThat(request.cookie()).isNull();
  }

  @Test
  void aJsonLoginSendsTheConfiguredFieldNames() {
    secret(
        resolve(
            binding(
                Map.of(
                    CookieSessionLogin.LOGIN_FORMAT, "json",
                    CookieSessionLogin.USERNAME_FIELD, "email",
                    CookieSessionLogin.PASSWORD_FIELD, "pass"))));

    LoginServer.Received request = server.last();
    assertThat(request.contentType()).isEqualTo("application/json");
    assertThat(Json.MAPPER.readTree(request.body()))
        .isEqualTo(
            Json.MAPPER.createObjectNode().put("email", "alice@example.com").put("pass", PASSWORD));
  }

  @Test
  void aSessionIsReusedAcrossResolves() {
    CredentialBinding binding = binding(Map.of());
    Secret first = secret(resolve(binding));
    clock.advance(Duration.ofMinutes(14));

    assertThat(secret(resolve(binding))).isEqualTo(first);
    assertThat(secret(resolve(binding))).isEqualTo(first);
    assertThat(server.requests()).isEqualTo(1);
  }

  @Test
  void everyCookieTheLoginSetsIsKeptByDefault() {
    server.answer(
        request ->
            LoginServer.session("tracking=t1", "sid=abc; Path=/; HttpOnly", "csrf=xyz; Secure"));
    assertThat(secret(resolve(binding(Map.of()))).reveal())
        .isEqualTo("tracking=t1; sid=abc; csrf=xyz");
  }

  @Test
  void onlyTheNamedCookiesAreKept() {
    server.answer(
        request ->
            LoginServer.session("tracking=t1", "sid=abc; Path=/; HttpOnly", "csrf=xyz; Secure"));
    assertThat(secret(resolve(binding(Map.of(CookieSessionLogin.COOKIES, "sid, csrf")))).reveal())
        .isEqualTo("sid=abc; csrf=xyz");
  }

  @Test
  void theEarliestMaxAgeEndsTheSession() {
    server.answer(
        request ->
            LoginServer.session(
                "sid=s-" + server.requests() + "; Max-Age=600", "csrf=c; Max-Age=3600"));
    CredentialBinding binding = binding(Map.of());
    Secret first = secret(resolve(binding));
    assertThat(first.expiresAt()).isEqualTo(START.plusSeconds(600));

    clock.advance(Duration.ofSeconds(600 - 31));
    assertThat(secret(resolve(binding))).isEqualTo(first);
    assertThat(server.requests()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(secret(resolve(binding)).reveal()).isEqualTo("sid=s-2; csrf=c");
    assertThat(server.requests()).isEqualTo(2);
  }

  @Test
  void expiresSetsTheSessionsEnd() {
    server.answer(
        request -> LoginServer.session("sid=a; Expires=" + httpDate(START.plusSeconds(7200))));
    assertThat(secret(resolve(binding(Map.of()))).expiresAt()).isEqualTo(START.plusSeconds(7200));
  }

  @Test
  void sessionTtlOverridesTheCookiesAndTriggersANewLogin() {
    server.answer(request -> LoginServer.session("sid=s-" + server.requests() + "; Max-Age=86400"));
    CredentialBinding binding = binding(Map.of(CookieSessionLogin.SESSION_TTL, "PT5M"));
    assertThat(secret(resolve(binding)).expiresAt()).isEqualTo(START.plusSeconds(300));

    clock.advance(Duration.ofSeconds(300 - 30));
    assertThat(secret(resolve(binding)).reveal()).isEqualTo("sid=s-2");
    assertThat(server.requests()).isEqualTo(2);
  }

  @Test
  void theSkewIsConfigurable() {
    CookieSessionLogin noSkew = builder().expirySkew(Duration.ZERO).build();
    CredentialBinding binding = binding(Map.of());
    noSkew.resolve(binding, CallerContext.anonymous());
    clock.advance(Duration.ofSeconds(899));
    noSkew.resolve(binding, CallerContext.anonymous());
    assertThat(server.requests()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    noSkew.resolve(binding, CallerContext.anonymous());
    assertThat(server.requests()).isEqualTo(2);
  }

  @Test
  void invalidatingTheRejectedSessionLogsInAgain() {
    CredentialBinding binding = binding(Map.of());
    Secret rejected = secret(resolve(binding));

    login.invalidate(binding, CallerContext.anonymous(), rejected);

    assertThat(secret(resolve(binding)).reveal()).isEqualTo("sid=s-2");
    assertThat(server.requests()).isEqualTo(2);
  }

  @Test
  void invalidatingAStaleSessionKeepsTheNewerOne() {
    CredentialBinding binding = binding(Map.of());
    Secret first = secret(resolve(binding));
    login.invalidate(binding, CallerContext.anonymous(), first);
    Secret second = secret(resolve(binding));

    login.invalidate(binding, CallerContext.anonymous(), first);

    assertThat(secret(resolve(binding))).isEqualTo(second);
    assertThat(server.requests()).isEqualTo(2);
    login.invalidate(
        binding(Map.of(CookieSessionLogin.COOKIES, "never-logged-in")),
        CallerContext.anonymous(),
        first);
  }

  @Test
  void eachProfileLogsInAsItsOwnUser() {
    server.answer(
        request ->
            LoginServer.session(
                request.body().startsWith("username=sandbox&") ? "sid=sandbox" : "sid=live"));
    CredentialBinding binding = binding(Map.of());
    CallerContext sandbox = CallerContext.builder().environment("sandbox").build();

    assertThat(secret(login.resolve(binding, sandbox)).reveal()).isEqualTo("sid=sandbox");
    assertThat(secret(resolve(binding)).reveal()).isEqualTo("sid=live");
    assertThat(secret(login.resolve(binding, sandbox)).reveal()).isEqualTo("sid=sandbox");
    assertThat(server.requests()).isEqualTo(2);
  }

  @Test
  void concurrentCallersShareOneLogin() throws Exception {
    List<CredentialResolution> results = concurrently(16, binding(Map.of()));
    assertThat(results)
        .hasSize(16)
        .allSatisfy(result -> assertThat(secret(result).reveal()).isEqualTo("sid=s-1"));
    assertThat(server.requests()).isEqualTo(1);
  }

  @Test
  void concurrentCallersShareOneFailedLogin() throws Exception {
    server.answer(request -> new LoginServer.Answer(500, List.of(), "down"));
    List<CredentialResolution> results = concurrently(16, binding(Map.of()));
    assertThat(results)
        .hasSize(16)
        .allSatisfy(
            result -> assertThat(reason(result, CredentialStatus.ERROR)).endsWith("HTTP 500"));
    assertThat(server.requests()).isEqualTo(1);

    server.answer(request -> LoginServer.session("sid=later"));
    assertThat(secret(resolve(binding(Map.of()))).reveal())
        .as("a later call tries again")
        .isEqualTo("sid=later");
  }

  /** Resolves from many threads at once while the login endpoint holds its first answer. */
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
      // Release the answer only once every caller is parked: on the lock, or in the one login.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!allWaiting(threads, callers) && System.nanoTime() < deadline) {
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

  /** True once one caller is in the login and all others are parked on the key's lock. */
  private boolean allWaiting(List<Thread> threads, int expected) {
    synchronized (threads) {
      return server.requests() > 0
          && threads.size() == expected
          && threads.stream()
                  .filter(
                      thread -> {
                        Object blocker = LockSupport.getBlocker(thread);
                        return blocker != null
                            && blocker
                                .getClass()
                                .getName()
                                .startsWith(ReentrantLock.class.getName());
                      })
                  .count()
              == expected - 1;
    }
  }

  @Test
  void rejectedLoginsAreErrorsNamingTheStatusButNotTheBody() {
    CredentialBinding binding = binding(Map.of());
    server.answer(
        request -> new LoginServer.Answer(401, List.of(), "wrong password " + PASSWORD));
    assertThat(reason(resolve(binding), CredentialStatus.ERROR))
        .isEqualTo("binding crm: login endpoint " + server.url() + " answered HTTP 401");

    server.answer(
        request -> new LoginServer.Answer(500, List.of("sid=half-open"), "trace " + PASSWORD));
    assertThat(reason(resolve(binding), CredentialStatus.ERROR))
        .isEqualTo("binding crm: login endpoint " + server.url() + " answered HTTP 500");
    assertThat(server.requests()).as("failures are not cached").isEqualTo(2);
  }

  @Test
  void aRedirectingLoginOpensTheSessionWithoutFollowing() {
    server.answer(
        request -> new LoginServer.Answer(302, List.of("sid=after-redirect; Path=/"), ""));
    assertThat(secret(resolve(binding(Map.of()))).reveal()).isEqualTo("sid=after-redirect");
    assertThat(server.requests()).isEqualTo(1);
  }

  @Test
  void aLoginWithoutASessionCookieIsAnError() {
    server.answer(request -> new LoginServer.Answer(200, List.of(), "{\"ok\":true}"));
    assertThat(reason(resolve(binding(Map.of())), CredentialStatus.ERROR))
        .isEqualTo(
            "binding crm: login endpoint "
                + server.url()
                + " answered HTTP 200 without a session cookie");

    server.answer(request -> LoginServer.session("tracking=t1", "old=; Max-Age=0"));
    assertThat(reason(resolve(binding(Map.of(CookieSessionLogin.COOKIES, "sid"))),
            CredentialStatus.ERROR))
        .endsWith("without a session cookie");
    assertThat(reason(resolve(binding(Map.of(CookieSessionLogin.COOKIES, "old"))),
            CredentialStatus.ERROR))
        .as("a cookie the login deletes is not a session")
        .endsWith("without a session cookie");
  }

  @Test
  void anUnreachableEndpointIsAnError() {
    String url = server.url();
    server.close();
    assertThat(
            reason(
                resolve(binding(Map.of(CookieSessionLogin.LOGIN_URL, url))),
                CredentialStatus.ERROR))
        .contains("unreachable (");
  }

  @Test
  void misconfiguredBindingsAreErrorsWithoutALogin() {
    assertThat(
            reason(
                resolve(CredentialBinding.of("b", AuthKind.BEARER, "memory:crm-login")),
                CredentialStatus.ERROR))
        .contains("serves kind cookie, not bearer");
    assertThat(
            reason(
                resolve(CredentialBinding.of("b", AuthKind.COOKIE, "memory:crm-login")),
                CredentialStatus.ERROR))
        .contains("setting loginUrl is required");
    assertThat(
            reason(
                resolve(binding(Map.of(CookieSessionLogin.LOGIN_URL, "ftp://x/login"))),
                CredentialStatus.ERROR))
        .contains("absolute http or https URL");
    assertThat(
            reason(
                resolve(binding(Map.of(CookieSessionLogin.LOGIN_FORMAT, "xml"))),
                CredentialStatus.ERROR))
        .contains("must be form or json");
    assertThat(
            reason(
                resolve(binding(Map.of(CookieSessionLogin.SESSION_TTL, "30 minutes"))),
                CredentialStatus.ERROR))
        .contains("positive ISO-8601 duration");
    assertThat(
            reason(
                resolve(binding(Map.of(CookieSessionLogin.SESSION_TTL, "PT0S"))),
                CredentialStatus.ERROR))
        .contains("positive ISO-8601 duration");
    assertThat(
            reason(
                resolve(binding(Map.of(CookieSessionLogin.COOKIES, " , "))),
                CredentialStatus.ERROR))
        .contains("names no cookie");
    assertThat(
            reason(
                resolve(binding(Map.of(CookieSessionLogin.USERNAME_FIELD, " "))),
                CredentialStatus.ERROR))
        .contains("must not be blank");
    assertThat(server.requests()).isZero();
  }

  @Test
  void loginCredentialsMustResolveWithBothParts() {
    memory.remove("crm-login");
    assertThat(reason(resolve(binding(Map.of())), CredentialStatus.MISSING))
        .startsWith("login credentials unavailable: binding crm: no secret named crm-login");
    memory.put("crm-login", "just-one-value");
    assertThat(reason(resolve(binding(Map.of())), CredentialStatus.ERROR))
        .contains("need parts username and password; found []");
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
}
