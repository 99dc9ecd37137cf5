package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.testkit.FakeUpstream;
import dev.mcpgate.testkit.McpTestClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The official MCP Java SDK client against {@code mcpgate serve}'s Management MCP endpoint
 * ({@code admin.path + "/mcp"} on the admin listener), over real loopback HTTP: a viewer lists
 * and calls the reads only; an admin plans a client's revocation, applies it, and the revoked
 * client's next data-plane call is refused. Without {@code admin.mcpAllowUnconfirmed}, the
 * client's elicitation handler is asked to confirm: its yes applies the plan, its no does not,
 * and a client without elicitation is told to use the UI or the CLI.
 */
class ManagementMcpOfficialClientTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;
  private Path config;
  private final FakeUpstream upstream = FakeUpstream.start()
      .otherwise(FakeUpstream.Answer.json(200, "[{\"name\":\"Rex\"}]"));
  private ServeCommand.@Nullable Running running;

  @BeforeEach
  void writeFiles() throws Exception {
    config = dir.resolve("mcpgate.yaml");
    Files.writeString(config, """
        sources: []
        policy:
          default: allow
        upstream:
          allowLoopback: true
          allowHosts: ["127.0.0.1"]
        store:
          url: jdbc:sqlite:control.db
        admin:
          port: 0
          mcpAllowUnconfirmed: true
        """);
    Files.writeString(dir.resolve("pets.yaml"), StoreCommandsTest.PETS_V1
        .replace("https://pets.invalid/v1", upstream.url().toString()));
  }

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
    upstream.close();
  }

  private String cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] full = new String[args.length + 2];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--config";
    full[args.length + 1] = config.toString();
    int code = McpgateCommand.execute(full, new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(code).as(String.join(" ", args) + ": " + err + out).isZero();
    return out.toString();
  }

  private String operator(String name, String role) {
    return cli("operators", "create", name, "--role", role).replaceAll("(?s).*(mgo_\\S+).*", "$1");
  }

  private McpSyncClient sdk(String token) {
    return sdk(token, null);
  }

  /** An initialized SDK client; with a handler, it declares elicitation and answers with it. */
  private McpSyncClient sdk(String token,
      @Nullable Function<McpSchema.ElicitFormRequest, McpSchema.ElicitResult> elicitation) {
    URI endpoint = running.adminUri().resolve("mcp");
    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder(endpoint.resolve("/").toString())
            .endpoint(endpoint.getPath())
            .addHttpRequestCustomizer((request, method, uri, body, context) ->
                request.header("Authorization", "Bearer " + token))
            .build();
    McpClient.SyncSpec spec = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20));
    if (elicitation != null) {
      spec.capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
          .elicitation(elicitation);
    }
    McpSyncClient client = spec.build();
    client.initialize();
    return client;
  }

  private static List<String> names(McpSyncClient client) {
    return client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
  }

  private static McpSchema.CallToolResult call(McpSyncClient client, String tool,
      Map<String, Object> arguments) {
    return client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(arguments).build());
  }

  private static JsonNode structured(McpSchema.CallToolResult result) {
    return JSON.valueToTree(result.structuredContent());
  }

  private static String text(McpSchema.CallToolResult result) {
    return result.content().stream().map(c -> ((McpSchema.TextContent) c).text())
        .reduce("", (a, b) -> a + b + "\n");
  }

  /** The status of a data-plane request with a client's key: 200, or 401 once revoked. */
  private static int dataPlaneStatus(URI endpoint, String key) {
    try (McpTestClient client = McpTestClient.builder(endpoint)
        .header("Authorization", "Bearer " + key).build()) {
      return client.post(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
          + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":"
          + "{\"name\":\"agent\",\"version\":\"1\"}}}").getBytes(StandardCharsets.UTF_8),
          Map.of()).status();
    }
  }

  @Test
  void aViewerAndAnAdminUseTheManagementToolsAndAnAppliedRevocationRefusesTheClient()
      throws Exception {
    cli("sources", "import", "pets", dir.resolve("pets.yaml").toString());
    cli("sources", "approve", "pets");
    cli("sources", "publish", "pets", "--env", "production");
    cli("clients", "create", "agent");
    cli("clients", "add-profile", "agent", "production");
    String key = JSON.readTree(cli("clients", "issue-key", "agent", "production", "--output",
        "json")).at("/result/secret").asString();
    String viewerToken = operator("vera", "viewer");
    String adminToken = operator("root", "admin");
    running = ServeCommand.start(config, 0, name -> null, new PrintWriter(new StringWriter()));
    URI dataPlane = running.uri();
    try (McpTestClient agent = McpTestClient.builder(dataPlane)
        .header("Authorization", "Bearer " + key).build()) {
      agent.initialize();
      assertThat(agent.callTool("listPets", McpTestClient.json("{}")).response()
          .path("result").toString()).contains("Rex");
    }

    McpSyncClient viewer = sdk(viewerToken);
    try {
      assertThat(names(viewer)).contains("listClients", "getClient", "listChanges")
          .doesNotContain("revokeClient", "apply");
      McpSchema.CallToolResult clients = call(viewer, "listClients", Map.of());
      assertThat(Boolean.TRUE.equals(clients.isError())).isFalse();
      assertThat(text(clients)).contains("untrusted data").contains("<untrusted-data>");
      assertThat(structured(clients).at("/data/items/0/meta/id").asString()).isEqualTo("agent");
    } finally {
      viewer.closeGracefully();
    }

    McpSyncClient admin = sdk(adminToken);
    try {
      assertThat(names(admin)).contains("revokeClient", "apply", "approveRevision",
          "revokeOperator");
      long revision = structured(call(admin, "getClient", Map.of("client", "agent")))
          .at("/data/meta/revision").asLong();
      McpSchema.CallToolResult plan = call(admin, "revokeClient",
          Map.of("client", "agent", "If-Match", String.valueOf(revision)));
      assertThat(Boolean.TRUE.equals(plan.isError())).as(text(plan)).isFalse();
      assertThat(structured(plan).path("needsConfirmation").asBoolean()).isTrue();
      String token = structured(plan).path("planToken").asString();
      assertThat(dataPlaneStatus(dataPlane, key)).as("planning changes nothing").isEqualTo(200);

      McpSchema.CallToolResult applied = call(admin, "apply", Map.of("planToken", token));

      assertThat(Boolean.TRUE.equals(applied.isError())).as(text(applied)).isFalse();
      assertThat(structured(applied).path("applied").asBoolean()).isTrue();
      // serve swaps in the new snapshot as soon as the change is published (within 2 s).
      assertThat(LiveStoreTest.within(Duration.ofSeconds(2),
          () -> dataPlaneStatus(dataPlane, key) == 401))
          .as("the revoked client's next call is refused").isNotNull();
      JsonNode change = structured(call(admin, "listChanges", Map.of("limit", 1)))
          .at("/data/items/0");
      assertThat(change.path("surface").asString()).isEqualToIgnoringCase("mcp");
      assertThat(change.path("actor").asString()).isEqualTo("root");
      assertThat(change.path("objectId").asString()).isEqualTo("agent");
    } finally {
      admin.closeGracefully();
    }
  }

  /** serve without admin.mcpAllowUnconfirmed, a published source and a client with its key. */
  private record Scene(URI dataPlane, String key, String adminToken) {}

  private Scene confirmingServe() throws Exception {
    Files.writeString(config, Files.readString(config).replace("  mcpAllowUnconfirmed: true\n",
        ""));
    cli("sources", "import", "pets", dir.resolve("pets.yaml").toString());
    cli("sources", "approve", "pets");
    cli("sources", "publish", "pets", "--env", "production");
    cli("clients", "create", "agent");
    cli("clients", "add-profile", "agent", "production");
    String key = JSON.readTree(cli("clients", "issue-key", "agent", "production", "--output",
        "json")).at("/result/secret").asString();
    String adminToken = operator("root", "admin");
    running = ServeCommand.start(config, 0, name -> null, new PrintWriter(new StringWriter()));
    assertThat(dataPlaneStatus(running.uri(), key)).isEqualTo(200);
    return new Scene(running.uri(), key, adminToken);
  }

  /** Plans the revocation of client agent; the plan's token. */
  private static String planRevocation(McpSyncClient admin) {
    long revision = structured(call(admin, "getClient", Map.of("client", "agent")))
        .at("/data/meta/revision").asLong();
    McpSchema.CallToolResult plan = call(admin, "revokeClient",
        Map.of("client", "agent", "If-Match", String.valueOf(revision)));
    assertThat(Boolean.TRUE.equals(plan.isError())).as(text(plan)).isFalse();
    assertThat(structured(plan).path("needsConfirmation").asBoolean()).isTrue();
    return structured(plan).path("planToken").asString();
  }

  @Test
  void theClientsUserConfirmsARevocationThroughElicitationAndTheClientIsThenRefused()
      throws Exception {
    Scene scene = confirmingServe();
    List<McpSchema.ElicitFormRequest> asked = Collections.synchronizedList(new ArrayList<>());
    McpSyncClient admin = sdk(scene.adminToken(), request -> {
      asked.add(request);
      return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT,
          Map.of("confirm", true));
    });
    try {
      String token = planRevocation(admin);
      assertThat(asked).as("planning asks no one").isEmpty();

      McpSchema.CallToolResult applied = call(admin, "apply", Map.of("planToken", token));

      assertThat(Boolean.TRUE.equals(applied.isError())).as(text(applied)).isFalse();
      assertThat(structured(applied).path("applied").asBoolean()).isTrue();
      assertThat(structured(applied).path("confirmed").asString()).contains("elicitation");
      assertThat(asked).singleElement().satisfies(request -> {
        assertThat(request.message()).contains("Operator root", "revokeClient", "\"agent\"",
            "revoked client agent");
        assertThat(request.requestedSchema()).containsKey("properties");
      });
      assertThat(LiveStoreTest.within(Duration.ofSeconds(2),
          () -> dataPlaneStatus(scene.dataPlane(), scene.key()) == 401))
          .as("the revoked client's next call is refused").isNotNull();
      McpSchema.CallToolResult again = call(admin, "apply", Map.of("planToken", token));
      assertThat(text(again)).contains("already applied");
      assertThat(asked).as("a spent plan asks no one again").hasSize(1);
    } finally {
      admin.closeGracefully();
    }
  }

  @Test
  void aDeclineThroughElicitationAppliesNothing() throws Exception {
    Scene scene = confirmingServe();
    McpSyncClient admin = sdk(scene.adminToken(), request -> new McpSchema.ElicitResult(
        McpSchema.ElicitResult.Action.DECLINE, null));
    try {
      McpSchema.CallToolResult refused = call(admin, "apply",
          Map.of("planToken", planRevocation(admin)));

      assertThat(Boolean.TRUE.equals(refused.isError())).isTrue();
      assertThat(text(refused)).contains("Not applied: the human declined");
      assertThat(dataPlaneStatus(scene.dataPlane(), scene.key())).isEqualTo(200);
      JsonNode change = structured(call(admin, "listChanges", Map.of("limit", 1)))
          .at("/data/items/0");
      assertThat(change.path("surface").asString()).isNotEqualToIgnoringCase("mcp");
    } finally {
      admin.closeGracefully();
    }
  }

  @Test
  void aClientWithoutElicitationIsToldToUseTheUiOrTheCli() throws Exception {
    Scene scene = confirmingServe();
    McpSyncClient admin = sdk(scene.adminToken());
    try {
      McpSchema.CallToolResult refused = call(admin, "apply",
          Map.of("planToken", planRevocation(admin)));

      assertThat(Boolean.TRUE.equals(refused.isError())).isTrue();
      assertThat(text(refused)).contains("cannot ask one", "admin UI", "mcpgate CLI");
      assertThat(dataPlaneStatus(scene.dataPlane(), scene.key())).isEqualTo(200);
    } finally {
      admin.closeGracefully();
    }
  }

  @Test
  void theManagementEndpointIsOnTheAdminListenerOnlyAndSaysWhereAtStartup() throws Exception {
    String adminToken = operator("root", "admin");
    StringWriter out = new StringWriter();
    running = ServeCommand.start(config, 0, name -> null, new PrintWriter(out, true));
    URI management = running.adminUri().resolve("mcp");

    assertThat(out.toString()).contains("management MCP: " + management);
    assertThat(dataPlaneStatus(management, adminToken)).isEqualTo(200);
    assertThat(dataPlaneStatus(running.uri().resolve("/admin/mcp"), adminToken))
        .as("the data plane's port never serves it").isIn(404, 405);
    assertThat(dataPlaneStatus(running.uri(), adminToken))
        .as("an operator token is no data-plane credential").isEqualTo(401);
  }
}
