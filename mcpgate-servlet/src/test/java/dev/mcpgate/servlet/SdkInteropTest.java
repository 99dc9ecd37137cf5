package dev.mcpgate.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.Content;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.ToolResult;
import dev.mcpgate.core.client.ClientCapability;
import dev.mcpgate.core.client.ClientRequest;
import dev.mcpgate.core.client.Elicitation;
import dev.mcpgate.core.completion.Completion;
import dev.mcpgate.core.prompts.Prompt;
import dev.mcpgate.core.prompts.PromptArgument;
import dev.mcpgate.core.prompts.PromptMessage;
import dev.mcpgate.core.prompts.PromptResult;
import dev.mcpgate.core.resources.Resource;
import dev.mcpgate.core.resources.ResourceContents;
import dev.mcpgate.core.resources.ResourceTemplate;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The official MCP Java SDK client (2.2.0) against the filter under embedded Jetty 12: proof
 * of interoperability from a client we did not write, on revision 2025-11-25: tools, resources
 * (text, binary, templates, subscriptions), prompts, completion, and a tool that asks the client
 * (elicitation, sampling, roots).
 */
class SdkInteropTest {

  private static final int TOOLS = 10;

  @Test
  void theOfficialJavaClientInitializesPagesThroughToolsCallsOneAndEndsTheSession()
      throws Exception {
    McpGateway.Builder builder = TestTools.gateway().pageSize(3);
    for (int i = 0; i < TOOLS - 2; i++) {
      builder.tool(ToolDefinition.builder(String.format("extra_%02d", i)).build(),
          call -> ToolResult.text("extra"));
    }
    List<String> seen = new CopyOnWriteArrayList<>();
    Filter recorder = (request, response, chain) -> {
      chain.doFilter(request, response);
      seen.add(((HttpServletRequest) request).getMethod() + " "
          + ((HttpServletResponse) response).getStatus());
    };
    try (JettyHost host =
        JettyHost.withFilter(builder.build(), McpTransportConfig.defaults(), recorder)) {
      HttpClientStreamableHttpTransport transport =
          HttpClientStreamableHttpTransport.builder(host.base().toString())
              .endpoint("/mcp")
              .build();
      McpSyncClient client =
          McpClient.sync(transport).requestTimeout(Duration.ofSeconds(10)).build();

      McpSchema.InitializeResult init = client.initialize();
      assertThat(init.protocolVersion()).isIn(McpGateway.SUPPORTED_PROTOCOL_VERSIONS);
      assertThat(init.serverInfo().name()).isEqualTo("transport-test");
      assertThat(init.capabilities().tools()).isNotNull();

      List<String> names = new ArrayList<>();
      int pages = 0;
      String cursor = null;
      do {
        McpSchema.ListToolsResult page = client.listTools(cursor);
        page.tools().forEach(tool -> names.add(tool.name()));
        cursor = page.nextCursor();
        pages++;
      } while (cursor != null);
      assertThat(pages).isEqualTo(4);
      assertThat(names).hasSize(TOOLS).doesNotHaveDuplicates().contains("echo", "count");

      McpSchema.CallToolResult result =
          client.callTool(McpSchema.CallToolRequest.builder("echo")
              .arguments(Map.of("text", "from the SDK")).build());
      assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
      assertThat(((McpSchema.TextContent) result.content().get(0)).text())
          .isEqualTo("from the SDK");

      McpSchema.CallToolResult invalid =
          client.callTool(McpSchema.CallToolRequest.builder("echo")
              .arguments(Map.of("text", 42)).build());
      assertThat(invalid.isError()).isTrue();

      assertThat(client.closeGracefully()).isTrue();
      assertThat(seen).contains("DELETE 204");
    }
  }

  private static final byte[] LOGO = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};
  private static final String POLICY_URI = "orders://policies/returns";
  private static final List<String> ORDER_IDS = List.of("A-100", "A-101", "B-200");

  /** A gateway serving resources, a template, a prompt and a tool that asks the client. */
  private static McpGateway featureGateway() {
    return TestTools.gateway()
        .resource(
            Resource.builder(POLICY_URI, "returns-policy").title("Returns policy")
                .mimeType("text/markdown").build(),
            read -> List.of(ResourceContents.text(read.uri(), "text/markdown", "# Returns")))
        .resource(
            Resource.builder("orders://brand/logo", "logo").mimeType("image/png").build(),
            read -> List.of(ResourceContents.blob(read.uri(), "image/png", LOGO)))
        .resourceTemplate(
            ResourceTemplate.builder("orders://orders/{id}", "order")
                .mimeType("application/json").build(),
            read -> ORDER_IDS.contains(read.variables().get("id"))
                ? List.of(ResourceContents.text(read.uri(), "application/json",
                    "{\"id\":\"" + read.variables().get("id") + "\"}"))
                : List.of(),
            request -> Completion.startingWith(request.value(), ORDER_IDS))
        .prompt(
            Prompt.of("draft_apology", "Drafts an apology for a late order.",
                PromptArgument.required("orderId", "The late order"),
                PromptArgument.optional("tone", "formal or friendly")),
            get -> PromptResult.of(PromptMessage.user(Content.text(
                "Write a " + get.argument("tone", "friendly") + " apology for order "
                    + get.arguments().get("orderId") + "."))),
            request -> Completion.startingWith(request.value(), ORDER_IDS))
        .tool(ToolDefinition.builder("ask_everything")
                .description("Asks the user, the model and the roots").build(),
            call -> {
              List<String> missing = java.util.Arrays.stream(ClientCapability.values())
                  .filter(capability -> !call.client().supports(capability))
                  .map(Enum::name).toList();
              if (!missing.isEmpty()) {
                return ToolResult.error("missing " + missing);
              }
              ObjectNode schema = JsonMapper.shared().createObjectNode();
              schema.put("type", "object");
              schema.putObject("properties").putObject("name").put("type", "string");
              Elicitation who = call.client().elicit("who", "Your name?", schema);
              ObjectNode sampling = JsonMapper.shared().createObjectNode();
              ObjectNode message = sampling.putArray("messages").addObject();
              message.put("role", "user");
              message.putObject("content").put("type", "text").put("text", "Say hi");
              sampling.put("maxTokens", 20);
              JsonNode sampled = call.client().ask("hi", ClientRequest.sampling(sampling));
              JsonNode roots = call.client().ask("roots", ClientRequest.listRoots());
              return ToolResult.text(who.action() + " " + who.content().path("name").asString()
                  + " | " + sampled.path("content").path("text").asString()
                  + " by " + sampled.path("model").asString()
                  + " | " + roots.path("roots").path(0).path("uri").asString());
            })
        .build();
  }

  private static McpSchema.ReadResourceResult read(McpSyncClient client, String uri) {
    return client.readResource(McpSchema.ReadResourceRequest.builder(uri).build());
  }

  @Test
  void theOfficialJavaClientListsAndReadsResourcesTemplatesAndPromptsAndCompletesArguments()
      throws Exception {
    try (JettyHost host = JettyHost.withFilter(featureGateway(), McpTransportConfig.defaults())) {
      McpSyncClient client = sdkClient(host, null);
      McpSchema.InitializeResult init = client.initialize();
      assertThat(init.capabilities().resources().subscribe()).isTrue();
      assertThat(init.capabilities().prompts()).isNotNull();
      assertThat(init.capabilities().completions()).isNotNull();

      assertThat(client.listResources().resources())
          .extracting(McpSchema.Resource::uri, McpSchema.Resource::mimeType)
          .containsExactlyInAnyOrder(
              tuple(POLICY_URI, "text/markdown"),
              tuple("orders://brand/logo", "image/png"));
      McpSchema.ReadResourceResult text = read(client, POLICY_URI);
      assertThat(text.contents()).singleElement()
          .isInstanceOfSatisfying(McpSchema.TextResourceContents.class, contents -> {
            assertThat(contents.uri()).isEqualTo(POLICY_URI);
            assertThat(contents.text()).isEqualTo("# Returns");
          });
      McpSchema.ReadResourceResult blob = read(client, "orders://brand/logo");
      assertThat(blob.contents()).singleElement()
          .isInstanceOfSatisfying(McpSchema.BlobResourceContents.class, contents -> {
            assertThat(contents.mimeType()).isEqualTo("image/png");
            assertThat(Base64.getDecoder().decode(contents.blob())).isEqualTo(LOGO);
          });

      assertThat(client.listResourceTemplates().resourceTemplates())
          .extracting(McpSchema.ResourceTemplate::uriTemplate)
          .containsExactly("orders://orders/{id}");
      McpSchema.ReadResourceResult order = read(client, "orders://orders/A-101");
      assertThat(((McpSchema.TextResourceContents) order.contents().get(0)).text())
          .isEqualTo("{\"id\":\"A-101\"}");
      Throwable missing = catchThrowable(() -> read(client, "orders://orders/Z-999"));
      assertThat(missing).isInstanceOf(McpError.class);
      assertThat(((McpError) missing).getJsonRpcError().code()).isEqualTo(-32002);

      assertThat(client.listPrompts().prompts()).singleElement().satisfies(prompt -> {
        assertThat(prompt.name()).isEqualTo("draft_apology");
        assertThat(prompt.arguments())
            .extracting(McpSchema.PromptArgument::name, McpSchema.PromptArgument::required)
            .containsExactly(tuple("orderId", true),
                tuple("tone", false));
      });
      McpSchema.GetPromptResult prompt = client.getPrompt(McpSchema.GetPromptRequest
          .builder("draft_apology")
          .arguments(Map.of("orderId", "A-100", "tone", "formal"))
          .build());
      assertThat(prompt.messages()).singleElement().satisfies(message -> {
        assertThat(message.role()).isEqualTo(McpSchema.Role.USER);
        assertThat(((McpSchema.TextContent) message.content()).text())
            .isEqualTo("Write a formal apology for order A-100.");
      });

      McpSchema.CompleteResult promptCompletion = client.completeCompletion(
          McpSchema.CompleteRequest.builder(new McpSchema.PromptReference("draft_apology"),
              new McpSchema.CompleteRequest.CompleteArgument("orderId", "A-")).build());
      assertThat(promptCompletion.completion().values()).containsExactly("A-100", "A-101");
      McpSchema.CompleteResult templateCompletion = client.completeCompletion(
          McpSchema.CompleteRequest.builder(
              new McpSchema.ResourceReference("orders://orders/{id}"),
              new McpSchema.CompleteRequest.CompleteArgument("id", "B")).build());
      assertThat(templateCompletion.completion().values()).containsExactly("B-200");

      assertThat(client.closeGracefully()).isTrue();
    }
  }

  @Test
  void theOfficialJavaClientGetsAnUpdateForTheResourceItSubscribedTo() throws Exception {
    McpGateway gateway = featureGateway();
    List<List<McpSchema.ResourceContents>> updates = new CopyOnWriteArrayList<>();
    try (JettyHost host = JettyHost.withFilter(gateway, McpTransportConfig.defaults())) {
      McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport
              .builder(host.base().toString()).endpoint("/mcp").build())
          .requestTimeout(Duration.ofSeconds(10))
          .resourcesUpdateConsumer(updates::add)
          .build();
      client.initialize();
      client.subscribeResource(McpSchema.SubscribeRequest.builder(POLICY_URI).build());

      // The notification travels on the session's GET stream, which the client opens on its
      // own after initialize: tell the gateway of the change until the client has heard it.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (updates.isEmpty() && System.nanoTime() < deadline) {
        gateway.resources().updated(POLICY_URI);
        Thread.sleep(200);
      }
      // The SDK reads a resource again when told it changed, and hands over what it read.
      assertThat(updates).isNotEmpty();
      assertThat(updates.get(0)).singleElement()
          .isInstanceOfSatisfying(McpSchema.TextResourceContents.class, contents -> {
            assertThat(contents.uri()).isEqualTo(POLICY_URI);
            assertThat(contents.text()).isEqualTo("# Returns");
          });
      assertThat(client.closeGracefully()).isTrue();
    }
  }

  @Test
  void aToolAsksTheOfficialClientsElicitationSamplingAndRootsHandlersAndGetsTheirAnswers()
      throws Exception {
    List<String> asked = new CopyOnWriteArrayList<>();
    try (JettyHost host = JettyHost.withFilter(featureGateway(), McpTransportConfig.defaults())) {
      McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport
              .builder(host.base().toString()).endpoint("/mcp").build())
          .requestTimeout(Duration.ofSeconds(10))
          // SDK 2.2.0 declares roots, sampling and elicitation from the handlers given here.
          .roots(new McpSchema.Root("file:///work/orders", "orders"))
          .elicitation(request -> {
            asked.add("elicit: " + request.message());
            return new McpSchema.ElicitResult(
                McpSchema.ElicitResult.Action.ACCEPT, Map.of("name", "Ada"));
          })
          .sampling(request -> {
            asked.add("sample: "
                + ((McpSchema.TextContent) request.messages().get(0).content()).text());
            return new McpSchema.CreateMessageResult(McpSchema.Role.ASSISTANT,
                McpSchema.TextContent.builder("hi there").build(), "test-model",
                McpSchema.CreateMessageResult.StopReason.END_TURN);
          })
          .build();
      client.initialize();

      McpSchema.CallToolResult result = client.callTool(
          McpSchema.CallToolRequest.builder("ask_everything").arguments(Map.of()).build());

      assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
      assertThat(((McpSchema.TextContent) result.content().get(0)).text())
          .isEqualTo("accept Ada | hi there by test-model | file:///work/orders");
      assertThat(asked).containsExactly("elicit: Your name?", "sample: Say hi");
      assertThat(client.closeGracefully()).isTrue();
    }
  }

  /**
   * A test-only policy: {@code count} is alice's alone, {@code report} bob's alone; both see
   * {@code echo}.
   */
  private static final PolicyEngine PER_CALLER = request -> {
    String subject = request.caller().subject();
    return switch (request.tool().name()) {
      case "count" -> "alice".equals(subject)
          ? PolicyDecision.allow("alice counts") : PolicyDecision.deny("alice only");
      case "report" -> "bob".equals(subject)
          ? PolicyDecision.allow("bob reports") : PolicyDecision.deny("bob only");
      default -> PolicyDecision.allow("everyone");
    };
  };

  private static McpSyncClient sdkClient(JettyHost host, String bearerToken) {
    HttpClientStreamableHttpTransport.Builder transport =
        HttpClientStreamableHttpTransport.builder(host.base().toString()).endpoint("/mcp");
    if (bearerToken != null) {
      // SDK 2.x adds headers per request through a request customizer.
      transport.addHttpRequestCustomizer((request, method, endpoint, body, context) ->
          request.header("Authorization", TestIdentities.bearer(bearerToken)));
    }
    return McpClient.sync(transport.build()).requestTimeout(Duration.ofSeconds(10)).build();
  }

  private static List<String> toolNames(McpSyncClient client) {
    return client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
  }

  private static McpError callError(McpSyncClient client, String tool) {
    Throwable thrown = catchThrowable(() ->
        client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(Map.of()).build()));
    assertThat(thrown).as(tool).isInstanceOf(McpError.class);
    return (McpError) thrown;
  }

  @Test
  void withBearerTokensEachCallerSeesOnlyItsToolsAndAHiddenToolFailsLikeAnUnknownOne()
      throws Exception {
    McpGateway gateway = TestTools.gateway()
        .identityResolver(TestIdentities.resolver())
        .policy(PER_CALLER)
        .tool(ToolDefinition.builder("report").description("Bob's report").build(),
            call -> ToolResult.text("report for " + call.caller().subject()))
        .build();
    try (JettyHost host = JettyHost.withFilter(gateway, McpTransportConfig.builder()
        .protectedResource(ProtectedResourceMetadata
            .builder(java.net.URI.create("https://orders.example.com/mcp")).build())
        .build())) {
      McpSyncClient alice = sdkClient(host, TestIdentities.ALICE);
      McpSyncClient bob = sdkClient(host, TestIdentities.BOB);
      alice.initialize();
      bob.initialize();

      assertThat(toolNames(alice)).containsExactlyInAnyOrder("echo", "count");
      assertThat(toolNames(bob)).containsExactlyInAnyOrder("echo", "report");

      McpSchema.CallToolResult report =
          bob.callTool(McpSchema.CallToolRequest.builder("report").arguments(Map.of()).build());
      assertThat(((McpSchema.TextContent) report.content().get(0)).text())
          .isEqualTo("report for bob");

      McpError hidden = callError(alice, "report");
      McpError unknown = callError(alice, "no_such");
      assertThat(hidden.getJsonRpcError().code())
          .isEqualTo(unknown.getJsonRpcError().code())
          .isEqualTo(-32602);
      assertThat(hidden.getJsonRpcError().message()).isEqualTo("Unknown tool: report");
      assertThat(unknown.getJsonRpcError().message()).isEqualTo("Unknown tool: no_such");
      assertThat(hidden.getJsonRpcError().data()).isEqualTo(unknown.getJsonRpcError().data());
      McpError hiddenFromBob = callError(bob, "count");
      assertThat(hiddenFromBob.getJsonRpcError().message()).isEqualTo("Unknown tool: count");

      assertThat(alice.closeGracefully()).isTrue();
      assertThat(bob.closeGracefully()).isTrue();
    }
  }

  @Test
  void withoutATokenTheOfficialClientsInitializeFailsOnThe401() throws Exception {
    McpGateway gateway =
        TestTools.gateway().identityResolver(TestIdentities.resolver(Set.of("orders:read")))
            .build();
    List<String> seen = new CopyOnWriteArrayList<>();
    Filter recorder = (request, response, chain) -> {
      chain.doFilter(request, response);
      seen.add(((HttpServletRequest) request).getMethod() + " "
          + ((HttpServletResponse) response).getStatus() + " "
          + ((HttpServletResponse) response).getHeader("WWW-Authenticate"));
    };
    try (JettyHost host =
        JettyHost.withFilter(gateway, McpTransportConfig.defaults(), recorder)) {
      McpSyncClient anonymous = sdkClient(host, null);
      McpSyncClient forged = sdkClient(host, "forged");

      assertThatThrownBy(anonymous::initialize).hasStackTraceContaining("401");
      assertThatThrownBy(forged::initialize).hasStackTraceContaining("401");
      assertThat(seen).contains("POST 401 Bearer scope=\"orders:read\"");
      assertThat(seen).allSatisfy(line -> assertThat(line).contains(" 401 "));
      anonymous.close();
      forged.close();
    }
  }
}
