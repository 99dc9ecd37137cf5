package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** initialize, ping, notifications, unknown methods and malformed params. */
class LifecycleTest {

  private static final String CLIENT =
      "\"capabilities\":{},\"clientInfo\":{\"name\":\"test-client\",\"version\":\"1.0\"}";

  private final McpGateway gateway =
      McpGateway.builder()
          .serverInfo("orders-gateway", "2.3.1")
          .serverTitle("Orders Gateway")
          .instructions("Use getOrder before cancelOrder.")
          .build();
  private final TestClient client = TestClient.connect(gateway);

  @ParameterizedTest
  @ValueSource(strings = {"2025-11-25", "2025-06-18", "2025-03-26"})
  void initializeEchoesASupportedProtocolVersion(String version) {
    JsonNode result = initialize(version).get("result");

    assertThat(result.path("protocolVersion").asString()).isEqualTo(version);
    assertThat(client.session().protocolVersion()).isEqualTo(version);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024-11-05", "1999-01-01", "2099-12-31", "latest", ""})
  void initializeAnswersAnUnsupportedVersionWithTheLatest(String version) {
    JsonNode result = initialize(version).get("result");

    assertThat(result.path("protocolVersion").asString()).isEqualTo("2025-11-25");
    assertThat(result.path("protocolVersion").asString())
        .isEqualTo(McpGateway.LATEST_PROTOCOL_VERSION);
    assertThat(client.session().protocolVersion()).isEqualTo("2025-11-25");
  }

  @Test
  void initializeWithoutAProtocolVersionIsInvalidParams() {
    JsonNode response = client.request("initialize", "{" + CLIENT + "}");

    assertThat(response.at("/error/code").asInt()).isEqualTo(-32602);
    assertThat(response.at("/error/message").asString()).contains("protocolVersion");
    assertThat(client.session().protocolVersion()).isNull();
  }

  @Test
  void initializeWithoutParamsIsInvalidParams() {
    JsonNode response =
        client.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}").response();

    assertThat(response.at("/error/code").asInt()).isEqualTo(-32602);
  }

  @ParameterizedTest
  @ValueSource(strings = {"20251125", "null", "[\"2025-11-25\"]", "{}"})
  void initializeWithANonStringProtocolVersionIsInvalidParams(String version) {
    JsonNode response =
        client.request("initialize", "{\"protocolVersion\":" + version + "," + CLIENT + "}");

    assertThat(response.at("/error/code").asInt()).isEqualTo(-32602);
  }

  @Test
  void initializeWithNonObjectCapabilitiesIsInvalidParams() {
    JsonNode response =
        client.request("initialize", "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":[]}");

    assertThat(response.at("/error/code").asInt()).isEqualTo(-32602);
    assertThat(response.at("/error/message").asString()).contains("capabilities");
  }

  @Test
  void initializeAdvertisesToolsWithListChangedAndLogging() {
    JsonNode capabilities = initialize("2025-11-25").at("/result/capabilities");

    assertThat(capabilities.at("/tools/listChanged").asBoolean()).isTrue();
    assertThat(capabilities.get("logging").isObject()).isTrue();
    assertThat(capabilities.propertyNames()).containsExactlyInAnyOrder("tools", "logging");
  }

  @Test
  void initializeDescribesTheServer() {
    JsonNode result = initialize("2025-11-25").get("result");

    assertThat(result.at("/serverInfo/name").asString()).isEqualTo("orders-gateway");
    assertThat(result.at("/serverInfo/version").asString()).isEqualTo("2.3.1");
    assertThat(result.at("/serverInfo/title").asString()).isEqualTo("Orders Gateway");
    assertThat(result.path("instructions").asString())
        .isEqualTo("Use getOrder before cancelOrder.");
  }

  @Test
  void aServerWithoutTitleOrInstructionsSendsNeither() {
    TestClient plain = TestClient.connect(McpGateway.builder().build());

    JsonNode result =
        plain
            .request("initialize", "{\"protocolVersion\":\"2025-11-25\"," + CLIENT + "}")
            .get("result");

    assertThat(result.at("/serverInfo/name").asString()).isEqualTo("mcpgate");
    assertThat(result.path("serverInfo").has("title")).isFalse();
    assertThat(result.has("instructions")).isFalse();
  }

  @Test
  void theResponseCarriesTheRequestIdWithItsType() {
    JsonNode numeric = client.send(TestClient.request(41, "ping", "{}")).response();
    JsonNode text = client.send(TestClient.request("abc-41", "ping", "{}")).response();

    assertThat(numeric.get("id").isIntegralNumber()).isTrue();
    assertThat(numeric.get("id").asInt()).isEqualTo(41);
    assertThat(text.get("id").isString()).isTrue();
    assertThat(text.get("id").asString()).isEqualTo("abc-41");
    assertThat(numeric.path("jsonrpc").asString()).isEqualTo("2.0");
  }

  @Test
  void theInitializedNotificationMarksTheSessionInitializedAndGetsNoAnswer() {
    initialize("2025-11-25");
    assertThat(client.session().isInitialized()).isFalse();

    client.notify("notifications/initialized", "{}");

    assertThat(client.session().isInitialized()).isTrue();
  }

  @Test
  void aStatelessSessionIsInitializedWithTheGivenOrDefaultVersion() {
    assertThat(gateway.endpoint().statelessSession("2025-06-18").protocolVersion()).isEqualTo("2025-06-18");
    assertThat(gateway.endpoint().statelessSession(null).protocolVersion()).isEqualTo("2025-03-26");
    assertThat(gateway.endpoint().statelessSession(null).isInitialized()).isTrue();
    assertThat(gateway.endpoint().statelessSession(null).id()).isNull();
  }

  @Test
  void pingAnswersWithAnEmptyResult() {
    JsonNode response = client.request("ping", "{}");

    assertThat(response.get("result").isObject()).isTrue();
    assertThat(response.get("result").isEmpty()).isTrue();
    assertThat(response.has("error")).isFalse();
  }

  @Test
  void pingWithoutParamsAnswersWithAnEmptyResult() {
    JsonNode response =
        client.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").response();

    assertThat(response.get("result").isEmpty()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"resources/list", "prompts/get", "tools/delete", "PING", "sampling/createMessage"})
  void anUnknownMethodIsMethodNotFound(String method) {
    JsonNode response = client.request(method, "{}");

    assertThat(response.at("/error/code").asInt()).isEqualTo(-32601);
    assertThat(response.at("/error/message").asString()).contains(method);
    assertThat(response.has("result")).isFalse();
  }

  @Test
  void aVeryLongUnknownMethodIsNotEchoedInFull() {
    String method = "x".repeat(10_000);

    JsonNode response = client.request(method, "{}");

    assertThat(response.at("/error/code").asInt()).isEqualTo(-32601);
    assertThat(response.at("/error/message").asString().length()).isLessThan(300);
  }

  @Test
  void aLongUnknownMethodIsClippedWithoutBreakingACharacterInTwo() {
    // The clip point falls between the two halves of an emoji's surrogate pair.
    String method = "x".repeat(127) + "\uD83D\uDE00".repeat(10);

    RecordingSink sink = client.exchange(method, "{}");

    String message = sink.response().at("/error/message").asString();
    assertThat(sink.response().at("/error/code").asInt()).isEqualTo(-32601);
    assertThat(message).startsWith("Method not found: xxx");
    assertThat(message.codePoints())
        .noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"ping", "initialize", "tools/list", "tools/call", "logging/setLevel", "nope"})
  void paramsThatAreNotAnObjectAreInvalidParams(String method) {
    for (String params : new String[] {"[]", "[1,2]", "\"x\"", "1", "true"}) {
      JsonNode response = client.request(method, params);

      assertThat(response.at("/error/code").asInt())
          .as("%s with params %s", method, params)
          .isEqualTo(-32602);
    }
  }

  @Test
  void nullParamsAreInvalidParams() {
    // JSON-RPC 2.0: params, if present, MUST be a structured value.
    JsonNode response = client.request("ping", "null");

    assertThat(response.at("/error/code").asInt()).isEqualTo(-32602);
  }

  @Test
  void anUnknownNotificationIsIgnored() {
    client.notify("notifications/roots/list_changed", "{}");
    client.notify("notifications/whatever", "[1,2,3]");
  }

  @Test
  void aResponseFromTheClientGetsNoAnswer() {
    RecordingSink sink = client.send("{\"jsonrpc\":\"2.0\",\"id\":99,\"result\":{}}");

    assertThat(sink.isEmpty()).isTrue();
  }

  @Test
  void errorResponsesNeverCarryAStackTrace() {
    for (JsonNode response :
        new JsonNode[] {
          client.request("nope", "{}"),
          client.request("initialize", "{}"),
          client.request("tools/call", "{\"name\":\"missing\"}"),
          client.request("tools/list", "{\"cursor\":\"!!\"}"),
          client.request("logging/setLevel", "{\"level\":\"loud\"}")
        }) {
      assertThat(response.toString())
          .doesNotContain("\tat ", "\\tat ", "Exception", "dev.mcpgate", "tools.jackson");
      assertThat(response.get("error").has("data")).isFalse();
    }
  }

  @Test
  void aClosedSessionSaysSoOnce() {
    assertThat(client.session().close()).isTrue();
    assertThat(client.session().close()).isFalse();
    assertThat(client.session().isClosed()).isTrue();
  }

  @Test
  void aSessionNeverShowsItsOwnerKey() {
    McpSession session = gateway.endpoint().newSession("sid-1", "owner-canary-7f3a9c");

    assertThat(session.owner()).isEqualTo("owner-canary-7f3a9c");
    assertThat(session.toString()).contains("sid-1").doesNotContain("owner-canary-7f3a9c");
  }

  private JsonNode initialize(String version) {
    return client.request("initialize", "{\"protocolVersion\":\"" + version + "\"," + CLIENT + "}");
  }
}
