package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.api.PolicyRequest;
import dev.mcpgate.api.ToolDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** tools/call: lookup, arguments, results, failures and policy. */
class ToolsCallTest {

  private static final String CANARY = "canary-7f3a9c";

  @Test
  void anUnknownToolIsInvalidParamsNamingIt() {
    TestClient client = TestClient.connect(McpGateway.builder().build());

    JsonNode response = client.request("tools/call", "{\"name\":\"nope\",\"arguments\":{}}");

    assertThat(response.at("/error/code").asInt()).isEqualTo(-32602);
    assertThat(response.at("/error/message").asString()).isEqualTo("Unknown tool: nope");
    assertThat(response.has("result")).isFalse();
  }

  @Test
  void aVeryLongUnknownToolNameIsNotEchoedInFull() {
    TestClient client = TestClient.connect(McpGateway.builder().build());
    String name = "n".repeat(127) + "\uD83D\uDE00".repeat(5000);

    String message =
        client.request("tools/call", "{\"name\":\"" + name + "\"}").at("/error/message").asString();

    assertThat(message).startsWith("Unknown tool: nnn").hasSizeLessThan(200);
    assertThat(message.codePoints())
        .noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
  }

  @Test
  void aToolHiddenByPolicyAnswersByteForByteLikeAnUnknownTool() {
    McpGateway hiding =
        McpGateway.builder()
            .tool(Tools.tool("deleteAll"), Tools.echo())
            .policy(denying("deleteAll"))
            .build();
    McpGateway empty = McpGateway.builder().build();

    for (String params :
        List.of(
            "{\"name\":\"deleteAll\"}",
            "{\"name\":\"deleteAll\",\"arguments\":{}}",
            "{\"name\":\"deleteAll\",\"arguments\":{\"unexpected\":[1,2]}}",
            "{\"name\":\"deleteAll\",\"_meta\":{\"progressToken\":\"p\"}}")) {
      byte[] hidden =
          TestClient.connect(hiding)
              .send(TestClient.request(9, "tools/call", params))
              .responseBytes();
      byte[] unknown =
          TestClient.connect(empty)
              .send(TestClient.request(9, "tools/call", params))
              .responseBytes();

      assertThat(new String(hidden, StandardCharsets.UTF_8))
          .as("params %s", params)
          .isEqualTo(new String(unknown, StandardCharsets.UTF_8));
      assertThat(hidden).isEqualTo(unknown);
    }
  }

  @Test
  void aToolHiddenFromOneCallerIsCallableByAnother() {
    PolicyEngine adminsOnly =
        request ->
            request.caller().hasScope("admin")
                ? PolicyDecision.allow("admin")
                : PolicyDecision.deny("needs admin");
    TestClient anonymous =
        TestClient.connect(
            McpGateway.builder()
                .tool(Tools.tool("audit"), Tools.echo())
                .policy(adminsOnly)
                .build());
    TestClient admin =
        anonymous.as(CallerContext.builder().authMethod("jwt").scopes(List.of("admin")).build());

    assertThat(
            anonymous.request("tools/call", "{\"name\":\"audit\"}").at("/error/message").asString())
        .isEqualTo("Unknown tool: audit");
    assertThat(admin.callTool("audit", "{}").at("/content/0/text").asString()).isEqualTo("{}");
  }

  @Test
  void theDenialReasonOfAHiddenToolIsNeverShown() {
    TestClient client =
        TestClient.connect(
            McpGateway.builder()
                .tool(Tools.tool("secret"), Tools.echo())
                .policy(request -> PolicyDecision.deny("rule " + CANARY))
                .build());

    assertThat(client.exchange("tools/call", "{\"name\":\"secret\"}").messages())
        .allSatisfy(message -> assertThat(message.text()).doesNotContain(CANARY));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{\"arguments\":{}}",
        "{\"name\":42}",
        "{\"name\":null}",
        "{\"name\":[\"t\"]}"
      })
  void aMissingOrNonStringNameIsInvalidParams(String params) {
    TestClient client =
        TestClient.connect(McpGateway.builder().tool(Tools.tool("t"), Tools.echo()).build());

    JsonNode response = client.request("tools/call", params);

    assertThat(response.at("/error/code").asInt()).isEqualTo(-32602);
    assertThat(response.at("/error/message").asString()).contains("name");
  }

  @Test
  void absentArgumentsReachTheHandlerAsAnEmptyObject() {
    AtomicReference<JsonNode> seen = new AtomicReference<>();
    TestClient client = TestClient.connect(recordingArguments(seen));

    JsonNode result = client.request("tools/call", "{\"name\":\"t\"}").get("result");

    assertThat(result.path("isError").asBoolean(false)).isFalse();
    assertThat(seen.get().isObject()).isTrue();
    assertThat(seen.get().isEmpty()).isTrue();
  }

  @Test
  void nullArgumentsReachTheHandlerAsAnEmptyObject() {
    AtomicReference<JsonNode> seen = new AtomicReference<>();
    TestClient client = TestClient.connect(recordingArguments(seen));

    client.request("tools/call", "{\"name\":\"t\",\"arguments\":null}");

    assertThat(seen.get().isEmpty()).isTrue();
  }

  @Test
  void argumentsReachTheHandlerAsSent() {
    AtomicReference<JsonNode> seen = new AtomicReference<>();
    TestClient client = TestClient.connect(recordingArguments(seen));
    String arguments =
        "{\"id\":\"o-1\",\"count\":3,\"tags\":[\"a\",\"b\"],\"nested\":{\"x\":null}}";

    client.callTool("t", arguments);

    assertThat(seen.get()).isEqualTo(TestClient.json(arguments));
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "[{}]", "\"{}\"", "42", "true"})
  void argumentsThatAreNotAnObjectAreInvalidParams(String arguments) {
    Tools.Counting handler = new Tools.Counting();
    TestClient client =
        TestClient.connect(McpGateway.builder().tool(Tools.tool("t"), handler).build());

    JsonNode response =
        client.request("tools/call", "{\"name\":\"t\",\"arguments\":" + arguments + "}");

    assertThat(response.at("/error/code").asInt()).isEqualTo(-32602);
    assertThat(response.at("/error/message").asString()).contains("arguments");
    assertThat(handler.calls()).isZero();
  }

  @Test
  void theHandlerSeesTheToolTheCallerAndTheRequestId() {
    AtomicReference<ToolCall> seen = new AtomicReference<>();
    ToolDefinition definition = Tools.tool("whoami");
    TestClient client =
        TestClient.connect(
                McpGateway.builder()
                    .tool(
                        definition,
                        call -> {
                          seen.set(call);
                          return ToolResult.text("ok");
                        })
                    .build())
            .as(CallerContext.builder().subject("alice").authMethod("jwt").build());

    client.callTool("whoami", "{}");

    assertThat(seen.get().tool()).isEqualTo(definition);
    assertThat(seen.get().caller().subject()).isEqualTo("alice");
    assertThat(seen.get().requestId()).matches("[0-9a-f]{32}");
    assertThat(seen.get().isCancelled()).isFalse();
  }

  @Test
  void eachCallGetsItsOwnRequestId() {
    List<String> ids = new CopyOnWriteArrayList<>();
    TestClient client =
        TestClient.connect(
            McpGateway.builder()
                .tool(
                    Tools.tool("t"),
                    call -> {
                      ids.add(call.requestId());
                      return ToolResult.text("ok");
                    })
                .build());

    for (int i = 0; i < 20; i++) {
      client.callTool("t", "{}");
    }

    assertThat(ids).hasSize(20).doesNotHaveDuplicates();
  }

  @Test
  void aSuccessfulResultHasContentAndNoErrorFlag() {
    TestClient client = TestClient.connect(gatewayWith(call -> ToolResult.text("hello")));

    JsonNode result = client.callTool("t", "{}");

    assertThat(result.get("content"))
        .isEqualTo(TestClient.json("[{\"type\":\"text\",\"text\":\"hello\"}]"));
    assertThat(result.path("isError").asBoolean(false)).isFalse();
    assertThat(result.has("structuredContent")).isFalse();
  }

  @Test
  void aToolErrorIsAResultWithIsError() {
    TestClient client =
        TestClient.connect(gatewayWith(call -> ToolResult.error("order o-1 not found")));

    JsonNode result = client.callTool("t", "{}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.at("/content/0/text").asString()).isEqualTo("order o-1 not found");
  }

  @Test
  void aThrowingHandlerGivesAnErrorResultWithoutTheExceptionMessageOrStack() {
    TestClient client =
        TestClient.connect(
            gatewayWith(
                call -> {
                  throw new IllegalStateException("database password is " + CANARY);
                }));

    RecordingSink sink = client.exchange("tools/call", "{\"name\":\"t\"}");
    JsonNode result = sink.response().get("result");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.at("/content/0/text").asString())
        .contains("t")
        .contains("failed")
        .doesNotContain(CANARY, "IllegalStateException", "\tat ", "dev.mcpgate");
    assertThat(sink.messages())
        .allSatisfy(message -> assertThat(message.text()).doesNotContain(CANARY));
  }

  @Test
  void aHandlerThrowingACheckedExceptionGivesAnErrorResult() {
    TestClient client =
        TestClient.connect(
            gatewayWith(
                call -> {
                  throw new IOException("connection to 10.0.0.7 refused " + CANARY);
                }));

    JsonNode result = client.callTool("t", "{}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.toString()).doesNotContain(CANARY, "10.0.0.7", "IOException");
  }

  @Test
  void aHandlerThrowingALinkageErrorGivesAnErrorResult() {
    TestClient client =
        TestClient.connect(
            gatewayWith(
                call -> {
                  throw new NoClassDefFoundError("com/example/Missing " + CANARY);
                }));

    JsonNode result = client.callTool("t", "{}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.toString()).doesNotContain(CANARY);
  }

  @Test
  void aHandlerFailingAnAssertionGivesAnErrorResult() {
    TestClient client =
        TestClient.connect(
            gatewayWith(
                call -> {
                  throw new AssertionError("invariant broken " + CANARY);
                }));

    JsonNode result = client.callTool("t", "{}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.toString()).doesNotContain(CANARY);
  }

  @Test
  void aHandlerOverflowingItsStackGivesAnErrorResult() {
    TestClient client = TestClient.connect(gatewayWith(call -> recurse(0)));

    JsonNode result = client.callTool("t", "{}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.toString()).doesNotContain("StackOverflowError");
  }

  private static ToolResult recurse(int depth) {
    return depth < 0 ? ToolResult.text("unreachable") : recurse(depth + 1);
  }

  @Test
  void aHandlerReturningNullGivesAnErrorResult() {
    TestClient client = TestClient.connect(gatewayWith(call -> null));

    JsonNode result = client.callTool("t", "{}");

    assertThat(result.path("isError").asBoolean()).isTrue();
  }

  @Test
  void theErrorResultOfAFailedCallNamesTheRequestIdForOperators() {
    AtomicReference<String> requestId = new AtomicReference<>();
    TestClient client =
        TestClient.connect(
            gatewayWith(
                call -> {
                  requestId.set(call.requestId());
                  throw new IllegalStateException("boom");
                }));

    JsonNode result = client.callTool("t", "{}");

    assertThat(result.at("/content/0/text").asString()).contains(requestId.get());
  }

  @Test
  void oneFailingCallDoesNotAffectTheNext() {
    TestClient client =
        TestClient.connect(
            gatewayWith(
                call -> {
                  if (call.arguments().path("fail").asBoolean(false)) {
                    throw new IllegalStateException("boom");
                  }
                  return ToolResult.text("fine");
                }));

    assertThat(client.callTool("t", "{\"fail\":true}").path("isError").asBoolean()).isTrue();
    assertThat(client.callTool("t", "{}").at("/content/0/text").asString()).isEqualTo("fine");
  }

  @Test
  void aPolicyDenyingTheArgumentsGivesAnErrorResultAndSkipsTheHandler() {
    Tools.Counting handler = new Tools.Counting();
    PolicyEngine smallRefundsOnly =
        request -> {
          if (!request.isCall()) {
            return PolicyDecision.allow("listed");
          }
          Object amount = request.arguments().get("amount");
          return amount instanceof Number number && number.intValue() <= 100
              ? PolicyDecision.allow("small")
              : PolicyDecision.deny("refund over limit " + CANARY);
        };
    TestClient client =
        TestClient.connect(
            McpGateway.builder()
                .tool(Tools.tool("refund"), handler)
                .policy(smallRefundsOnly)
                .build());

    JsonNode denied = client.callTool("refund", "{\"amount\":5000}");
    JsonNode allowed = client.callTool("refund", "{\"amount\":50}");

    assertThat(denied.path("isError").asBoolean()).isTrue();
    assertThat(denied.at("/content/0/text").asString()).contains("refund").contains("denied");
    assertThat(denied.toString()).doesNotContain(CANARY);
    assertThat(allowed.path("isError").asBoolean(false)).isFalse();
    assertThat(handler.calls()).isEqualTo(1);
  }

  @Test
  void thePolicySeesTheArgumentsAsPlainJavaValues() {
    AtomicReference<PolicyRequest> seen = new AtomicReference<>();
    PolicyEngine recording =
        request -> {
          if (request.isCall()) {
            seen.set(request);
          }
          return PolicyDecision.allow("ok");
        };
    TestClient client =
        TestClient.connect(
            McpGateway.builder().tool(Tools.tool("t"), Tools.echo()).policy(recording).build());

    client.callTool(
        "t", "{\"s\":\"x\",\"n\":3,\"b\":true,\"z\":null,\"l\":[1,\"two\"],\"o\":{\"k\":\"v\"}}");

    Map<String, Object> arguments = seen.get().arguments();
    assertThat(arguments).containsEntry("s", "x").containsEntry("b", true).containsEntry("z", null);
    assertThat(((Number) arguments.get("n")).intValue()).isEqualTo(3);
    assertThat(arguments.get("l")).isEqualTo(List.of(1, "two"));
    assertThat(arguments.get("o")).isEqualTo(Map.of("k", "v"));
  }

  @Test
  void everyContentTypeIsSerializedAsTheSpecificationSays() {
    TestClient client =
        TestClient.connect(
            gatewayWith(
                call ->
                    ToolResult.of(
                        Content.text("hello"),
                        Content.image(new byte[] {1, 2, 3}, "image/png"),
                        Content.audio(new byte[] {4, 5}, "audio/wav"),
                        new Content.EmbeddedResource(
                            "file:///notes.txt", "text/plain", "notes", null),
                        new Content.EmbeddedResource("file:///blob.bin", null, null, "AAEC"),
                        new Content.ResourceLink(
                            "https://example.com/r/1", "report", "application/pdf"),
                        new Content.ResourceLink("https://example.com/r/2", "other", null))));

    JsonNode content = client.callTool("t", "{}").get("content");

    assertThat(content)
        .isEqualTo(
            TestClient.json(
                """
                [
                  {"type":"text","text":"hello"},
                  {"type":"image","data":"AQID","mimeType":"image/png"},
                  {"type":"audio","data":"BAU=","mimeType":"audio/wav"},
                  {"type":"resource","resource":{"uri":"file:///notes.txt","mimeType":"text/plain","text":"notes"}},
                  {"type":"resource","resource":{"uri":"file:///blob.bin","blob":"AAEC"}},
                  {"type":"resource_link","uri":"https://example.com/r/1","name":"report","mimeType":"application/pdf"},
                  {"type":"resource_link","uri":"https://example.com/r/2","name":"other"}
                ]
                """));
  }

  @Test
  void structuredContentIsSentWithItsTextForm() {
    JsonNode structured = TestClient.json("{\"status\":\"shipped\",\"items\":2}");
    TestClient client = TestClient.connect(gatewayWith(call -> ToolResult.structured(structured)));

    JsonNode result = client.callTool("t", "{}");

    assertThat(result.get("structuredContent")).isEqualTo(structured);
    assertThat(TestClient.json(result.at("/content/0/text").asString())).isEqualTo(structured);
  }

  @Test
  void aThrowingAuditSinkDoesNotBreakTheCall() {
    TestClient client =
        TestClient.connect(
            McpGateway.builder()
                .tool(Tools.tool("t"), call -> ToolResult.text("fine"))
                .auditSink(
                    event -> {
                      throw new IllegalStateException("audit store down");
                    })
                .build());

    assertThat(client.callTool("t", "{}").at("/content/0/text").asString()).isEqualTo("fine");
  }

  @Test
  void aToolCanBeCalledInAStatelessSession() {
    McpGateway gateway = gatewayWith(call -> ToolResult.text("stateless"));
    RecordingSink sink = new RecordingSink();

    gateway.endpoint().handle(
        gateway.endpoint().statelessSession(null),
        CallerContext.anonymous(),
        gateway.endpoint().parse(
            TestClient.request(1, "tools/call", "{\"name\":\"t\"}")
                .getBytes(StandardCharsets.UTF_8)),
        sink);

    assertThat(sink.response().at("/result/content/0/text").asString()).isEqualTo("stateless");
  }

  private static McpGateway gatewayWith(ToolHandler handler) {
    return McpGateway.builder().tool(Tools.tool("t"), handler).build();
  }

  private static McpGateway recordingArguments(AtomicReference<JsonNode> seen) {
    return gatewayWith(
        call -> {
          seen.set(call.arguments());
          return ToolResult.text("ok");
        });
  }

  private static PolicyEngine denying(String hidden) {
    return request ->
        request.tool().name().equals(hidden)
            ? PolicyDecision.deny("hidden")
            : PolicyDecision.allow("visible");
  }
}
