package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.ToolDefinition;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** logging/setLevel and the log messages a tool sends while it runs. */
class LoggingTest {

  /** Logs one message at every level, least severe first, then answers. */
  private static final ToolHandler LOG_AT_EVERY_LEVEL =
      call -> {
        for (LogLevel level : LogLevel.values()) {
          call.log(level, "orders", TestClient.json("{\"level\":\"" + level.wireName() + "\"}"));
        }
        return ToolResult.text("done");
      };

  private final McpGateway gateway =
      McpGateway.builder()
          .tool(Tools.tool("chatty"), LOG_AT_EVERY_LEVEL)
          .tool(
              ToolDefinition.builder("plain").build(),
              call -> {
                call.log(LogLevel.WARNING, "disk almost full");
                return ToolResult.text("done");
              })
          .build();
  private final TestClient client = TestClient.connect(gateway);

  @ParameterizedTest
  @EnumSource(LogLevel.class)
  void setLevelAcceptsEveryLevelAndSetsIt(LogLevel level) {
    JsonNode response =
        client.request("logging/setLevel", "{\"level\":\"" + level.wireName() + "\"}");

    assertThat(response.get("result").isEmpty()).isTrue();
    assertThat(client.session().logLevel()).isEqualTo(level);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"verbose\"", "\"INFO\"", "\"Warning\"", "\"\"", "3", "null", "{}"})
  void setLevelRefusesAnythingButALevelName(String level) {
    client.request("logging/setLevel", "{\"level\":\"error\"}");

    JsonNode response = client.request("logging/setLevel", "{\"level\":" + level + "}");

    assertThat(response.at("/error/code").asInt()).isEqualTo(-32602);
    assertThat(client.session().logLevel()).isEqualTo(LogLevel.ERROR);
  }

  @Test
  void setLevelWithoutALevelIsInvalidParams() {
    assertThat(client.request("logging/setLevel", "{}").at("/error/code").asInt())
        .isEqualTo(-32602);
  }

  @Test
  void theLevelDefaultsToInfo() {
    RecordingSink sink = callChatty();

    assertThat(levelsReceived(sink))
        .containsExactly("info", "notice", "warning", "error", "critical", "alert", "emergency");
  }

  @ParameterizedTest
  @EnumSource(LogLevel.class)
  void messagesBelowTheLevelAreNotSentAndTheRestAre(LogLevel threshold) {
    client.request("logging/setLevel", "{\"level\":\"" + threshold.wireName() + "\"}");

    RecordingSink sink = callChatty();

    List<String> expected =
        Arrays.stream(LogLevel.values())
            .filter(level -> level.compareTo(threshold) >= 0)
            .map(LogLevel::wireName)
            .toList();
    assertThat(levelsReceived(sink)).containsExactlyElementsOf(expected);
  }

  @Test
  void aLogMessageCarriesLevelLoggerAndData() {
    client.request("logging/setLevel", "{\"level\":\"emergency\"}");

    JsonNode message = callChatty().notifications().get(0);

    assertThat(message.path("jsonrpc").asString()).isEqualTo("2.0");
    assertThat(message.path("method").asString()).isEqualTo("notifications/message");
    assertThat(message.has("id")).isFalse();
    assertThat(message.at("/params/level").asString()).isEqualTo("emergency");
    assertThat(message.at("/params/logger").asString()).isEqualTo("orders");
    assertThat(message.at("/params/data")).isEqualTo(TestClient.json("{\"level\":\"emergency\"}"));
  }

  @Test
  void aTextLogMessageHasStringDataAndNoLogger() {
    JsonNode message = client.exchange("tools/call", "{\"name\":\"plain\"}").notifications().get(0);

    assertThat(message.at("/params/level").asString()).isEqualTo("warning");
    assertThat(message.at("/params/data").isString()).isTrue();
    assertThat(message.at("/params/data").asString()).isEqualTo("disk almost full");
    assertThat(message.get("params").has("logger")).isFalse();
  }

  @Test
  void logMessagesComeBeforeTheResponse() {
    client.request("logging/setLevel", "{\"level\":\"debug\"}");

    RecordingSink sink = callChatty();

    assertThat(sink.sequence()).hasSize(9).endsWith("(response)");
    assertThat(sink.sequence().subList(0, 8)).containsOnly("notifications/message");
  }

  @Test
  void theLevelBelongsToTheSession() {
    client.request("logging/setLevel", "{\"level\":\"critical\"}");
    TestClient other = TestClient.connect(gateway);

    assertThat(levelsReceived(other.exchange("tools/call", "{\"name\":\"chatty\"}"))).hasSize(7);
    assertThat(levelsReceived(callChatty())).hasSize(3);
  }

  private RecordingSink callChatty() {
    RecordingSink sink = client.exchange("tools/call", "{\"name\":\"chatty\"}");
    assertThat(sink.response().at("/result/content/0/text").asString()).isEqualTo("done");
    return sink;
  }

  private static List<String> levelsReceived(RecordingSink sink) {
    return sink.notifications("notifications/message").stream()
        .map(message -> message.at("/params/level").asString())
        .toList();
  }
}
