package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** notifications/progress for a tools/call that asked for it. */
class ProgressTest {

  private final AtomicReference<ToolCall> lastCall = new AtomicReference<>();

  private final McpGateway gateway =
      McpGateway.builder()
          .tool(
              Tools.tool("export"),
              call -> {
                lastCall.set(call);
                call.progress(1, 3.0, "reading");
                call.progress(2, 3.0, null);
                call.progress(3, null, null);
                return ToolResult.text("exported");
              })
          .build();
  private final TestClient client = TestClient.connect(gateway);

  @Test
  void aStringProgressTokenGetsProgressNotificationsWithThatToken() {
    RecordingSink sink = call("\"export-42\"");

    assertThat(sink.notifications("notifications/progress"))
        .hasSize(3)
        .allSatisfy(
            progress -> {
              assertThat(progress.at("/params/progressToken").isString()).isTrue();
              assertThat(progress.at("/params/progressToken").asString()).isEqualTo("export-42");
            });
  }

  @Test
  void anIntegerProgressTokenIsSentBackAsAnInteger() {
    RecordingSink sink = call("7");

    assertThat(sink.notifications("notifications/progress"))
        .hasSize(3)
        .allSatisfy(
            progress -> {
              assertThat(progress.at("/params/progressToken").isIntegralNumber()).isTrue();
              assertThat(progress.at("/params/progressToken").asInt()).isEqualTo(7);
            });
  }

  @Test
  void progressCarriesProgressTotalAndMessageWhenGiven() {
    var progress = call("\"t\"").notifications("notifications/progress");

    assertThat(progress.get(0).at("/params/progress").asDouble()).isEqualTo(1.0);
    assertThat(progress.get(0).at("/params/total").asDouble()).isEqualTo(3.0);
    assertThat(progress.get(0).at("/params/message").asString()).isEqualTo("reading");
    assertThat(progress.get(1).get("params").has("message")).isFalse();
    assertThat(progress.get(2).get("params").has("total")).isFalse();
    assertThat(progress.get(2).at("/params/progress").asDouble()).isEqualTo(3.0);
  }

  @Test
  void progressNotificationsComeBeforeTheResponse() {
    RecordingSink sink = call("\"t\"");

    assertThat(sink.sequence())
        .containsExactly(
            "notifications/progress",
            "notifications/progress",
            "notifications/progress",
            "(response)");
    assertThat(sink.response().at("/result/content/0/text").asString()).isEqualTo("exported");
  }

  @Test
  void withoutAProgressTokenNoProgressIsSent() {
    RecordingSink sink = client.exchange("tools/call", "{\"name\":\"export\"}");

    assertThat(sink.notifications()).isEmpty();
    assertThat(sink.response().at("/result/content/0/text").asString()).isEqualTo("exported");
  }

  @Test
  void metaWithoutAProgressTokenSendsNoProgress() {
    RecordingSink sink =
        client.exchange("tools/call", "{\"name\":\"export\",\"_meta\":{\"other\":1}}");

    assertThat(sink.notifications()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5", "true", "{}", "[1]"})
  void aProgressTokenThatIsNeitherStringNorIntegerIsInvalidParams(String token) {
    JsonNode response = call(token).response();

    assertThat(response.at("/error/code").asInt()).isEqualTo(-32602);
    assertThat(response.at("/error/message").asString()).contains("progressToken");
  }

  @Test
  void nothingIsSentAfterTheResponse() {
    RecordingSink sink = call("\"t\"");
    ToolCall escaped = lastCall.get();

    escaped.progress(4, 4.0, "late");
    escaped.log(LogLevel.EMERGENCY, "late");

    assertThat(sink.sequence()).hasSize(4).last().isEqualTo("(response)");
  }

  private RecordingSink call(String token) {
    return client.exchange(
        "tools/call", "{\"name\":\"export\",\"_meta\":{\"progressToken\":" + token + "}}");
  }
}
