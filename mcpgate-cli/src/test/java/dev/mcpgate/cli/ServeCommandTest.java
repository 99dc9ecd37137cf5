package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.mcpgate.cli.internal.ConfigException;
import dev.mcpgate.core.identity.ClientRegistry;
import dev.mcpgate.testkit.McpExchange;
import dev.mcpgate.testkit.McpTestClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code mcpgate serve} end to end: a config file, Jetty on loopback, a fake upstream. */
class ServeCommandTest {

  private static final String UPSTREAM_SECRET = "s3cr3t-upstream-key";
  private static final String READER_KEY = ClientRegistry.generateKey();
  private static final String OPS_KEY = ClientRegistry.generateKey();
  private static final String WRITER_KEY = ClientRegistry.generateKey();
  private static final String ISSUER = "https://auth.example.com";
  private static final String RESOURCE = "https://mcp.example.com/mcp";
  private static final ECKey SIGNING_KEY = ecKey();

  private static final String PETS = """
      openapi: 3.0.3
      info: {title: Pets, version: "1"}
      servers: [{url: "https://pets.invalid/v1"}]
      security: [{key: []}]
      components:
        securitySchemes:
          key: {type: apiKey, in: header, name: X-Upstream-Key}
      paths:
        /pets:
          get:
            operationId: listPets
            responses: {"200": {description: ok}}
          post:
            operationId: createPet
            responses: {"201": {description: created}}
        /pets/{id}:
          get:
            operationId: getPet
            parameters: [{name: id, in: path, required: true, schema: {type: string}}]
            responses: {"200": {description: ok}}
      """;

  private static final byte[] INITIALIZE = """
      {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",\
      "capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"""
      .getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  private HttpServer upstream;
  private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
  private ServeCommand.@Nullable Running running;

  @BeforeEach
  void startUpstream() throws IOException {
    upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // The authorization server's key set, on the same loopback server but not recorded.
    upstream.createContext("/jwks", exchange -> {
      byte[] body = new JWKSet(SIGNING_KEY.toPublicJWK()).toString()
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    upstream.createContext("/", exchange -> {
      received.add(Map.of(
          "path", exchange.getRequestURI().getRawPath(),
          "key", String.valueOf(exchange.getRequestHeaders().getFirst("X-Upstream-Key")),
          "authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"))));
      byte[] body = "{\"id\":\"7\",\"name\":\"Rex\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    upstream.start();
  }

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
    upstream.stop(0);
  }

  private Path writeConfig() throws IOException {
    return writeConfig("");
  }

  private Path writeConfig(String extra) throws IOException {
    return writeConfig("", extra);
  }

  /** The base configuration, {@code server} lines (indented by 2) and further sections. */
  private Path writeConfig(String serverLines, String extra) throws IOException {
    Files.writeString(dir.resolve("pets.yaml"), PETS);
    Files.createDirectories(dir.resolve("secrets/pets"));
    Files.writeString(dir.resolve("secrets/pets/key"), UPSTREAM_SECRET + "\n");
    String base = "http://127.0.0.1:" + upstream.getAddress().getPort() + "/v1";
    Path config = dir.resolve("mcpgate.yaml");
    Files.writeString(config, """
        server:
          port: 8080
        %s
        secrets:
          files: secrets
        sources:
          - id: pets
            description: pets.yaml
            baseUrl: %s
            approved: true
            operations: [getPet, listPets]
            binding: pets-key
          - id: pending
            description: pets.yaml
            baseUrl: %s
            toolPrefix: pending_
        bindings:
          - id: pets-key
            kind: apiKey
            secretRef: file:pets/key
            settings: {in: header, name: X-Upstream-Key}
        clients:
          - id: reader
            profiles:
              sandbox:
                keys:
                  - {id: %s, hash: %s}
          - id: ops
            profiles:
              production:
                revoked: true
                keys:
                  - {id: %s, hash: %s}
          - id: writer
            profiles:
              sandbox:
                keys:
                  - ref: env:WRITER_KEY
        policy:
          default: deny
          rules:
            - effect: deny
              tools: ["list*"]
            - effect: allow
              clients: [reader, writer]
            - effect: deny
              tools: ["lsitPets"]
        upstream:
          allowLoopback: true
        audit:
          arguments: {redact: []}
        """.formatted(serverLines, base, base, ClientRegistry.keyIdOf(READER_KEY), hashHex(READER_KEY),
            ClientRegistry.keyIdOf(OPS_KEY), hashHex(OPS_KEY)) + extra);
    return config;
  }

  private static String hashHex(String key) {
    return HexFormat.of().formatHex(ClientRegistry.hashKey(key));
  }

  private static ECKey ecKey() {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String token(String clientId, String profile) {
    Instant now = Instant.now();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(RESOURCE)
        .subject("alice")
        .claim("client_id", clientId)
        .claim("profile", profile)
        .claim("scope", "pets.read")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
        .build();
    try {
      SignedJWT jwt = new SignedJWT(
          new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(SIGNING_KEY.getKeyID()).build(), claims);
      jwt.sign(new ECDSASigner(SIGNING_KEY));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final String PROTECTED_RESOURCE = """
        protectedResource:
          resource: %s
          authorizationServers: [%s]
          scopesSupported: [pets.read]
      """.formatted(RESOURCE, ISSUER);

  private String jwtSection() {
    return """
        identity:
          jwt:
            jwksUrl: http://127.0.0.1:%d/jwks
            issuer: %s
            algorithms: [ES256]
            claims:
              environment: profile
            requiredScopes: [pets.read]
        """.formatted(upstream.getAddress().getPort(), ISSUER);
  }

  private ServeCommand.Running start(Path config, StringWriter out) {
    return start(config, out, WRITER_KEY);
  }

  /** The environment holds one variable, WRITER_KEY; the upstream key comes from a file. */
  private ServeCommand.Running start(Path config, StringWriter out, String writerKey) {
    running = ServeCommand.start(config, 0, name -> name.equals("WRITER_KEY") ? writerKey : null,
        new PrintWriter(out, true));
    return running;
  }

  @Test
  void servesOnlyApprovedSelectedAllowedToolsAndInjectsTheUpstreamKey() throws IOException {
    StringWriter out = new StringWriter();
    URI endpoint = start(writeConfig(), out).uri();

    assertThat(endpoint.getPort()).isNotEqualTo(8080).isPositive();
    assertThat(out.toString())
        .contains("source pets: 2 tools, approved, binding pets-key")
        .contains("source pending: 3 tools, NOT approved (tools not served)")
        .contains("identity: 3 API keys of 3 clients")
        .contains("policy: 3 rules, deny overrides, default deny")
        .contains("warning: policy.rules[2].tools[0]: 'lsitPets' matches no tool")
        .contains("warning: policy.rules[2] (deny) overrides policy.rules[1] (allow), listed"
            + " before it, wherever both match")
        .contains("MCP endpoint: " + endpoint)
        .contains("MCP protocol 2026-07-28 (stateless) and 2025-11-25 with sessions"
            + " (also 2025-06-18, 2025-03-26)")
        .doesNotContain(UPSTREAM_SECRET);

    try (McpTestClient client = McpTestClient.builder(endpoint)
        .header("Authorization", "Bearer " + READER_KEY).build()) {
      client.initialize();
      JsonNode tools = client.listTools(null).response().path("result").path("tools");
      assertThat(tools.valueStream().map(t -> t.path("name").asString()).toList())
          .containsExactly("getPet");

      McpExchange call = client.callTool("getPet", McpTestClient.json("{\"id\":\"7\"}"));
      JsonNode result = call.response().path("result");
      assertThat(result.path("isError").asBoolean(false)).as(call.body()).isFalse();
      assertThat(result.toString()).contains("Rex").doesNotContain(UPSTREAM_SECRET);

      // denied by policy, not selected, not approved: each answers like a tool that does not exist
      for (String hidden : List.of("listPets", "createPet", "pending_getPet", "noSuchTool")) {
        McpExchange denied = client.callTool(hidden, McpTestClient.json("{\"id\":\"7\"}"));
        assertThat(denied.response().path("error").path("message").asString())
            .isEqualTo("Unknown tool: " + hidden);
      }
    }
    assertThat(received).singleElement().satisfies(request -> {
      assertThat(request.get("path")).isEqualTo("/v1/pets/7");
      assertThat(request.get("key")).isEqualTo(UPSTREAM_SECRET);
      assertThat(request.get("authorization")).isEqualTo("null");
    });
  }

  @Test
  void sizeAndRateLimitsFromTheFileStopCallsBeforeTheUpstream() throws IOException {
    URI endpoint = start(writeConfig("""
        limits:
          size: {maxStringLength: 8}
          rate:
            perTool:
              getPet: {capacity: 1, period: PT1H}
        """), new StringWriter()).uri();

    try (McpTestClient client = McpTestClient.builder(endpoint)
        .header("X-Api-Key", READER_KEY).build()) {
      client.initialize();
      JsonNode tooLong = client.callTool("getPet", McpTestClient.json("{\"id\":\"123456789\"}"))
          .response().path("result");
      assertThat(tooLong.path("isError").asBoolean()).isTrue();
      assertThat(tooLong.toString()).contains("too large");

      JsonNode first = client.callTool("getPet", McpTestClient.json("{\"id\":\"7\"}"))
          .response().path("result");
      assertThat(first.path("isError").asBoolean(false)).as(first.toString()).isFalse();
      JsonNode second = client.callTool("getPet", McpTestClient.json("{\"id\":\"8\"}"))
          .response().path("result");
      assertThat(second.path("isError").asBoolean()).as(second.toString()).isTrue();
    }
    assertThat(received).extracting(r -> r.get("path")).containsExactly("/v1/pets/7");
  }

  @Test
  void aRequestWithoutOrWithAWrongKeyGets401() throws IOException {
    URI endpoint = start(writeConfig(), new StringWriter()).uri();
    byte[] initialize = INITIALIZE;

    try (McpTestClient anonymous = McpTestClient.builder(endpoint).build();
        McpTestClient wrong = McpTestClient.builder(endpoint)
            .header("X-Api-Key", "not-the-key").build();
        McpTestClient unknown = McpTestClient.builder(endpoint)
            .header("X-Api-Key", ClientRegistry.generateKey()).build();
        McpTestClient revoked = McpTestClient.builder(endpoint)
            .header("X-Api-Key", OPS_KEY).build()) {
      McpExchange none = anonymous.post(initialize, Map.of());
      assertThat(none.status()).isEqualTo(401);
      assertThat(none.header("WWW-Authenticate")).isPresent();
      assertThat(wrong.post(initialize, Map.of()).status()).isEqualTo(401);
      assertThat(unknown.post(initialize, Map.of()).status()).isEqualTo(401);
      assertThat(revoked.post(initialize, Map.of()).status()).isEqualTo(401);
    }
    assertThat(received).isEmpty();
  }

  @Test
  void aJwtFromTheConfiguredIssuerAuthenticatesAndTheRegistrysRevocationsApplyToIt()
      throws IOException {
    URI endpoint = start(writeConfig(PROTECTED_RESOURCE, jwtSection()), new StringWriter()).uri();

    try (McpTestClient reader = McpTestClient.builder(endpoint)
        .header("Authorization", "Bearer " + token("reader", "sandbox")).build()) {
      reader.initialize();
      JsonNode result = reader.callTool("getPet", McpTestClient.json("{\"id\":\"7\"}"))
          .response().path("result");
      assertThat(result.path("isError").asBoolean(false)).as(result.toString()).isFalse();
    }
    try (McpTestClient revoked = McpTestClient.builder(endpoint)
        .header("Authorization", "Bearer " + token("ops", "production")).build();
        McpTestClient apiKey = McpTestClient.builder(endpoint)
            .header("Authorization", "Bearer " + READER_KEY).build()) {
      McpExchange refused = revoked.post(INITIALIZE, Map.of());
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.header("WWW-Authenticate").orElseThrow())
          .contains("invalid_token")
          .contains("resource_metadata=\"https://mcp.example.com/.well-known/"
              + "oauth-protected-resource/mcp\"");
      // API keys keep working next to JWTs: the key resolver is asked first.
      assertThat(apiKey.post(INITIALIZE, Map.of()).status()).isEqualTo(200);
    }
    assertThat(received).extracting(r -> r.get("path")).containsExactly("/v1/pets/7");
  }

  @Test
  void theProtectedResourceMetadataIsPublishedAtBothWellKnownPaths()
      throws IOException, InterruptedException {
    URI endpoint = start(writeConfig(PROTECTED_RESOURCE, jwtSection()), new StringWriter()).uri();
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

    for (String path : List.of("/.well-known/oauth-protected-resource",
        "/.well-known/oauth-protected-resource/mcp")) {
      java.net.http.HttpResponse<String> response = http.send(
          java.net.http.HttpRequest.newBuilder(endpoint.resolve(path)).GET().build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.body())
          .contains("\"resource\":\"" + RESOURCE + "\"")
          .contains("\"authorization_servers\":[\"" + ISSUER + "\"]")
          .contains("pets.read");
    }
  }

  @Test
  void anArgumentConditionRefusesACallWithoutHidingTheTool() throws IOException {
    Path config = writeConfig();
    Files.writeString(config, Files.readString(config).replace(
        "      clients: [reader, writer]\n",
        "      clients: [reader, writer]\n"
            + "      arguments: [{argument: id, operator: \"!=\", value: \"666\"}]\n"));
    URI endpoint = start(config, new StringWriter()).uri();

    try (McpTestClient reader = McpTestClient.builder(endpoint)
        .header("X-Api-Key", READER_KEY).build()) {
      reader.initialize();
      JsonNode tools = reader.listTools(null).response().path("result").path("tools");
      assertThat(tools.valueStream().map(t -> t.path("name").asString()).toList())
          .containsExactly("getPet");
      JsonNode allowed = reader.callTool("getPet", McpTestClient.json("{\"id\":\"7\"}"))
          .response().path("result");
      assertThat(allowed.path("isError").asBoolean(false)).as(allowed.toString()).isFalse();
      JsonNode refused = reader.callTool("getPet", McpTestClient.json("{\"id\":\"666\"}"))
          .response().path("result");
      assertThat(refused.path("isError").asBoolean()).as(refused.toString()).isTrue();
    }
    assertThat(received).extracting(r -> r.get("path")).containsExactly("/v1/pets/7");
  }

  @Test
  void aKeyReadByReferenceAuthenticatesItsClientAndProfile() throws IOException {
    URI endpoint = start(writeConfig(), new StringWriter()).uri();

    try (McpTestClient writer = McpTestClient.builder(endpoint)
        .header("X-Api-Key", WRITER_KEY).build()) {
      writer.initialize();
      JsonNode result = writer.callTool("getPet", McpTestClient.json("{\"id\":\"7\"}"))
          .response().path("result");
      assertThat(result.path("isError").asBoolean(false)).as(result.toString()).isFalse();
    }
  }

  @Test
  void aReferencedValueThatIsNotAnMcpgateKeyIsAProblemThatNeverShowsTheValue()
      throws IOException {
    Path config = writeConfig();

    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> start(config, new StringWriter(), "hunter2-password"));

    assertThat(e.problems()).containsExactly("clients[2].profiles.sandbox.keys[0].ref: not an"
        + " mcpgate key (mgk_<id>_<secret>, as java -jar mcpgate.jar hash-key --generate makes)");
    assertThat(e.getMessage()).doesNotContain("hunter2");
  }

  @Test
  void checkReportsWhatWouldBeServedAndExitsWithoutListening() throws IOException {
    StringWriter out = new StringWriter();
    // --check reads the real environment, which has no WRITER_KEY: list its key by hash.
    Path config = writeConfig();
    Files.writeString(config, Files.readString(config).replace("- ref: env:WRITER_KEY",
        "- {id: \"" + ClientRegistry.keyIdOf(WRITER_KEY) + "\", hash: " + hashHex(WRITER_KEY)
            + "}"));

    int code = McpgateCommand.execute(
        new String[] {"serve", "--config", config.toString(), "--check"},
        new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("source pets: 2 tools, approved, binding pets-key")
        .contains("configuration OK")
        .doesNotContain("MCP endpoint");
  }

  @Test
  void aBadConfigurationExitsWith2AndListsItsProblemsWithoutAStackTrace() throws IOException {
    Files.writeString(dir.resolve("pets.yaml"), PETS);
    Path config = dir.resolve("bad.yaml");
    Files.writeString(config, """
        sources:
          - id: pets
            description: pets.yaml
            binding: stripe-key
            operations: [getPet, refundPet]
        bindings: []
        server: {port: 99999}
        """);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = McpgateCommand.execute(new String[] {"serve", "--config", config.toString()},
        new PrintWriter(out, true), new PrintWriter(err, true));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("bad.yaml: 2 problems")
        .contains("  sources[0].binding: no binding 'stripe-key'")
        .contains("  server.port: must be from 0 to 65535")
        .doesNotContain("\tat ")
        .doesNotContain("Exception");
  }

  @Test
  void aStoredSecretTooShortToRedactStopsTheStartNamingTheBindingNotTheValue() throws IOException {
    Path config = writeConfig();
    Files.writeString(config, Files.readString(config).replace("- ref: env:WRITER_KEY",
        "- {id: \"" + ClientRegistry.keyIdOf(WRITER_KEY) + "\", hash: " + hashHex(WRITER_KEY)
            + "}"));
    Files.writeString(dir.resolve("secrets/pets/key"), "k7Zq2\n");
    StringWriter err = new StringWriter();

    int code = McpgateCommand.execute(
        new String[] {"serve", "--config", config.toString(), "--check"},
        new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("binding pets-key: its secret has fewer than 8 characters, too few to be"
            + " redacted safely from upstream answers")
        .doesNotContain("k7Zq2");
  }

  @Test
  void aCredentialPastedWhereAReferenceOrAListBelongsIsNeverPrinted() throws IOException {
    Files.writeString(dir.resolve("pets.yaml"), PETS);
    Path config = dir.resolve("pasted.yaml");
    Files.writeString(config, """
        sources:
          - id: pets
            description: pets.yaml
            binding: pets-key
            operations: admin7:CANARY-s3cr3t-value
        bindings:
          - id: pets-key
            kind: bearer
            secretRef: admin7:CANARY-s3cr3t-value
        """);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = McpgateCommand.execute(new String[] {"serve", "--config", config.toString()},
        new PrintWriter(out, true), new PrintWriter(err, true));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("  sources[0].operations: expected a list, found a string")
        .contains("  bindings[0].secretRef: not a secret reference; expected env:NAME or"
            + " file:PATH")
        .doesNotContain("admin7")
        .doesNotContain("CANARY")
        .doesNotContain("s3cr3t");
    assertThat(out.toString()).doesNotContain("CANARY");
  }

  @Test
  void anOperationTheDescriptionLacksIsAProblemOnceImported() throws IOException {
    Files.writeString(dir.resolve("pets.yaml"), PETS);
    Path config = dir.resolve("mcpgate.yaml");
    Files.writeString(config, """
        sources:
          - id: pets
            description: pets.yaml
            baseUrl: https://pets.example.com
            operations: [getPet, refundPet]
        """);
    StringWriter err = new StringWriter();

    int code = McpgateCommand.execute(new String[] {"serve", "-c", config.toString(), "-p", "0"},
        new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("sources[0].operations: no operation 'refundPet' in pets.yaml");
  }
}
