package dev.mcpgate.core.internal.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.Content;
import dev.mcpgate.core.ToolResult;
import dev.mcpgate.core.internal.redaction.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseMapperTest {

  private static final String SECRET = "sk_live_canary_91ab";
  private static final ToolDefinition PLAIN = ToolDefinition.builder("plain").build();
  private static final ToolDefinition WITH_OUTPUT = ToolDefinition.builder("typed")
      .outputSchema("{\"type\":\"object\"}").build();
  private static final ToolDefinition WRAPPED = ToolDefinition.builder("wrapped")
      .outputSchema("{\"type\":\"object\",\"properties\":{\"result\":{\"type\":\"array\"}}}")
      .metadata("outputSchemaWrapped", "result").build();

  private static ToolResult map(ToolDefinition tool, int status, String type, String body) {
    return ResponseMapper.map(tool, "https://api.example.com/x", status, type,
        // As the adapter hands it over: redacted first.
        Redactor.of(List.of(SECRET)).redactAndCut(
            body.getBytes(StandardCharsets.UTF_8), false, Integer.MAX_VALUE).bytes(), false);
  }

  private static String text(ToolResult result) {
    return ((Content.Text) result.content().get(0)).text();
  }

  @Test
  void jsonBecomesTextAndStructuredContentWhenTheToolHasAnOutputSchema() {
    ToolResult result = map(WITH_OUTPUT, 200, "application/json; charset=utf-8", "{\"id\":7}");

    assertThat(result.isError()).isFalse();
    assertThat(text(result)).isEqualTo("{\"id\":7}");
    assertThat(result.structuredContent().path("id").asInt()).isEqualTo(7);
  }

  @Test
  void jsonWithoutAnOutputSchemaIsTextOnly() {
    assertThat(map(PLAIN, 200, "application/problem+json", "{\"a\":1}").structuredContent())
        .isNull();
  }

  @Test
  void aNonObjectResponseIsWrappedWhenTheSchemaWas() {
    ToolResult result = map(WRAPPED, 200, "application/json", "[1,2]");

    assertThat(result.structuredContent().path("result").size()).isEqualTo(2);
    assertThat(map(WITH_OUTPUT, 200, "application/json", "[1,2]").structuredContent()).isNull();
  }

  @Test
  void errorsCarryTheStatusAndATrimmedBody() {
    ToolResult result = map(PLAIN, 404, "application/json", "{\"message\":\"Not Found\"}");
    ToolResult huge = map(PLAIN, 500, "text/plain", "x".repeat(10_000));

    assertThat(result.isError()).isTrue();
    assertThat(text(result)).isEqualTo(
        "The upstream API answered HTTP 404: {\"message\":\"Not Found\"}");
    assertThat(text(huge).length()).isLessThan(ResponseMapper.MAX_ERROR_TEXT + 100);
  }

  @Test
  void anUpstreamEchoingTheCredentialNeverHandsItToTheCaller() {
    ToolResult error = map(PLAIN, 401, "application/json",
        "{\"error\":\"invalid api key " + SECRET + "\"}");
    ToolResult ok = map(WITH_OUTPUT, 200, "application/json", "{\"key\":\"" + SECRET + "\"}");

    assertThat(text(error)).doesNotContain(SECRET).contains("[redacted]");
    assertThat(text(ok)).doesNotContain(SECRET);
    assertThat(ok.structuredContent().toString()).doesNotContain(SECRET);
  }

  @Test
  void imagesAudioAndOtherBytesKeepTheirMediaType() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
    ToolResult image = ResponseMapper.map(PLAIN, "u", 200, "image/png", png, false);
    ToolResult audio = ResponseMapper.map(PLAIN, "u", 200, "audio/wav", png, false);
    ToolResult pdf = ResponseMapper.map(PLAIN, "https://api.example.com/r.pdf", 200,
        "application/pdf", png, false);

    assertThat(image.content().get(0)).isEqualTo(
        new Content.Image(Base64.getEncoder().encodeToString(png), "image/png"));
    assertThat(audio.content().get(0)).isInstanceOf(Content.Audio.class);
    assertThat(pdf.content().get(0)).isEqualTo(new Content.EmbeddedResource(
        "https://api.example.com/r.pdf", "application/pdf", null,
        Base64.getEncoder().encodeToString(png)));
  }

  @Test
  void anUpstreamEchoingTheCredentialInAnotherMediaTypeNeverHandsItToTheCaller() {
    for (String type : new String[] {"application/x-www-form-urlencoded", "application/yaml",
        "application/octet-stream", null}) {
      ToolResult echoed = map(PLAIN, 200, type, "api_key=" + SECRET + "&user=7");

      Content.EmbeddedResource resource = (Content.EmbeddedResource) echoed.content().get(0);
      assertThat(new String(Base64.getDecoder().decode(resource.blob()), StandardCharsets.UTF_8))
          .as(String.valueOf(type))
          .isEqualTo("api_key=[redacted]&user=7");
    }
  }

  @Test
  void anEmptyOrCutResponseSaysSo() {
    assertThat(text(map(PLAIN, 204, null, ""))).contains("204").contains("no content");
    ToolResult cut = ResponseMapper.map(WITH_OUTPUT, "u", 200, "application/json",
        "{\"a\":".getBytes(StandardCharsets.UTF_8), true);
    assertThat(text(cut)).contains("cut at 5 bytes");
    assertThat(cut.structuredContent()).isNull();
  }

  @Test
  void aRetryAfterOnAnErrorIsQuotedSoTheAgentKnowsWhenToTryAgain() {
    ToolResult limited = ResponseMapper.map(PLAIN, "https://api.example.com/x", 429,
        "application/json", "7", "{\"error\":\"slow down\"}".getBytes(StandardCharsets.UTF_8),
        false);

    assertThat(limited.isError()).isTrue();
    assertThat(text(limited)).startsWith("The upstream API answered HTTP 429 (Retry-After: 7): ")
        .contains("slow down");
  }

  @Test
  void aRetryAfterThatIsNeitherSecondsNorADateIsLeftOut() {
    ToolResult odd = ResponseMapper.map(PLAIN, "https://api.example.com/x", 503, null,
        "<script>", new byte[0], false);

    assertThat(text(odd)).isEqualTo("The upstream API answered HTTP 503.");
  }
}
