package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.upstream.HttpUpstream;
import dev.mcpgate.core.upstream.TargetPolicy;
import dev.mcpgate.testkit.FakeUpstream;
import dev.mcpgate.testkit.RecordingAuditSink;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Output schemas in each mode, against a real loopback upstream whose answers match, drift
 * from, are cut from and are not the tool's schema: whatever the mode, every result is one a
 * client holding the advertised schema accepts (checked here as the official clients check it,
 * formats asserted).
 */
class OutputSchemaModesTest {

  private static final String ORDER = "{\"type\":\"object\",\"properties\":{"
      + "\"id\":{\"type\":\"string\",\"description\":\"The order's id\"},"
      + "\"status\":{\"type\":\"string\",\"enum\":[\"open\",\"paid\"]},"
      + "\"amount\":{\"type\":\"integer\",\"minimum\":0},"
      + "\"created\":{\"type\":\"string\",\"format\":\"date-time\"},"
      + "\"lines\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":"
      + "{\"sku\":{\"type\":\"string\"}},\"required\":[\"sku\"],\"additionalProperties\":false}}},"
      + "\"required\":[\"id\",\"status\"],\"additionalProperties\":false}";

  private static final String MATCH = "{\"id\":\"o-1\",\"status\":\"paid\",\"amount\":1200,"
      + "\"created\":\"2026-01-02T03:04:05Z\",\"lines\":[{\"sku\":\"a\"}]}";
  /** Real drift: a new enum value, a null, a string amount, a bad date, an extra field. */
  private static final String DRIFT = "{\"id\":7,\"status\":\"refunded\",\"amount\":\"12.00\","
      + "\"created\":\"yesterday\",\"lines\":[{\"sku\":null,\"qty\":2}],\"extra\":{\"a\":1}}";
  private static final String WRONG_SHAPE = "{\"id\":\"o-1\",\"lines\":{\"sku\":\"a\"}}";

  private static final SchemaRegistry CLIENT_VALIDATOR = SchemaRegistry.withDefaultDialect(
      SpecificationVersion.DRAFT_2020_12,
      builder -> builder.schemaRegistryConfig(
          SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

  private final FakeUpstream upstream = UpstreamCallTest.startServer();
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private HttpUpstream adapter;
  private McpGateway gateway;

  @AfterEach
  void stop() {
    upstream.close();
    if (adapter != null) {
      adapter.close();
    }
  }

  private TestClient client(OutputSchemaMode mode) {
    adapter = HttpUpstream.builder()
        .targets(TargetPolicy.builder().allowHost("127.0.0.1").allowLoopback().build())
        .maxResponseBytes(200)
        .build();
    ToolDefinition tool = ToolDefinition.builder("get_order")
        .source("orders").operationId("getOrder").outputSchema(ORDER)
        .http(new HttpOperation("GET", upstream.url().toString(), "/order", List.of(), null))
        .build();
    gateway = McpGateway.builder()
        .auditSink(audit)
        .source(Source.approved("orders").withOutputSchemas(mode))
        .tool(tool, adapter.handler(null))
        .build();
    return TestClient.connect(gateway);
  }

  private static JsonNode advertised(TestClient client) {
    return client.request("tools/list", "{}").at("/result/tools/0/outputSchema");
  }

  /** What the official clients do with a result, given the schema the tool advertised. */
  private static void assertAClientAccepts(JsonNode outputSchema, JsonNode result) {
    if (outputSchema.isMissingNode()) {
      return;
    }
    boolean error = result.path("isError").asBoolean(false);
    JsonNode structured = result.get("structuredContent");
    if (!error) {
      assertThat(structured).as("a success carries structured content: %s", result).isNotNull();
    }
    if (structured != null) {
      Schema schema = CLIENT_VALIDATOR.getSchema(outputSchema);
      assertThat(schema.validate(structured)).as("structured content conforms: %s", result)
          .isEmpty();
    }
  }

  /** An upstream answer and its body as sent. */
  private record Reply(String body, FakeUpstream.Answer answer) {}

  private JsonNode call(TestClient client, Reply reply) {
    upstream.enqueue(reply.answer());
    JsonNode result = client.callTool("get_order", "{}");
    assertAClientAccepts(advertised(client), result);
    return result;
  }

  private static Reply json(String body) {
    return new Reply(body, FakeUpstream.Answer.json(200, body));
  }

  private static final Reply CUT =
      json("{\"id\":\"o-1\",\"status\":\"paid\",\"note\":\"" + "x".repeat(400) + "\"}");
  private static final Reply TEXT =
      new Reply("order o-1 is paid", FakeUpstream.Answer.text(200, "order o-1 is paid"));
  private static final Reply EMPTY = new Reply("", FakeUpstream.Answer.status(204));

  @Test
  void strictAdvertisesTheDeclaredSchemaAndTurnsEveryAnswerThatBreaksItIntoAnErrorWithItsText() {
    TestClient client = client(OutputSchemaMode.STRICT);
    assertThat(advertised(client)).isEqualTo(TestClient.json(ORDER));

    JsonNode match = call(client, json(MATCH));
    assertThat(match.path("isError").asBoolean()).isFalse();
    assertThat(match.get("structuredContent")).isEqualTo(TestClient.json(MATCH));

    for (Reply broken : List.of(json(DRIFT), json(WRONG_SHAPE), CUT, TEXT, EMPTY)) {
      JsonNode result = call(client, broken);
      assertThat(result.path("isError").asBoolean()).as(broken.body()).isTrue();
      assertThat(result.has("structuredContent")).isFalse();
      assertThat(result.at("/content/0/text").asString())
          .startsWith("The answer ").endsWith("; it follows as received.");
      if (!broken.body().isEmpty()) {
        assertThat(result.at("/content/1/text").asString()).startsWith(
            broken.body().substring(0, Math.min(20, broken.body().length())));
      }
    }
    JsonNode drift = call(client, json(DRIFT));
    assertThat(drift.at("/content/0/text").asString()).contains("does not match").contains("more");
  }

  @Test
  void lenientAdvertisesTheShapeAndLetsRealDriftThroughWithItsStructuredContent() {
    TestClient client = client(OutputSchemaMode.LENIENT);
    JsonNode schema = advertised(client);
    assertThat(schema.path("type").asString()).isEqualTo("object");
    assertThat(schema.has("required")).isFalse();
    assertThat(schema.has("additionalProperties")).isFalse();
    assertThat(schema.at("/properties/id/description").asString()).isEqualTo("The order's id");
    assertThat(schema.at("/properties/status").has("enum")).isFalse();
    assertThat(schema.at("/properties/lines/items/properties").has("sku")).isTrue();

    for (String body : List.of(MATCH, DRIFT)) {
      JsonNode result = call(client, json(body));
      assertThat(result.path("isError").asBoolean()).as(body).isFalse();
      assertThat(result.get("structuredContent")).isEqualTo(TestClient.json(body));
    }
    JsonNode empty = call(client, EMPTY);
    assertThat(empty.path("isError").asBoolean()).isFalse();
    assertThat(empty.get("structuredContent")).isEqualTo(TestClient.json("{}"));
    assertThat(empty.at("/content/0/text").asString()).contains("no content");

    for (Reply broken : List.of(json(WRONG_SHAPE), CUT, TEXT)) {
      JsonNode result = call(client, broken);
      assertThat(result.path("isError").asBoolean()).as(broken.body()).isTrue();
      assertThat(result.has("structuredContent")).isFalse();
      assertThat(result.at("/content/1/text").asString()).isNotEmpty();
    }
  }

  @Test
  void noneAdvertisesNoSchemaAndPassesEveryAnswerThroughAsText() {
    TestClient client = client(OutputSchemaMode.NONE);
    assertThat(advertised(client).isMissingNode()).isTrue();

    for (Reply answer : List.of(json(MATCH), json(DRIFT), json(WRONG_SHAPE), CUT,
        TEXT, EMPTY)) {
      JsonNode result = call(client, answer);
      assertThat(result.path("isError").asBoolean()).as(answer.body()).isFalse();
      assertThat(result.has("structuredContent")).isFalse();
      assertThat(result.at("/content/0/text").asString()).isNotEmpty();
    }
  }

  @Test
  void aSourceIsLenientUnlessSetOtherwise() {
    assertThat(Source.approved("orders").outputSchemas()).isEqualTo(OutputSchemaMode.LENIENT);
    assertThat(new Source("orders", true, true, java.util.Set.of()).outputSchemas())
        .isEqualTo(Source.DEFAULT_OUTPUT_SCHEMAS);
    assertThat(Source.approved("orders").selecting(java.util.Set.of("a"))
        .withOutputSchemas(OutputSchemaMode.NONE).selecting(java.util.Set.of("b")).outputSchemas())
        .isEqualTo(OutputSchemaMode.NONE);
  }

  @Test
  void changingASourcesModeAtRunTimeChangesWhatTheNextListingAdvertisesAndTheNextCallChecks() {
    TestClient client = client(OutputSchemaMode.STRICT);
    assertThat(advertised(client)).isEqualTo(TestClient.json(ORDER));
    assertThat(call(client, json(DRIFT)).path("isError").asBoolean()).isTrue();

    gateway.sources().put(Source.approved("orders").withOutputSchemas(OutputSchemaMode.LENIENT));

    assertThat(advertised(client).has("required")).isFalse();
    assertThat(call(client, json(DRIFT)).path("isError").asBoolean()).isFalse();
  }

  @Test
  void anAnswerTurnedIntoAnErrorIsAuditedAsAToolErrorWithWhatTheCheckFound() {
    TestClient client = client(OutputSchemaMode.STRICT);
    call(client, json(DRIFT));
    call(client, TEXT);
    call(client, json(MATCH));

    List<AuditEvent> calls = audit.events().stream()
        .filter(event -> event.method().equals(AuditEvent.METHOD_TOOLS_CALL)).toList();
    assertThat(calls).extracting(event -> event.outcome().jsonName())
        .containsExactly("toolError", "toolError", "ok");
    assertThat(calls).extracting(event -> event.details().get("outputSchema"))
        .containsExactly("mismatch", "unstructured", null);
    assertThat(calls.get(0).adapter().status()).isEqualTo(200);
  }

  @Test
  void aJavaToolsResultIsCheckedAgainstItsOwnSchemaAsDeclared() {
    ToolDefinition declared = ToolDefinition.builder("count")
        .outputSchema("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}},"
            + "\"required\":[\"n\"]}")
        .build();
    TestClient client = TestClient.connect(McpGateway.builder()
        .tool(declared, call -> ToolResult.structured(TestClient.json("{\"n\":\"three\"}")))
        .build());

    JsonNode result = client.callTool("count", "{}");

    assertAClientAccepts(advertised(client), result);
    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.at("/content/0/text").asString()).contains("/n: string found, integer expected");
    assertThat(result.at("/content/1/text").asString()).isEqualTo("{\"n\":\"three\"}");
  }

  @Test
  void anErrorResultLosesStructuredContentThatDoesNotConformAndKeepsItsText() {
    ToolDefinition declared = ToolDefinition.builder("count")
        .outputSchema("{\"type\":\"object\",\"required\":[\"n\"]}")
        .build();
    TestClient client = TestClient.connect(McpGateway.builder()
        .tool(declared, call -> new ToolResult(List.of(Content.text("failed")),
            TestClient.json("{\"error\":\"x\"}"), true))
        .build());

    JsonNode result = client.callTool("count", "{}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.has("structuredContent")).isFalse();
    assertThat(result.at("/content/0/text").asString()).isEqualTo("failed");
  }
}
