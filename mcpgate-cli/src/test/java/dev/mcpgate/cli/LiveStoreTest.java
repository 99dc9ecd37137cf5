package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.cli.internal.ConfigLoader;
import dev.mcpgate.cli.internal.StoreAccess;
import dev.mcpgate.control.Actor;
import dev.mcpgate.control.AuditQuery;
import dev.mcpgate.control.ChangeEvent;
import dev.mcpgate.control.Command;
import dev.mcpgate.control.LimitDefinition;
import dev.mcpgate.control.ObjectKind;
import dev.mcpgate.control.RuleDefinition;
import dev.mcpgate.control.Surface;
import dev.mcpgate.control.store.ControlStore;
import dev.mcpgate.core.policy.PolicyRule;
import dev.mcpgate.testkit.McpTestClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code mcpgate serve} on a store follows it live: what the CLI (another control plane on the
 * same store, as another process would be) approves, publishes or revokes is served or refused
 * within 2 s, over real loopback HTTP, without a restart.
 */
class LiveStoreTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration WITHIN = Duration.ofSeconds(2);

  @TempDir Path dir;
  Path config;
  final List<ServeCommand.Running> running = new ArrayList<>();
  final java.util.Map<String, String> environment = new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeEach
  void writeFiles() throws IOException {
    config = dir.resolve("mcpgate.yaml");
    Files.writeString(config, configText());
    Files.writeString(dir.resolve("pets-v1.yaml"), StoreCommandsTest.PETS_V1);
    Files.writeString(dir.resolve("pets-v2.yaml"), StoreCommandsTest.PETS_V2);
  }

  @AfterEach
  void stop() {
    running.forEach(ServeCommand.Running::close);
  }

  /** The serve configuration: no source in the file, everything in the store. */
  String configText() {
    return """
        sources: []
        policy:
          default: allow
        upstream:
          allowLoopback: true
          allowHosts: ["127.0.0.1"]
        store:
          url: jdbc:sqlite:control.db
          poll: PT0.2S
        admin:
          port: 0
        """;
  }

  /** The store serve runs on, opened as another process would. */
  ControlStore openStore() {
    return ControlStore.sqlite(dir.resolve("control.db"));
  }

  String cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] full = new String[args.length + 4];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--config";
    full[args.length + 1] = config.toString();
    full[args.length + 2] = "--output";
    full[args.length + 3] = "json";
    int code = McpgateCommand.execute(full, new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(code).as(String.join(" ", args) + ": " + err + out).isZero();
    return out.toString();
  }

  URI serve() {
    ServeCommand.Running server = ServeCommand.start(config, 0, environment::get,
        new PrintWriter(new StringWriter()));
    running.add(server);
    return server.uri();
  }

  /** A published, approved source and a client with a key; returns the key. */
  String seed() {
    cli("sources", "import", "pets", dir.resolve("pets-v1.yaml").toString());
    cli("sources", "approve", "pets");
    cli("sources", "publish", "pets", "--env", "production");
    cli("clients", "create", "agent");
    cli("clients", "add-profile", "agent", "production");
    return JSON.readTree(cli("clients", "issue-key", "agent", "production"))
        .at("/result/secret").asString();
  }

  static List<String> toolNames(McpTestClient client) {
    JsonNode tools = client.listTools(null).response().path("result").path("tools");
    return tools.valueStream().map(t -> t.path("name").asString()).toList();
  }

  /** Waits until the condition holds; returns how long it took, or null after {@code limit}. */
  static @Nullable Duration within(Duration limit, BooleanSupplier condition)
      throws InterruptedException {
    long start = System.nanoTime();
    while (System.nanoTime() - start < limit.toNanos()) {
      if (condition.getAsBoolean()) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      Thread.sleep(20);
    }
    return condition.getAsBoolean() ? Duration.ofNanos(System.nanoTime() - start) : null;
  }

  @Test
  void aBindingRotatedByTheCliIsUsedByTheNextCall() throws Exception {
    List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext("/", exchange -> {
      received.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      byte[] body = "[{\"name\":\"Rex\"}]".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    upstream.start();
    try {
      Path spec = dir.resolve("pets-local.yaml");
      Files.writeString(spec, StoreCommandsTest.PETS_V1.replace("https://pets.invalid/v1",
          "http://127.0.0.1:" + upstream.getAddress().getPort() + "/v1"));
      cli("sources", "import", "pets", spec.toString());
      cli("sources", "approve", "pets");
      cli("sources", "publish", "pets", "--env", "production");
      cli("bindings", "put", "pets", "--kind", "bearer", "--secret-ref", "env:PETS_TOKEN");
      cli("clients", "create", "agent");
      cli("clients", "add-profile", "agent", "production");
      String key = JSON.readTree(cli("clients", "issue-key", "agent", "production"))
          .at("/result/secret").asString();
      environment.put("PETS_TOKEN", "first-token");
      environment.put("PETS_TOKEN_2", "second-token");
      URI endpoint = serve();
      try (McpTestClient client = McpTestClient.builder(endpoint)
          .header("Authorization", "Bearer " + key).build()) {
        client.initialize();
        JsonNode first = client.callTool("listPets", McpTestClient.json("{}")).response();
        assertThat(first.path("result").toString()).contains("Rex").doesNotContain("token");
        assertThat(received).containsExactly("Bearer first-token");

        cli("bindings", "put", "pets", "--kind", "bearer", "--secret-ref", "env:PETS_TOKEN_2");
        assertThat(within(WITHIN, () -> {
          client.callTool("listPets", McpTestClient.json("{}"));
          return received.get(received.size() - 1).equals("Bearer second-token");
        })).isNotNull();
      }
    } finally {
      upstream.stop(0);
    }
  }

  @Test
  void aBindingInUseIsNotDeletedAndASourceWhoseBindingIsGoneAnywayIsNotServed()
      throws Exception {
    cli("bindings", "put", "pets-key", "--kind", "bearer", "--secret-ref", "env:PETS_TOKEN");
    cli("sources", "import", "pets", dir.resolve("pets-v1.yaml").toString(), "--binding",
        "pets-key");
    cli("sources", "approve", "pets");
    cli("sources", "publish", "pets", "--env", "production");
    cli("clients", "create", "agent");
    cli("clients", "add-profile", "agent", "production");
    String key = JSON.readTree(cli("clients", "issue-key", "agent", "production"))
        .at("/result/secret").asString();
    environment.put("PETS_TOKEN", "a-token");
    URI endpoint = serve();
    try (McpTestClient client = McpTestClient.builder(endpoint)
        .header("Authorization", "Bearer " + key).build()) {
      client.initialize();
      assertThat(toolNames(client)).contains("listPets");

      StringWriter out = new StringWriter();
      int code = McpgateCommand.execute(new String[] {"bindings", "delete", "pets-key",
          "--config", config.toString()}, new PrintWriter(out, true), new PrintWriter(out, true));
      assertThat(code).isNotZero();
      assertThat(out.toString()).contains("used by the published source pets revision 1");

      // Fail closed: should the binding be gone all the same (a deletion racing a publication
      // on a database that does not serialize the two), the source's tools go, never called
      // without their credential.
      try (ControlStore store = openStore()) {
        store.write(tx -> {
          assertThat(tx.delete(ObjectKind.BINDING, "pets-key", 1)).isTrue();
          return tx.appendChange(new ChangeEvent(0, Instant.now(), "race", Surface.API,
              ObjectKind.BINDING, "pets-key", 1, 0, "deleted binding pets-key"));
        });
      }
      assertThat(within(WITHIN, () -> !toolNames(client).contains("listPets"))).isNotNull();
      assertThat(client.callTool("listPets", McpTestClient.json("{}")).response().toString())
          .doesNotContain("Rex").contains("listPets");

      cli("bindings", "put", "pets-key", "--kind", "bearer", "--secret-ref", "env:PETS_TOKEN");
      assertThat(within(WITHIN, () -> toolNames(client).contains("listPets"))).isNotNull();
    }
  }

  @Test
  void aRateLimitSetThroughTheServiceLayerRefusesTheCallsBeyondItAndItsRemovalLiftsIt()
      throws Exception {
    HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext("/", exchange -> {
      byte[] body = "[{\"name\":\"Rex\"}]".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    upstream.start();
    Actor actor = Actor.local(Surface.API);
    try (StoreAccess store = StoreAccess.open(ConfigLoader.load(config), name -> null, "test")) {
      Path spec = dir.resolve("pets-local.yaml");
      Files.writeString(spec, StoreCommandsTest.PETS_V1.replace("https://pets.invalid/v1",
          "http://127.0.0.1:" + upstream.getAddress().getPort() + "/v1"));
      cli("sources", "import", "pets", spec.toString());
      cli("sources", "approve", "pets");
      cli("sources", "publish", "pets", "--env", "production");
      cli("clients", "create", "agent");
      cli("clients", "add-profile", "agent", "production");
      String key = JSON.readTree(cli("clients", "issue-key", "agent", "production"))
          .at("/result/secret").asString();
      // Present when serve starts: its first snapshot carries it, so the count is exact.
      assertThat(store.control().apply(actor, new Command.PutLimit(new LimitDefinition(
          "agent-calls", LimitDefinition.Scope.CLIENT, "agent", 2, Duration.ofHours(1)), 0))
          .applied()).isTrue();
      URI endpoint = serve();
      try (McpTestClient client = McpTestClient.builder(endpoint)
          .header("Authorization", "Bearer " + key).build()) {
        client.initialize();
        assertThat(call(client)).contains("Rex");
        assertThat(call(client)).contains("Rex");
        String refused = call(client);
        assertThat(refused).contains("Rate limit reached for tool listPets")
            .contains("limit agent-calls: client agent").doesNotContain("Rex");
        assertThat(call(client)).contains("Rate limit reached");

        // Serve's audit writer is asynchronous: its events reach the store shortly.
        java.util.function.Supplier<List<AuditEvent>> denied = () -> store.control().audit()
            .query(AuditQuery.latest(100)).stream()
            .filter(e -> "listPets".equals(e.tool()) && e.outcome() == AuditOutcome.DENIED)
            .toList();
        assertThat(within(WITHIN, () -> denied.get().size() == 2)).isNotNull();
        assertThat(denied.get()).allSatisfy(event -> assertThat(event.gates().toString())
            .contains("gate=RATE_LIMIT, passed=false, reason=limit agent-calls: client agent"));

        assertThat(store.control().apply(actor, new Command.DeleteLimit("agent-calls", 1))
            .applied()).isTrue();
        assertThat(within(WITHIN, () -> call(client).contains("Rex")))
            .as("the removed limit is lifted within 2 s").isNotNull();
        assertThat(call(client)).contains("Rex");

        assertThat(store.control().apply(actor, new Command.PutLimit(new LimitDefinition(
            "per-tool", LimitDefinition.Scope.TOOL, "listPets", 1, Duration.ofHours(1)), 0))
            .applied()).isTrue();
        assertThat(within(WITHIN, () -> call(client).contains("limit per-tool: tool listPets")))
            .as("a new tool limit is enforced within 2 s").isNotNull();
        assertThat(call(client)).contains("Rate limit reached");
      }
    } finally {
      upstream.stop(0);
    }
  }

  private static String call(McpTestClient client) {
    return client.callTool("listPets", McpTestClient.json("{}")).response().toString();
  }

  /** Makes the store unreadable, as a lost database or a corrupted file would. */
  void breakStore() throws Exception {
    for (String name : List.of("control.db-wal", "control.db-shm")) {
      Files.deleteIfExists(dir.resolve(name));
    }
    Files.writeString(dir.resolve("control.db"), "not a database any more");
  }

  @Test
  void whenTheStoreCannotBeReadTheLastSnapshotKeepsServing() throws Exception {
    String key = seed();
    URI endpoint = serve();
    try (McpTestClient client = McpTestClient.builder(endpoint)
        .header("Authorization", "Bearer " + key).build()) {
      client.initialize();
      assertThat(toolNames(client)).containsExactly("listPets");

      breakStore();
      Thread.sleep(1500); // several polls, each failing
      assertThat(toolNames(client)).containsExactly("listPets");
      assertThat(client.listTools(null).status()).isEqualTo(200);
    }
  }

  @Test
  void aRuleAddedInTheStoreDecidesTheNextRequest() throws Exception {
    String key = seed();
    URI endpoint = serve();
    try (McpTestClient client = McpTestClient.builder(endpoint)
            .header("Authorization", "Bearer " + key).build();
        StoreAccess store = StoreAccess.open(ConfigLoader.load(config), name -> null, "test")) {
      client.initialize();
      assertThat(toolNames(client)).containsExactly("listPets");

      RuleDefinition deny = new RuleDefinition("no-listing", 1, PolicyRule.Effect.DENY, null,
          List.of(), List.of("agent"), List.of(), List.of("listPets"), List.of(), List.of(),
          List.of(), null);
      assertThat(store.control().apply(Actor.local(Surface.API), new Command.PutRule(deny, 0))
          .applied()).isTrue();
      assertThat(within(WITHIN, () -> toolNames(client).isEmpty())).isNotNull();
    }
  }

  @Test
  void aKeyRevokedByTheCliIsRefusedWithin2Seconds() throws Exception {
    String key = seed();
    URI endpoint = serve();
    try (McpTestClient client = McpTestClient.builder(endpoint)
        .header("Authorization", "Bearer " + key).build()) {
      assertThat(client.initialize().status()).isEqualTo(200);
      assertThat(toolNames(client)).containsExactly("listPets");

      String keyId = JSON.readTree(cli("clients", "keys", "agent")).at("/0/meta/id").asString();
      cli("clients", "revoke-key", keyId);
      Duration took = within(WITHIN, () -> client.listTools(null).status() == 401);
      assertThat(took).as("the revoked key is refused within 2 s").isNotNull();
    }
  }

  @Test
  void aNewRevisionApprovedAndPublishedByTheCliIsListedWithin2Seconds() throws Exception {
    String key = seed();
    URI endpoint = serve();
    try (McpTestClient client = McpTestClient.builder(endpoint)
        .header("Authorization", "Bearer " + key).build()) {
      client.initialize();
      assertThat(toolNames(client)).containsExactly("listPets");

      cli("sources", "import", "pets", dir.resolve("pets-v2.yaml").toString());
      cli("sources", "approve", "pets");
      cli("sources", "publish", "pets", "--env", "production");
      assertThat(within(WITHIN, () -> toolNames(client).contains("addPet"))).isNotNull();
      assertThat(toolNames(client)).containsExactlyInAnyOrder("listPets", "addPet");

      cli("sources", "select", "pets", "addPet");
      assertThat(within(WITHIN, () -> toolNames(client).equals(List.of("addPet")))).isNotNull();

      cli("sources", "withdraw", "pets", "--env", "production");
      assertThat(within(WITHIN, () -> toolNames(client).isEmpty())).isNotNull();
    }
  }

  @Test
  void anOpenSessionIsToldTheToolListChanged() throws Exception {
    String key = seed();
    URI endpoint = serve();
    try (McpTestClient client = McpTestClient.builder(endpoint)
        .header("Authorization", "Bearer " + key).build()) {
      client.initialize();
      HttpRequest get = HttpRequest.newBuilder(endpoint)
          .header("Accept", "text/event-stream")
          .header("Authorization", "Bearer " + key)
          .header("Mcp-Session-Id", java.util.Objects.requireNonNull(client.sessionId()))
          .GET().build();
      HttpResponse<InputStream> stream = HttpClient.newHttpClient()
          .send(get, HttpResponse.BodyHandlers.ofInputStream());
      assertThat(stream.statusCode()).isEqualTo(200);
      BufferedReader lines = new BufferedReader(
          new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
      CompletableFuture<String> changed = CompletableFuture.supplyAsync(() -> {
        try {
          String line;
          while ((line = lines.readLine()) != null) {
            if (line.startsWith("data:")) {
              return line;
            }
          }
          return "stream ended";
        } catch (IOException e) {
          return e.toString();
        }
      });

      cli("sources", "import", "pets", dir.resolve("pets-v2.yaml").toString());
      cli("sources", "approve", "pets");
      cli("sources", "publish", "pets", "--env", "production");

      assertThat(changed.get(5, TimeUnit.SECONDS)).contains("notifications/tools/list_changed");
      stream.body().close();
    }
  }
}
