package dev.mcpgate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuditSink;
import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.api.ParameterBinding;
import dev.mcpgate.api.ParameterBinding.Location;
import dev.mcpgate.api.Secret;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.Source;
import dev.mcpgate.core.audit.JsonLinesAuditSink;
import dev.mcpgate.core.credentials.CookieSessionLogin;
import dev.mcpgate.core.credentials.InMemorySecrets;
import dev.mcpgate.core.credentials.OAuth2ClientCredentials;
import dev.mcpgate.core.credentials.SecretStores;
import dev.mcpgate.core.upstream.HttpUpstream;
import dev.mcpgate.core.upstream.TargetPolicy;
import dev.mcpgate.testkit.FakeUpstream;
import dev.mcpgate.testkit.FakeUpstream.Answer;
import dev.mcpgate.testkit.FakeUpstream.RecordedRequest;
import dev.mcpgate.testkit.McpExchange;
import dev.mcpgate.testkit.McpTestClient;
import dev.mcpgate.testkit.RecordingAuditSink;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Invariants 1 and 2 end to end, over real HTTP: an MCP client calls tools through {@link
 * McpFilter} on Jetty, and the gateway calls a {@link FakeUpstream} with a credential of every
 * binding kind the adapter supports. Each kind holds its own canary secret. Every kind is called
 * four ways (success, an upstream 500 that echoes everything it received, a missing secret, an
 * upstream 401), and every output of the run is searched for every canary: each console line
 * (where slf4j-simple logs, the audit logger included), each audit event as a JSON line and as
 * {@code toString}, each MCP response (status, headers, raw body), each error text. The MCP
 * caller's own bearer token and cookie must never reach the upstream.
 */
class CanarySecretHygieneTest {

  private static final String RUN = randomHex();
  private static final String CALLER_TOKEN = "caller-canary-token-" + RUN;
  private static final String CALLER_COOKIE = "caller-canary-cookie-" + RUN;
  private static final String SCHEMA = """
      {"type":"object","properties":{"id":{"type":"string"},"mode":{"type":"string"},
       "offset":{"type":"string"}},"required":["id"],"additionalProperties":false}""";
  /**
   * How each kind is called: success, a missing secret, and an upstream that echoes what it
   * received in each form echoing upstreams were seen to use.
   */
  private static final List<String> SCENARIOS = List.of("ok", "fail", "missing", "unauthorized",
      "php_json", "unicode_json", "html", "httpbin", "form", "base64");
  /** The echo modes whose answer is an error (all but success, the missing secret, httpbin). */
  private static final List<String> ERROR_ECHOES = List.of("fail", "unauthorized", "php_json",
      "unicode_json", "html", "form", "base64");
  /** The size cap of the adapter whose answers are cut, and the offsets tried at it. */
  private static final int CAP = 512;
  private static final int MAX_OFFSET = 72;
  private static final AtomicInteger straddleCalls = new AtomicInteger();

  @TempDir static Path dir;

  private static final Map<String, String> canaries = new ConcurrentHashMap<>();
  private static final List<Kind> kinds = new ArrayList<>();
  private static final List<Output> outputs = new CopyOnWriteArrayList<>();
  private static final Map<String, McpExchange> exchanges = new LinkedHashMap<>();
  private static final List<String> auditLines = new CopyOnWriteArrayList<>();
  private static final RecordingAuditSink auditEvents = new RecordingAuditSink();
  private static final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private static final AtomicInteger issued = new AtomicInteger();

  private static FakeUpstream upstream;
  private static FakeUpstream tlsUpstream;
  private static HttpUpstream adapter;
  private static HttpUpstream cutAdapter;
  private static JettyHost host;
  private static String consoleText = "";

  /** One binding kind under test: what to call, and how to tell its credential arrived. */
  private record Kind(String name, CredentialBinding binding, Predicate<RecordedRequest> carried) {}

  /** One thing the run produced that someone other than the gateway could read. */
  private record Output(String what, String text) {}

  private static String randomHex() {
    byte[] bytes = new byte[6];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static String canary(String label) {
    String value = "canary-" + label + "-" + RUN;
    canaries.put(label, value);
    return value;
  }

  @BeforeAll
  static void runEveryKindThroughEveryScenario() throws Exception {
    PrintStream originalErr = System.err;
    PrintStream originalOut = System.out;
    PrintStream tee = new PrintStream(new Tee(console, originalErr), true, StandardCharsets.UTF_8);
    System.setErr(tee);
    System.setOut(tee);
    try {
      start();
      McpTestClient client = McpTestClient.builder(host.mcp())
          .header("Authorization", "Bearer " + CALLER_TOKEN)
          .header("Cookie", "session=" + CALLER_COOKIE)
          .build();
      record(client.initialize(), "initialize");
      record(client.listTools(null), "tools/list");
      for (Kind kind : kinds) {
        for (String scenario : SCENARIOS) {
          String tool = (scenario.equals("missing") ? "missing_" : "call_") + kind.name();
          JsonNode arguments = McpTestClient.json(
              "{\"id\":\"42\",\"mode\":\"" + scenario + "\"}");
          exchanges.put(kind.name() + "/" + scenario, record(client.callTool(tool, arguments),
              kind.name() + "/" + scenario));
        }
        if (kind.name().equals("mtls")) {
          continue; // nothing of its secret is on the request to echo
        }
        // The echo starts with the secret, padded so that it stands across the cap at every
        // offset of it.
        for (int offset = 0; offset <= MAX_OFFSET; offset++) {
          JsonNode arguments = McpTestClient.json(
              "{\"id\":\"42\",\"mode\":\"straddle\",\"offset\":\"" + offset + "\"}");
          String what = kind.name() + "/straddle/" + offset;
          exchanges.put(what, record(client.callTool("cut_" + kind.name(), arguments), what));
          straddleCalls.incrementAndGet();
        }
      }
      client.close();
      // One event per call, and one for the tools/list page.
      auditEvents.await(calls() + 1, Duration.ofSeconds(10));
    } finally {
      System.setErr(originalErr);
      System.setOut(originalOut);
    }
    consoleText = console.toString(StandardCharsets.UTF_8);
    consoleText.lines().forEach(line -> outputs.add(new Output("log line", line)));
    auditLines.forEach(line -> outputs.add(new Output("audit JSON line", line)));
    auditEvents.events().forEach(event -> outputs.add(new Output("audit event", event.toString())));
  }

  private static McpExchange record(McpExchange exchange, String what) {
    outputs.add(new Output("MCP response to " + what, exchange.status() + " "
        + exchange.headers() + "\n" + exchange.body()));
    JsonNode response = exchange.response();
    if (response != null && response.path("result").path("isError").asBoolean()) {
      outputs.add(new Output("error text of " + what,
          response.path("result").path("content").path(0).path("text").asString()));
    }
    if (response != null && response.has("error")) {
      outputs.add(new Output("JSON-RPC error of " + what, response.path("error").toString()));
    }
    return exchange;
  }

  @AfterAll
  static void stop() {
    if (host != null) {
      host.close();
    }
    if (adapter != null) {
      adapter.close();
    }
    if (cutAdapter != null) {
      cutAdapter.close();
    }
    if (upstream != null) {
      upstream.close();
    }
    if (tlsUpstream != null) {
      tlsUpstream.close();
    }
  }

  private static void start() throws Exception {
    upstream = FakeUpstream.start().otherwise(CanarySecretHygieneTest::answer);
    SelfSigned identity = SelfSigned.create(dir);
    tlsUpstream = FakeUpstream.builder().https(identity.serverContext())
        .requireClientCertificate(true).start().otherwise(CanarySecretHygieneTest::answer);
    canaries.put("mtls-private-key", identity.keyBase64());

    InMemorySecrets memory = new InMemorySecrets()
        .put("api-header", canary("apikey-header"))
        .put("api-query", canary("apikey-query"))
        .put("api-cookie", canary("apikey-cookie"))
        .put("bearer", canary("bearer"))
        .put("basic", Secret.ofParts(Map.of(
            "username", canary("basic-username"), "password", canary("basic-password"))))
        .put("oauth2", Secret.ofParts(Map.of(
            OAuth2ClientCredentials.CLIENT_ID, "mcpgate-client",
            OAuth2ClientCredentials.CLIENT_SECRET, canary("oauth2-client-secret"))))
        .put("hmac", canary("hmac-key"))
        .put("aws", Secret.ofParts(Map.of(
            "accessKeyId", "AKIDEXAMPLE",
            "secretAccessKey", canary("aws-secret-access-key"),
            "sessionToken", canary("aws-session-token"))))
        .put("mtls", Secret.ofParts(Map.of(
            "certificate", identity.certificatePem(), "privateKey", identity.keyPem())))
        .put("session", Secret.ofParts(Map.of(
            CookieSessionLogin.USERNAME, "service-user",
            CookieSessionLogin.PASSWORD, canary("session-password"))));
    // Encoded forms an upstream could echo: a Basic token carries both parts.
    canaries.put("basic-token", Base64.getEncoder().encodeToString(
        (canaries.get("basic-username") + ":" + canaries.get("basic-password"))
            .getBytes(StandardCharsets.UTF_8)));
    SecretStores plain = SecretStores.builder().memory(memory).build();
    // The token and login endpoints are on loopback: the exchanges' policy must allow it.
    TargetPolicy exchanges = TargetPolicy.builder().allowHost("127.0.0.1").allowLoopback().build();
    SecretStores stores = SecretStores.builder().memory(memory)
        .kind(AuthKind.OAUTH2, OAuth2ClientCredentials.builder(plain).targets(exchanges).build())
        .kind(AuthKind.COOKIE, CookieSessionLogin.builder(plain).targets(exchanges).build())
        .build();

    String key = canaries.get("apikey-header");
    kinds.add(new Kind("apikey_header", binding("apikey-header", AuthKind.API_KEY, "api-header",
        Map.of("in", "header", "name", "X-Api-Key")),
        request -> request.header("X-Api-Key").orElse("").equals(key)));
    kinds.add(new Kind("apikey_query", binding("apikey-query", AuthKind.API_KEY, "api-query",
        Map.of("in", "query", "name", "api_key")),
        request -> String.valueOf(request.query())
            .contains("api_key=" + canaries.get("apikey-query"))));
    kinds.add(new Kind("apikey_cookie", binding("apikey-cookie", AuthKind.API_KEY, "api-cookie",
        Map.of("in", "cookie", "name", "key")),
        request -> request.header("Cookie").orElse("")
            .contains("key=" + canaries.get("apikey-cookie"))));
    kinds.add(new Kind("bearer", binding("bearer", AuthKind.BEARER, "bearer", Map.of()),
        request -> request.header("Authorization").orElse("")
            .equals("Bearer " + canaries.get("bearer"))));
    kinds.add(new Kind("basic", binding("basic", AuthKind.BASIC, "basic", Map.of()),
        request -> request.header("Authorization").orElse("")
            .equals("Basic " + canaries.get("basic-token"))));
    kinds.add(new Kind("oauth2", binding("oauth2", AuthKind.OAUTH2, "oauth2",
        Map.of(OAuth2ClientCredentials.TOKEN_URL, upstream.url("/oauth/token").toString())),
        request -> request.header("Authorization").orElse("")
            .startsWith("Bearer canary-oauth2-access-token-")));
    kinds.add(new Kind("hmac", binding("hmac", AuthKind.HMAC, "hmac", Map.of()),
        request -> request.header("X-Signature").isPresent()
            && request.header("X-Timestamp").isPresent()));
    kinds.add(new Kind("aws_sigv4", binding("aws", AuthKind.AWS_SIG_V4, "aws",
        Map.of("region", "eu-west-1", "service", "execute-api")),
        request -> request.header("Authorization").orElse("").startsWith("AWS4-HMAC-SHA256 ")
            && request.header("X-Amz-Security-Token").orElse("")
                .equals(canaries.get("aws-session-token"))));
    kinds.add(new Kind("mtls", binding("mtls", AuthKind.MUTUAL_TLS, "mtls",
        Map.of("caCertificate", identity.certificatePem())),
        request -> "CN=mcpgate-canary".equals(request.clientCertificate())));
    kinds.add(new Kind("cookie_session", binding("session", AuthKind.COOKIE, "session",
        Map.of(CookieSessionLogin.LOGIN_URL, upstream.url("/login").toString())),
        request -> request.header("Cookie").orElse("")
            .contains("session=canary-session-cookie-")));

    adapter = HttpUpstream.builder()
        .credentials(stores)
        .targets(TargetPolicy.builder().allowHost("127.0.0.1").allowLoopback().build())
        .timeout(Duration.ofSeconds(5))
        .build();
    cutAdapter = HttpUpstream.builder()
        .credentials(stores)
        .targets(TargetPolicy.builder().allowHost("127.0.0.1").allowLoopback().build())
        .timeout(Duration.ofSeconds(5))
        .maxResponseBytes(CAP)
        .build();
    McpGateway.Builder gateway = McpGateway.builder()
        .serverInfo("canary-test", "1.0")
        .identityResolver(request -> request.headers("Authorization")
            .contains("Bearer " + CALLER_TOKEN)
                ? new IdentityResult.Authenticated(CallerContext.anonymous())
                : IdentityResult.unauthenticated())
        .auditSink(AuditSink.all(List.of(
            JsonLinesAuditSink.to(auditLines::add), JsonLinesAuditSink.toSlf4j(), auditEvents)))
        .source(Source.approved("canary"));
    for (Kind kind : kinds) {
      String base = (kind.name().equals("mtls") ? tlsUpstream : upstream).url() + "/" + kind.name();
      gateway.tool(tool("call_" + kind.name(), base), adapter.handler(kind.binding()));
      CredentialBinding absent = new CredentialBinding(kind.binding().id() + "-absent",
          kind.binding().kind(), "memory:absent-" + kind.name(), Map.of(),
          kind.binding().settings());
      gateway.tool(tool("missing_" + kind.name(), base), adapter.handler(absent));
      gateway.tool(tool("cut_" + kind.name(), base), cutAdapter.handler(kind.binding()));
    }
    host = JettyHost.withFilter(gateway.build(), McpTransportConfig.defaults());

    // What a user would print while debugging: none of it may show a secret either.
    outputs.add(new Output("SecretStores.toString", stores.toString()));
    outputs.add(new Output("InMemorySecrets.toString", memory.toString()));
    for (Kind kind : kinds) {
      outputs.add(new Output("binding " + kind.name(), kind.binding().toString()));
      var resolution = stores.resolve(kind.binding(), CallerContext.anonymous());
      outputs.add(new Output("resolution " + kind.name(), resolution.toString()));
    }
  }

  private static CredentialBinding binding(
      String id, AuthKind kind, String secretName, Map<String, String> settings) {
    return new CredentialBinding(id, kind, "memory:" + secretName, Map.of(), settings);
  }

  private static ToolDefinition tool(String name, String base) {
    return ToolDefinition.builder(name)
        .inputSchema(SCHEMA)
        .source("canary")
        .operationId(name)
        .http(new HttpOperation("GET", base, "/items/{id}", List.of(
            new ParameterBinding("id", Location.PATH, "id", null, null, true),
            new ParameterBinding("mode", Location.QUERY, "mode", null, null, false),
            new ParameterBinding("offset", Location.QUERY, "offset", null, null, false)), null))
        .build();
  }

  /** The fake API: a token endpoint, a login endpoint, and items that succeed or fail. */
  private static Answer answer(RecordedRequest request) {
    if (request.path().equals("/oauth/token")) {
      String token = "canary-oauth2-access-token-" + RUN + "-" + issued.incrementAndGet();
      canaries.put("oauth2-access-token-" + issued.get(), token);
      return Answer.json(200, "{\"access_token\":\"" + token
          + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
    }
    if (request.path().equals("/login")) {
      String session = "canary-session-cookie-" + RUN + "-" + issued.incrementAndGet();
      canaries.put("session-cookie-" + issued.get(), session);
      return Answer.status(204).withHeader("Set-Cookie", "session=" + session + "; Path=/");
    }
    String query = String.valueOf(request.query());
    request.header("X-Signature").ifPresent(signature ->
        canaries.put("hmac-signature-" + issued.incrementAndGet(), signature));
    Echoes.awsSignature(request).ifPresent(signature ->
        canaries.put("aws-signature-" + issued.incrementAndGet(), signature));
    if (query.contains("mode=straddle")) {
      int offset = Integer.parseInt(query.replaceAll(".*offset=([0-9]+).*", "$1"));
      return Echoes.straddling(echo(request), canaries.values(), CAP - offset);
    }
    for (String mode : List.of("php_json", "unicode_json", "html", "httpbin", "form", "base64")) {
      if (query.contains("mode=" + mode)) {
        return Echoes.echo(mode, request, echo(request));
      }
    }
    if (query.contains("mode=fail")) {
      return Answer.text(500, "internal error; the request was:\n" + echo(request));
    }
    if (query.contains("mode=unauthorized")) {
      return Answer.json(401, "{\"error\":\"invalid credential\",\"received\":\""
          + echo(request).replace("\"", "'").replace("\n", " | ") + "\"}");
    }
    return Answer.json(200, "{\"id\":\"42\",\"status\":\"paid\"}");
  }

  /** Everything a careless upstream error page could quote back. */
  private static String echo(RecordedRequest request) {
    StringBuilder text = new StringBuilder(request.method() + " " + request.target() + "\n");
    request.headers().forEach((name, values) ->
        values.forEach(value -> text.append(name).append(": ").append(value).append('\n')));
    return text.append(request.bodyText()).toString();
  }

  private static List<RecordedRequest> allUpstreamRequests() {
    List<RecordedRequest> all = new ArrayList<>(upstream.requests());
    all.addAll(tlsUpstream.requests());
    return all;
  }

  @Test
  void everyKindReachesTheUpstreamWithItsCredentialAndSucceeds() {
    assertThat(kinds).extracting(Kind::name).containsExactly("apikey_header", "apikey_query",
        "apikey_cookie", "bearer", "basic", "oauth2", "hmac", "aws_sigv4", "mtls",
        "cookie_session");
    for (Kind kind : kinds) {
      McpExchange ok = exchanges.get(kind.name() + "/ok");
      assertThat(ok.status()).as(kind.name()).isEqualTo(200);
      assertThat(ok.response().at("/result/isError").asBoolean()).as(kind.name()).isFalse();
      assertThat(ok.response().at("/result/content/0/text").asString()).as(kind.name())
          .contains("paid");
      List<RecordedRequest> calls = allUpstreamRequests().stream()
          .filter(request -> request.path().startsWith("/" + kind.name() + "/"))
          .toList();
      assertThat(calls).as(kind.name()).isNotEmpty().allMatch(kind.carried());
    }
  }

  @Test
  void everyFailureIsAToolErrorAndNeverAProtocolOrTransportError() {
    for (Kind kind : kinds) {
      List<String> failures = new ArrayList<>(ERROR_ECHOES);
      failures.add("missing");
      for (String scenario : failures) {
        McpExchange exchange = exchanges.get(kind.name() + "/" + scenario);
        String what = kind.name() + "/" + scenario;
        assertThat(exchange.status()).as(what).isEqualTo(200);
        assertThat(exchange.response().at("/result/isError").asBoolean()).as(what).isTrue();
        assertThat(exchange.body()).as(what).doesNotContain("Exception", "\tat ");
      }
      assertThat(exchanges.get(kind.name() + "/fail").response()
          .at("/result/content/0/text").asString()).as(kind.name()).contains("HTTP 500");
      assertThat(exchanges.get(kind.name() + "/unauthorized").response()
          .at("/result/content/0/text").asString()).as(kind.name()).contains("HTTP 401");
      assertThat(exchanges.get(kind.name() + "/missing").response()
          .at("/result/content/0/text").asString()).as(kind.name())
          .contains("its upstream credential could not be obtained (request ");
    }
  }

  @Test
  void theUpstreamEchoOfACredentialIsRedactedNotDropped() {
    for (String name : List.of("apikey_header", "apikey_query", "apikey_cookie", "bearer",
        "basic", "oauth2", "hmac", "aws_sigv4", "cookie_session")) {
      for (String mode : List.of("fail", "unauthorized", "php_json", "unicode_json", "html",
          "httpbin", "form", "base64")) {
        assertThat(exchanges.get(name + "/" + mode).response().at("/result/content/0/text")
            .asString()).as(name + "/" + mode).contains("[redacted]");
      }
    }
  }

  @Test
  void anEchoCutAtTheCapNeverEndsWithTheStartOfASecret() {
    for (Map.Entry<String, McpExchange> exchange : exchanges.entrySet()) {
      if (!exchange.getKey().contains("/straddle/")) {
        continue;
      }
      String text = exchange.getValue().response().at("/result/content/0/text").asString();
      int note = text.indexOf(" (the response was cut at ");
      String shown = note < 0 ? text : text.substring(0, note);
      assertThat(shown.length()).as(exchange.getKey()).isLessThanOrEqualTo(CAP);
      for (String canary : canaries.values()) {
        for (int length = 4; length <= canary.length(); length++) {
          assertThat(shown).as(exchange.getKey()).doesNotEndWith(canary.substring(0, length));
        }
      }
    }
    assertThat(straddleCalls.get()).isEqualTo((kinds.size() - 1) * (MAX_OFFSET + 1));
  }

  @Test
  void noCanaryAppearsInAnyFormInAnyLogLineAuditEventResponseOrErrorMessage() {
    List<String> leaks = new ArrayList<>();
    long searches = 0;
    int forms = 0;
    Map<Output, List<String>> decodings = new java.util.IdentityHashMap<>();
    outputs.forEach(output -> decodings.put(output, Decodings.of(output.text())));
    for (Map.Entry<String, String> canary : canaries.entrySet()) {
      Map<String, String> encoded = EncodedForms.of(canary.getValue());
      forms = encoded.size() + 1;
      for (Output output : outputs) {
        for (Map.Entry<String, String> form : encoded.entrySet()) {
          searches++;
          if (output.text().contains(form.getValue())) {
            leaks.add(canary.getKey() + " " + form.getKey() + " in " + output.what() + ": "
                + output.text());
          }
        }
        // However many of its characters were escaped: the output decoded every way.
        searches++;
        for (String decoded : decodings.get(output)) {
          if (decoded.contains(canary.getValue())) {
            leaks.add(canary.getKey() + " (escaped) in " + output.what() + ": " + output.text());
          }
        }
      }
    }
    assertThat(leaks).isEmpty();

    // The search covered what it claims to: every kind, every call, every output channel.
    int calls = calls();
    assertThat(kinds).hasSize(10);
    assertThat(canaries).containsKeys("apikey-header", "apikey-query", "apikey-cookie",
        "bearer", "basic-username", "basic-password", "basic-token", "oauth2-client-secret",
        "hmac-key", "aws-secret-access-key", "aws-session-token", "mtls-private-key",
        "session-password");
    assertThat(canaries.keySet()).anyMatch(name -> name.startsWith("oauth2-access-token-"))
        .anyMatch(name -> name.startsWith("session-cookie-"))
        .anyMatch(name -> name.startsWith("hmac-signature-"))
        .anyMatch(name -> name.startsWith("aws-signature-"));
    // One event per call, and one for the tools/list page.
    assertThat(auditEvents.events()).hasSize(calls + 1);
    assertThat(auditLines).hasSize(calls + 1);
    assertThat(count("MCP response to ")).isEqualTo(calls + 2);
    assertThat(count("error text of ")).isEqualTo((long) kinds.size() * (ERROR_ECHOES.size() + 1));
    // Proof the console capture works: the audit logger's lines and the adapter's warnings.
    assertThat(consoleText.lines().filter(line -> line.contains("mcpgate.audit")))
        .hasSize(calls + 1);
    assertThat(consoleText.lines().filter(line -> line.contains("credential unavailable")))
        .hasSize(kinds.size());
    System.out.println("canary search: " + canaries.size() + " canaries from " + kinds.size()
        + " binding kinds, " + forms + " forms each (" + (forms - 1) + " encodings and the"
        + " output decoded 7 ways), " + calls + " tool calls, " + outputs.size()
        + " outputs searched (" + count("log line") + " log lines, " + auditLines.size()
        + " audit JSON lines, " + auditEvents.events().size() + " audit events, "
        + count("MCP response to ") + " MCP responses, "
        + (count("error text of ") + count("JSON-RPC error of ")) + " error messages): "
        + searches + " canary x form x output searches, 0 leaks");
  }

  private static int calls() {
    return kinds.size() * SCENARIOS.size() + straddleCalls.get();
  }

  @Test
  void theCallersOwnTokenAndCookieNeverReachTheUpstream() {
    List<RecordedRequest> received = allUpstreamRequests();
    assertThat(received).hasSizeGreaterThanOrEqualTo(kinds.size() * 3);
    assertThat(received).noneMatch(request -> request.contains(CALLER_TOKEN))
        .noneMatch(request -> request.contains(CALLER_COOKIE));
    for (Output output : outputs) {
      assertThat(output.text()).as(output.what())
          .doesNotContain(CALLER_TOKEN).doesNotContain(CALLER_COOKIE);
    }
  }

  @Test
  void aMissingSecretSendsNothingUpstream() {
    for (Kind kind : kinds) {
      List<String> targets = allUpstreamRequests().stream()
          .map(RecordedRequest::target)
          .filter(target -> target.startsWith("/" + kind.name() + "/"))
          .toList();
      assertThat(targets).as(kind.name()).noneMatch(target -> target.contains("mode=missing"));
    }
  }

  private static long count(String prefix) {
    return outputs.stream().filter(output -> output.what().startsWith(prefix)).count();
  }

  /** Writes to two streams: the capture and the console it replaced. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public synchronized void write(int b) throws java.io.IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }

    @Override
    public void flush() throws java.io.IOException {
      first.flush();
      second.flush();
    }
  }

  /**
   * One self-signed EC identity, made by the JDK's keytool, used by both ends of the mutual-TLS
   * call: the fake upstream presents it and trusts it, the binding presents it and pins it.
   */
  private record SelfSigned(KeyStore store, String certificatePem, String keyPem,
      String keyBase64) {
    private static final String PASSWORD = "changeit";

    static SelfSigned create(Path dir) throws Exception {
      Path p12 = dir.resolve("identity.p12");
      Process keytool = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
          "-genkeypair", "-alias", "id", "-keyalg", "EC", "-groupname", "secp256r1",
          "-dname", "CN=mcpgate-canary", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
          "-validity", "2", "-storetype", "PKCS12", "-keystore", p12.toString(),
          "-storepass", PASSWORD).redirectErrorStream(true).start();
      String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(keytool.waitFor()).as(output).isZero();
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = new FileInputStream(p12.toFile())) {
        store.load(in, PASSWORD.toCharArray());
      }
      Certificate certificate = store.getCertificate("id");
      PrivateKey key = (PrivateKey) store.getKey("id", PASSWORD.toCharArray());
      String keyBase64 = Base64.getEncoder().encodeToString(key.getEncoded());
      Base64.Encoder pem = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
      Files.delete(p12);
      return new SelfSigned(store,
          "-----BEGIN CERTIFICATE-----\n" + pem.encodeToString(certificate.getEncoded())
              + "\n-----END CERTIFICATE-----\n",
          "-----BEGIN PRIVATE KEY-----\n" + pem.encodeToString(key.getEncoded())
              + "\n-----END PRIVATE KEY-----\n",
          keyBase64.substring(0, 64));
    }

    SSLContext serverContext() throws Exception {
      KeyManagerFactory keys = KeyManagerFactory.getInstance(
          KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, PASSWORD.toCharArray());
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("id", store.getCertificate("id"));
      TrustManagerFactory trust = TrustManagerFactory.getInstance(
          TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    }
  }
}
