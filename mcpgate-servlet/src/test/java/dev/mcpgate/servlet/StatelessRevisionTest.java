package dev.mcpgate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.FeatureRequest;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.api.PolicyRequest;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.ToolResult;
import dev.mcpgate.core.client.ClientCapability;
import dev.mcpgate.core.prompts.Prompt;
import dev.mcpgate.core.prompts.PromptArgument;
import dev.mcpgate.core.prompts.PromptMessage;
import dev.mcpgate.core.prompts.PromptResult;
import dev.mcpgate.core.resources.Resource;
import dev.mcpgate.core.resources.ResourceContents;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A raw 2026-07-28 client against the filter: plain HTTP POSTs with the standard headers and
 * per-request {@code _meta}, no SDK. Discovery, a tool call, a resource read, an input-required
 * round trip, and the bad input of the new surface (each a clear error, never a 500).
 */
class StatelessRevisionTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String VERSION = "2026-07-28";

  private final List<AuditEvent> audit = Collections.synchronizedList(new ArrayList<>());
  private final List<String> deleted = Collections.synchronizedList(new ArrayList<>());
  private JettyHost host;
  private int nextId = 1;

  @BeforeEach
  void start() throws Exception {
    McpGateway gateway = McpGateway.builder()
        .serverInfo("stateless-test", "2.0")
        .identityResolver(TestIdentities.resolver())
        .auditSink(audit::add)
        .policy(new OnlyAliceDeletes())
        .tool(ToolDefinition.builder("echo").description("Echoes text")
                .inputSchema(TestTools.ECHO_SCHEMA).build(),
            call -> ToolResult.text(call.arguments().get("text").asString()))
        .tool(ToolDefinition.builder("delete_order").description("Deletes an order").build(),
            call -> {
              if (!call.client().supports(ClientCapability.ELICITATION)) {
                return ToolResult.error("cannot ask for confirmation");
              }
              if (!call.client().confirm("confirm", "Delete order 42?")) {
                return ToolResult.text("kept");
              }
              deleted.add("42");
              return ToolResult.text("deleted");
            })
        .tool(ToolDefinition.builder("regional").description("Answers for a region")
                .inputSchema("{\"type\":\"object\",\"properties\":{\"region\":{\"type\":"
                    + "\"string\",\"x-mcp-header\":\"Region\"},\"limit\":{\"type\":\"integer\","
                    + "\"x-mcp-header\":\"Limit\"}}}")
                .build(),
            call -> ToolResult.text("region " + call.arguments().path("region").asString()))
        .tool(ToolDefinition.builder("report").description("Builds a report as a task").build(),
            call -> {
              call.continueAsTask();
              return ToolResult.text("report ready");
            })
        .taskSupport("report", dev.mcpgate.core.TaskSupport.OPTIONAL)
        .resource(Resource.builder("test://orders/42", "order 42").mimeType("application/json")
                .build(),
            read -> List.of(ResourceContents.text(read.uri(), "application/json", "{\"id\":42}")))
        .prompt(Prompt.of("greet", "Greets someone", PromptArgument.required("who", "whom")),
            get -> PromptResult.of(PromptMessage.user(
                dev.mcpgate.core.Content.text("Hello " + get.arguments().get("who")))))
        .build();
    host = JettyHost.withFilter(gateway, McpTransportConfig.defaults());
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
  }

  @Test
  void discoveryListsBothRevisionsTheCapabilitiesAndTheServer() throws Exception {
    Reply reply = send(TestIdentities.ALICE, "server/discover", params());

    assertThat(reply.status).isEqualTo(200);
    JsonNode result = reply.body.path("result");
    assertThat(result.path("resultType").asString()).isEqualTo("complete");
    List<String> versions = new ArrayList<>();
    result.path("supportedVersions").forEach(version -> versions.add(version.asString()));
    assertThat(versions).containsExactly("2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26");
    assertThat(result.path("capabilities").has("tools")).isTrue();
    assertThat(result.path("capabilities").has("resources")).isTrue();
    assertThat(result.path("_meta").path("io.modelcontextprotocol/serverInfo").path("name")
        .asString()).isEqualTo("stateless-test");
    assertThat(result.path("cacheScope").asString()).isEqualTo("private");
    assertThat(result.path("ttlMs").isIntegralNumber()).isTrue();
  }

  @Test
  void aToolCallCompletesWithoutASession() throws Exception {
    ObjectNode params = params().put("name", "echo");
    params.putObject("arguments").put("text", "hi");

    Reply reply = send(TestIdentities.ALICE, "tools/call", params);

    assertThat(reply.status).isEqualTo(200);
    assertThat(reply.headers.firstValue("MCP-Session-Id")).isEmpty();
    assertThat(reply.body.path("result").path("resultType").asString()).isEqualTo("complete");
    assertThat(reply.body.path("result").path("content").get(0).path("text").asString())
        .isEqualTo("hi");
  }

  @Test
  void aResourceIsReadWithCachingHints() throws Exception {
    Reply reply = send(TestIdentities.ALICE, "resources/read",
        params().put("uri", "test://orders/42"));

    assertThat(reply.status).isEqualTo(200);
    JsonNode result = reply.body.path("result");
    assertThat(result.path("contents").get(0).path("text").asString()).isEqualTo("{\"id\":42}");
    assertThat(result.path("cacheScope").asString()).isEqualTo("private");
    assertThat(result.path("ttlMs").asLong(-1)).isGreaterThanOrEqualTo(0);
  }

  @Test
  void listsCarryCachingHints() throws Exception {
    for (String method : List.of("tools/list", "resources/list", "prompts/list")) {
      Reply reply = send(TestIdentities.ALICE, method, params());

      assertThat(reply.body.path("result").path("cacheScope").asString()).as(method)
          .isEqualTo("private");
      assertThat(reply.body.path("result").has("ttlMs")).as(method).isTrue();
    }
  }

  @Test
  void anInputRequiredRoundTripAsksTheUserAndCompletesOnTheRetry() throws Exception {
    Reply first = send(TestIdentities.ALICE, "tools/call", deleteCall(elicitation()));

    JsonNode asked = first.body.path("result");
    assertThat(asked.path("resultType").asString()).isEqualTo("input_required");
    assertThat(asked.path("inputRequests").path("confirm").path("method").asString())
        .isEqualTo("elicitation/create");
    assertThat(asked.path("requestState").asString()).isNotBlank();
    assertThat(deleted).isEmpty();

    Reply second = send(TestIdentities.ALICE, "tools/call", retry(asked, true));

    assertThat(second.status).isEqualTo(200);
    assertThat(second.body.path("result").path("resultType").asString()).isEqualTo("complete");
    assertThat(second.body.path("result").path("content").get(0).path("text").asString())
        .isEqualTo("deleted");
    assertThat(deleted).containsExactly("42");
  }

  @Test
  void aRequestStateIsRefusedWhenReplayed() throws Exception {
    JsonNode asked = send(TestIdentities.ALICE, "tools/call", deleteCall(elicitation()))
        .body.path("result");
    ObjectNode retry = retry(asked, true);
    send(TestIdentities.ALICE, "tools/call", retry);

    Reply replayed = send(TestIdentities.ALICE, "tools/call", retry);

    assertThat(replayed.status).isEqualTo(400);
    assertThat(replayed.body.path("error").path("code").asInt()).isEqualTo(-32602);
    assertThat(replayed.body.path("error").path("message").asString()).contains("already used");
    assertThat(deleted).containsExactly("42");
  }

  @Test
  void aTamperedRequestStateIsRefused() throws Exception {
    JsonNode asked = send(TestIdentities.ALICE, "tools/call", deleteCall(elicitation()))
        .body.path("result");
    ObjectNode retry = retry(asked, true);
    String state = retry.get("requestState").asString();
    retry.put("requestState", state.substring(0, 10) + (state.charAt(10) == 'A' ? 'B' : 'A')
        + state.substring(11));

    Reply reply = send(TestIdentities.ALICE, "tools/call", retry);

    assertThat(reply.status).isEqualTo(400);
    assertThat(reply.body.path("id").asInt()).isEqualTo(nextId - 1);
    assertThat(reply.body.path("error").path("code").asInt()).isEqualTo(-32602);
    assertThat(deleted).isEmpty();
  }

  @Test
  void aForgedOrOversizedRequestStateIsRefused() throws Exception {
    for (String state : List.of("not-a-state", "a.b.c", "x".repeat(70_000) + ".y",
        Base64.getUrlEncoder().encodeToString("{\"a\":{}}".getBytes(StandardCharsets.UTF_8))
            + ".AAAA")) {
      ObjectNode retry = deleteCall(elicitation());
      retry.put("requestState", state);
      retry.putObject("inputResponses").set("confirm", accepted(true));

      Reply reply = send(TestIdentities.ALICE, "tools/call", retry);

      assertThat(reply.status).as(state.substring(0, Math.min(20, state.length())))
          .isEqualTo(400);
      assertThat(reply.body.path("error").path("code").asInt()).isEqualTo(-32602);
    }
    assertThat(deleted).isEmpty();
  }

  @Test
  void anotherCallersRequestStateIsRefused() throws Exception {
    JsonNode asked = send(TestIdentities.ALICE, "tools/call", deleteCall(elicitation()))
        .body.path("result");

    Reply reply = send(TestIdentities.BOB, "tools/call", retry(asked, true));

    // Bob may not even see the tool: he gets the unknown-tool answer before the state is read.
    assertThat(reply.status).isEqualTo(400);
    assertThat(reply.body.path("error").path("code").asInt()).isEqualTo(-32602);
    assertThat(deleted).isEmpty();
  }

  @Test
  void aClientWithoutElicitationIsNotAsked() throws Exception {
    Reply reply = send(TestIdentities.ALICE, "tools/call", deleteCall(JSON.createObjectNode()));

    assertThat(reply.body.path("result").path("resultType").asString()).isEqualTo("complete");
    assertThat(reply.body.path("result").path("isError").asBoolean()).isTrue();
  }

  @Test
  void policyHidesAToolOnThisRevisionAsOnTheOther() throws Exception {
    Reply listed = send(TestIdentities.BOB, "tools/list", params());
    Reply called = send(TestIdentities.BOB, "tools/call", deleteCall(elicitation()));
    ObjectNode unknown = params().put("name", "no_such_tool");
    Reply missing = send(TestIdentities.BOB, "tools/call", unknown);

    assertThat(listed.body.path("result").path("tools").findValuesAsString("name"))
        .containsExactly("echo", "report");
    assertThat(called.status).isEqualTo(missing.status);
    assertThat(called.body.path("error").path("message").asString())
        .isEqualTo(missing.body.path("error").path("message").asString()
            .replace("no_such_tool", "delete_order"));
    assertThat(audit).anySatisfy(event -> {
      assertThat(event.tool()).isEqualTo("delete_order");
      assertThat(event.caller().subject()).isEqualTo("bob");
    });
  }

  @Test
  void aMissingOrMismatchedMcpMethodHeaderIsAHeaderMismatch() throws Exception {
    ObjectNode params = params().put("name", "echo");
    params.putObject("arguments").put("text", "hi");

    Reply missing = post(TestIdentities.ALICE, "tools/call", params,
        Map.of("Mcp-Name", "echo"));
    Reply mismatched = post(TestIdentities.ALICE, "tools/call", params,
        Map.of("Mcp-Method", "tools/list", "Mcp-Name", "echo"));

    for (Reply reply : List.of(missing, mismatched)) {
      assertThat(reply.status).isEqualTo(400);
      assertThat(reply.body.path("error").path("code").asInt()).isEqualTo(-32020);
      assertThat(reply.body.path("id").isNull()).isFalse();
    }
  }

  @Test
  void aMissingOrMismatchedMcpNameHeaderIsAHeaderMismatch() throws Exception {
    ObjectNode params = params().put("name", "echo");
    params.putObject("arguments").put("text", "hi");

    Reply missing = post(TestIdentities.ALICE, "tools/call", params,
        Map.of("Mcp-Method", "tools/call"));
    Reply mismatched = post(TestIdentities.ALICE, "tools/call", params,
        Map.of("Mcp-Method", "tools/call", "Mcp-Name", "delete_order"));
    Reply badBase64 = post(TestIdentities.ALICE, "tools/call", params,
        Map.of("Mcp-Method", "tools/call", "Mcp-Name", "=?base64?***?="));

    for (Reply reply : List.of(missing, mismatched, badBase64)) {
      assertThat(reply.status).isEqualTo(400);
      assertThat(reply.body.path("error").path("code").asInt()).isEqualTo(-32020);
    }
    assertThat(audit).noneSatisfy(event -> assertThat(event.tool()).isEqualTo("echo"));
  }

  @Test
  void aBase64EncodedMcpNameIsDecodedBeforeItIsCompared() throws Exception {
    ObjectNode params = params().put("name", "echo");
    params.putObject("arguments").put("text", "hi");
    String encoded = "=?base64?"
        + Base64.getEncoder().encodeToString("echo".getBytes(StandardCharsets.UTF_8)) + "?=";

    Reply reply = post(TestIdentities.ALICE, "tools/call", params,
        Map.of("Mcp-Method", "tools/call", "Mcp-Name", encoded));

    assertThat(reply.status).isEqualTo(200);
    assertThat(reply.body.path("result").path("content").get(0).path("text").asString())
        .isEqualTo("hi");
  }

  @Test
  void parameterHeadersMarkedInTheSchemaMustMatchTheArguments() throws Exception {
    ObjectNode params = params().put("name", "regional");
    params.putObject("arguments").put("region", "eu-west").put("limit", 42);
    String base64 = "=?base64?" + Base64.getEncoder()
        .encodeToString("eu-west".getBytes(StandardCharsets.UTF_8)) + "?=";

    Reply omitted = post(TestIdentities.ALICE, "tools/call", params,
        Map.of("Mcp-Method", "tools/call", "Mcp-Name", "regional", "Mcp-Param-Limit", "42"));
    Reply mismatched = post(TestIdentities.ALICE, "tools/call", params, Map.of("Mcp-Method",
        "tools/call", "Mcp-Name", "regional", "Mcp-Param-Region", "us-east",
        "Mcp-Param-Limit", "42"));
    Reply unpadded = post(TestIdentities.ALICE, "tools/call", params, Map.of("Mcp-Method",
        "tools/call", "Mcp-Name", "regional", "Mcp-Param-Region", "=?base64?ZXUtd2VzdA?=",
        "Mcp-Param-Limit", "42"));
    Reply matching = post(TestIdentities.ALICE, "tools/call", params, Map.of("Mcp-Method",
        "tools/call", "Mcp-Name", "regional", "Mcp-Param-Region", base64,
        "Mcp-Param-Limit", "42.0"));

    for (Reply refused : List.of(omitted, mismatched, unpadded)) {
      assertThat(refused.status).isEqualTo(400);
      assertThat(refused.body.path("error").path("code").asInt()).isEqualTo(-32020);
    }
    assertThat(matching.status).isEqualTo(200);
    assertThat(matching.body.path("result").path("content").get(0).path("text").asString())
        .isEqualTo("region eu-west");
  }

  @Test
  void aHiddenToolAnswersAsAnUnknownOneWhateverItsParameterHeaders() throws Exception {
    for (Map<String, String> parameterHeaders : List.of(Map.<String, String>of(),
        Map.of("Mcp-Param-Region", "us-east", "Mcp-Param-Limit", "7"),
        Map.of("Mcp-Param-Region", "eu-west", "Mcp-Param-Limit", "42"))) {
      Reply hidden = callWithHeaders("regional", parameterHeaders);
      Reply unknown = callWithHeaders("no_such_tool", parameterHeaders);

      assertThat(hidden.status).isEqualTo(unknown.status).isEqualTo(400);
      assertThat(hidden.body.path("error").path("code").asInt())
          .isEqualTo(unknown.body.path("error").path("code").asInt())
          .isEqualTo(-32602);
      assertThat(hidden.body.path("error").path("message").asString())
          .isEqualTo(unknown.body.path("error").path("message").asString()
              .replace("no_such_tool", "regional"));
    }
  }

  /** Bob calls a tool with region and limit arguments and the given parameter headers. */
  private Reply callWithHeaders(String tool, Map<String, String> parameterHeaders)
      throws Exception {
    ObjectNode params = params().put("name", tool);
    params.putObject("arguments").put("region", "eu-west").put("limit", 42);
    Map<String, String> headers = new LinkedHashMap<>(parameterHeaders);
    headers.put("Mcp-Method", "tools/call");
    headers.put("Mcp-Name", tool);
    return post(TestIdentities.BOB, "tools/call", params, headers);
  }

  @Test
  void aTaskIsCreatedPolledAndReadOverHttpWithItsIdInMcpName() throws Exception {
    ObjectNode capabilities = JSON.createObjectNode();
    capabilities.putObject("extensions").putObject("io.modelcontextprotocol/tasks");
    Reply created = send(TestIdentities.ALICE, "tools/call",
        params(capabilities).put("name", "report"));
    String taskId = created.body.path("result").path("taskId").asString();

    JsonNode task = JSON.createObjectNode();
    for (int polls = 0; polls < 200; polls++) {
      task = post(TestIdentities.ALICE, "tasks/get", params(capabilities).put("taskId", taskId),
          Map.of("Mcp-Method", "tasks/get", "Mcp-Name", taskId)).body.path("result");
      if (task.path("status").asString().equals("completed")) {
        break;
      }
      Thread.sleep(25);
    }
    Reply mismatched = post(TestIdentities.ALICE, "tasks/get",
        params(capabilities).put("taskId", taskId),
        Map.of("Mcp-Method", "tasks/get", "Mcp-Name", "another-task"));
    Reply foreign = post(TestIdentities.BOB, "tasks/get",
        params(capabilities).put("taskId", taskId),
        Map.of("Mcp-Method", "tasks/get", "Mcp-Name", taskId));

    assertThat(created.status).isEqualTo(200);
    assertThat(created.body.path("result").path("resultType").asString()).isEqualTo("task");
    assertThat(task.path("result").path("content").get(0).path("text").asString())
        .isEqualTo("report ready");
    assertThat(mismatched.status).isEqualTo(400);
    assertThat(mismatched.body.path("error").path("code").asInt()).isEqualTo(-32020);
    assertThat(foreign.status).isEqualTo(400);
    assertThat(foreign.body.path("error").path("code").asInt()).isEqualTo(-32602);
  }

  @Test
  void anUnknownResourceUriIsInvalidParamsWithTheRequestId() throws Exception {
    Reply reply = send(TestIdentities.ALICE, "resources/read",
        params().put("uri", "test://orders/43"));

    assertThat(reply.status).isEqualTo(400);
    assertThat(reply.body.path("id").asInt()).isEqualTo(nextId - 1);
    assertThat(reply.body.path("error").path("code").asInt()).isEqualTo(-32602);
  }

  @Test
  void aPromptArgumentOfTheWrongTypeIsInvalidParams() throws Exception {
    ObjectNode params = params().put("name", "greet");
    params.putObject("arguments").put("who", 42);

    Reply reply = send(TestIdentities.ALICE, "prompts/get", params);

    assertThat(reply.status).isEqualTo(400);
    assertThat(reply.body.path("error").path("code").asInt()).isEqualTo(-32602);
    assertThat(reply.body.path("error").path("message").asString()).contains("who");
  }

  @Test
  void aRequestWithoutMetaIsInvalidParams() throws Exception {
    Reply reply = send(TestIdentities.ALICE, "tools/list", JSON.createObjectNode());

    assertThat(reply.status).isEqualTo(400);
    assertThat(reply.body.path("error").path("code").asInt()).isEqualTo(-32602);
  }

  @Test
  void methodsOfTheRevisionsWithSessionsAreNotFound() throws Exception {
    for (String method : List.of("initialize", "ping", "logging/setLevel", "no/such/method")) {
      Reply reply = send(TestIdentities.ALICE, method, params());

      assertThat(reply.status).as(method).isEqualTo(404);
      assertThat(reply.body.path("error").path("code").asInt()).isEqualTo(-32601);
    }
  }

  @Test
  void anUnsupportedVersionListsTheSupportedOnesWithTheRequestId() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(host.mcp())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .header("MCP-Protocol-Version", "2099-01-01")
            .header("Authorization", TestIdentities.bearer(TestIdentities.ALICE))
            .POST(HttpRequest.BodyPublishers.ofString(
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"server/discover\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(response.body());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(body.path("id").asInt()).isEqualTo(7);
    assertThat(body.path("error").path("code").asInt()).isEqualTo(-32022);
    assertThat(body.path("error").path("data").path("requested").asString())
        .isEqualTo("2099-01-01");
  }

  @Test
  void anUnauthenticatedRequestIsRefusedAsOnTheOtherRevision() throws Exception {
    Reply reply = post(null, "server/discover", params(), Map.of("Mcp-Method", "server/discover"));

    assertThat(reply.status).isEqualTo(401);
    assertThat(reply.headers.firstValue("WWW-Authenticate")).isPresent();
  }

  // ---- helpers

  private static final class OnlyAliceDeletes implements PolicyEngine {
    @Override
    public PolicyDecision decide(PolicyRequest request) {
      return List.of("delete_order", "regional").contains(request.tool().name())
          && !"alice".equals(request.caller().subject())
          ? PolicyDecision.deny("only alice deletes and answers for regions")
          : PolicyDecision.allow("allowed");
    }

    @Override
    public PolicyDecision decideFeature(FeatureRequest request) {
      return PolicyDecision.allow("features are open in this test");
    }
  }

  private static ObjectNode elicitation() {
    ObjectNode capabilities = JSON.createObjectNode();
    capabilities.putObject("elicitation");
    return capabilities;
  }

  private static ObjectNode params() {
    return params(JSON.createObjectNode());
  }

  private static ObjectNode params(ObjectNode capabilities) {
    ObjectNode params = JSON.createObjectNode();
    ObjectNode meta = params.putObject("_meta");
    meta.put("io.modelcontextprotocol/protocolVersion", VERSION);
    meta.set("io.modelcontextprotocol/clientCapabilities", capabilities);
    return params;
  }

  private static ObjectNode deleteCall(ObjectNode capabilities) {
    ObjectNode params = params(capabilities).put("name", "delete_order");
    params.putObject("arguments");
    return params;
  }

  private static ObjectNode accepted(boolean confirm) {
    ObjectNode answer = JSON.createObjectNode().put("action", "accept");
    answer.putObject("content").put("confirm", confirm);
    return answer;
  }

  private static ObjectNode retry(JsonNode asked, boolean confirm) {
    ObjectNode retry = deleteCall(elicitation());
    retry.putObject("inputResponses").set("confirm", accepted(confirm));
    retry.put("requestState", asked.path("requestState").asString());
    return retry;
  }

  private record Reply(int status, java.net.http.HttpHeaders headers, JsonNode body) {}

  /** Sends a request with the standard headers taken from the body, as a client must. */
  private Reply send(String token, String method, ObjectNode params) throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Mcp-Method", method);
    JsonNode name = method.equals("resources/read") ? params.get("uri") : params.get("name");
    if (name != null && List.of("tools/call", "prompts/get", "resources/read").contains(method)) {
      headers.put("Mcp-Name", name.asString());
    }
    return post(token, method, params, headers);
  }

  private Reply post(String token, String method, ObjectNode params, Map<String, String> headers)
      throws Exception {
    ObjectNode message = JSON.createObjectNode();
    message.put("jsonrpc", "2.0");
    message.put("id", nextId++);
    message.put("method", method);
    message.set("params", params);
    HttpRequest.Builder request = HttpRequest.newBuilder(host.mcp())
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .header("MCP-Protocol-Version", VERSION)
        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(message)));
    if (token != null) {
      request.header("Authorization", TestIdentities.bearer(token));
    }
    headers.forEach(request::header);
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("never a 500").isLessThan(500);
    String text = response.body();
    if (text.startsWith("event:") || text.startsWith("data:") || text.contains("\ndata:")) {
      String last = null;
      for (String line : text.split("\n")) {
        if (line.startsWith("data:")) {
          last = line.substring(5).strip();
        }
      }
      text = last;
    }
    return new Reply(response.statusCode(), response.headers(),
        text == null || text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text));
  }
}
