package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpgate.api.McpGateException.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class JsonRpcParsingTest {

  private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

  private final McpGateway gateway = McpGateway.builder().build();

  // --- what is accepted, and as what ---

  @Test
  void aMessageWithMethodAndIdIsARequest() {
    IncomingMessage message =
        parse(
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\",\"params\":{\"cursor\":\"x\"}}");

    assertThat(message.kind()).isEqualTo(IncomingMessage.Kind.REQUEST);
    assertThat(message.method()).isEqualTo("tools/list");
    assertThat(message.id().asInt()).isEqualTo(7);
    assertThat(message.params().path("cursor").asString()).isEqualTo("x");
  }

  @Test
  void aMessageWithMethodAndNoIdIsANotification() {
    IncomingMessage message =
        parse("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");

    assertThat(message.kind()).isEqualTo(IncomingMessage.Kind.NOTIFICATION);
    assertThat(message.method()).isEqualTo("notifications/initialized");
    assertThat(message.id()).isNull();
    assertThat(message.params()).isNull();
  }

  @Test
  void aMessageWithIdAndResultIsAResponse() {
    IncomingMessage message = parse("{\"jsonrpc\":\"2.0\",\"id\":\"s-1\",\"result\":{}}");

    assertThat(message.kind()).isEqualTo(IncomingMessage.Kind.RESPONSE);
    assertThat(message.method()).isNull();
    assertThat(message.id().asString()).isEqualTo("s-1");
  }

  @Test
  void aMessageWithIdAndErrorIsAResponse() {
    IncomingMessage message =
        parse("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32601,\"message\":\"no\"}}");

    assertThat(message.kind()).isEqualTo(IncomingMessage.Kind.RESPONSE);
  }

  @Test
  void onlyAnInitializeRequestIsAnInitialize() {
    assertThat(parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}").isInitialize())
        .isTrue();
    assertThat(parse("{\"jsonrpc\":\"2.0\",\"method\":\"initialize\"}").isInitialize()).isFalse();
    assertThat(parse(PING).isInitialize()).isFalse();
  }

  @Test
  void stringAndIntegerIdsAreKeptWithTheirType() {
    assertThat(parse("{\"jsonrpc\":\"2.0\",\"id\":\"42\",\"method\":\"ping\"}").id().isString())
        .isTrue();
    assertThat(parse("{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"ping\"}").id().isIntegralNumber())
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "9007199254740993", "123456789012345678901234567890", "\"\""})
  void unusualButValidIdsAreAccepted(String id) {
    IncomingMessage message = parse("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}");

    assertThat(message.kind()).isEqualTo(IncomingMessage.Kind.REQUEST);
    assertThat(message.id().toString()).isEqualTo(id);
  }

  @Test
  void membersMayComeInAnyOrderWithSurroundingWhitespace() {
    IncomingMessage message =
        parse("\n\t {\"method\" : \"ping\", \"id\" : 1, \"jsonrpc\" : \"2.0\"}\r\n ");

    assertThat(message.kind()).isEqualTo(IncomingMessage.Kind.REQUEST);
  }

  @Test
  void unknownMembersAreIgnored() {
    assertThat(parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"extra\":[1,2]}").kind())
        .isEqualTo(IncomingMessage.Kind.REQUEST);
  }

  @Test
  void nonAsciiTextInUtf8IsReadIntact() {
    IncomingMessage message =
        parse(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"q\":\"Grüße ✓ 😀\"}}");

    assertThat(message.params().path("q").asString()).isEqualTo("Grüße ✓ 😀");
  }

  @Test
  void aUtf8ByteOrderMarkIsTolerated() {
    byte[] body = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(PING));

    IncomingMessage message = gateway.endpoint().parse(body);

    assertThat(message.kind()).isEqualTo(IncomingMessage.Kind.REQUEST);
    assertThat(message.method()).isEqualTo("ping");
  }

  @Test
  void nestingWellWithinTheLimitIsAccepted() {
    String nested = "[".repeat(100) + "]".repeat(100);

    IncomingMessage message =
        parse(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"deep\":"
                + nested
                + "}}");

    assertThat(message.params().path("deep").isArray()).isTrue();
  }

  // --- parse errors (-32700) ---

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{",
        "{\"jsonrpc\":",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"",
        "{'jsonrpc':'2.0','id':1,'method':'ping'}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",}",
        "{jsonrpc:\"2.0\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":NaN,\"method\":\"ping\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\" /* comment */}",
        "{\"jsonrpc\":\"2.0\",\"id\":01,\"method\":\"ping\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"pi\u0001ng\"}",
        "garbage",
        "   "
      })
  void malformedJsonIsAParseError(String body) {
    assertParseError(utf8(body));
  }

  @Test
  void anEmptyBodyIsAParseError() {
    assertParseError(new byte[0]);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        PING + " x",
        PING + PING,
        PING + " {}",
        PING + " 1",
        PING + "]",
      })
  void trailingContentAfterTheMessageIsAParseError(String body) {
    assertParseError(utf8(body));
  }

  @Test
  void duplicateKeysAreAParseError() {
    assertParseError(utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"ping\"}"));
    assertParseError(
        utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"method\":\"tools/call\"}"));
  }

  @Test
  void duplicateKeysDeepInParamsAreAParseError() {
    assertParseError(
        utf8(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"t\","
                + "\"arguments\":{\"amount\":1,\"amount\":1000000}}}"));
  }

  @Test
  void arraysNested100000DeepAreAParseErrorAndCheap() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);

    assertFastParseError(utf8(deep));
    assertFastParseError(
        utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"a\":" + deep + "}}"));
  }

  @Test
  void objectsNested100000DeepAreAParseErrorAndCheap() {
    String deep = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);

    assertFastParseError(utf8(deep));
  }

  @Test
  void unclosedNesting100000DeepIsAParseErrorAndCheap() {
    assertFastParseError(utf8("[".repeat(100_000)));
  }

  @Test
  void invalidUtf8IsAParseError() {
    assertParseError(withBytesInString((byte) 0xFF));
    assertParseError(withBytesInString((byte) 0xC3, (byte) 0x28));
    assertParseError(withBytesInString((byte) 0x80));
    assertParseError(withBytesInString((byte) 0xE2, (byte) 0x82));
  }

  @Test
  void overlongUtf8EncodingsAreAParseError() {
    // 0xC0 0xAF is an overlong '/', a classic way to smuggle characters past filters.
    assertParseError(withBytesInString((byte) 0xC0, (byte) 0xAF));
    assertParseError(withBytesInString((byte) 0xE0, (byte) 0x80, (byte) 0xAF));
  }

  @Test
  void utf8EncodedSurrogatesAreAParseError() {
    assertParseError(withBytesInString((byte) 0xED, (byte) 0xA0, (byte) 0x80));
  }

  @Test
  void utf8BeyondTheLastUnicodeCodePointIsAParseError() {
    assertParseError(withBytesInString((byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80));
    assertParseError(withBytesInString((byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80));
  }

  @Test
  void invalidUtf8OutsideStringsIsAParseError() {
    assertParseError(concat(new byte[] {(byte) 0xFF}, utf8(PING)));
    assertParseError(concat(utf8(PING), new byte[] {(byte) 0xC3}));
  }

  @Test
  void utf16IsAParseError() {
    assertParseError(PING.getBytes(StandardCharsets.UTF_16BE));
    assertParseError(PING.getBytes(StandardCharsets.UTF_16LE));
    // Java's UTF_16 writes a big-endian byte-order mark.
    assertParseError(PING.getBytes(StandardCharsets.UTF_16));
    assertParseError(
        concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, PING.getBytes(StandardCharsets.UTF_16LE)));
  }

  @Test
  void utf32IsAParseError() {
    Charset utf32 = Charset.forName("UTF-32BE");
    Charset utf32le = Charset.forName("UTF-32LE");
    assertParseError(concat(new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF}, PING.getBytes(utf32)));
    assertParseError(concat(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0}, PING.getBytes(utf32le)));
    assertParseError(PING.getBytes(utf32));
    assertParseError(PING.getBytes(utf32le));
  }

  // --- invalid requests (-32600) ---

  @Test
  void aBatchIsAnInvalidRequest() {
    McpProtocolException error = parseFailure("[" + PING + "," + PING + "]");

    assertThat(error.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(error.code().jsonRpcCode()).isEqualTo(-32600);
    assertThat(error.getMessage()).contains("batch");
  }

  @Test
  void anEmptyBatchIsAnInvalidRequest() {
    assertThat(parseFailure("[]").code()).isEqualTo(ErrorCode.INVALID_REQUEST);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"ping\"", "42", "true", "null"})
  void aMessageThatIsNotAnObjectIsAnInvalidRequest(String body) {
    assertThat(parseFailure(body).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"id\":1,\"method\":\"ping\"}",
        "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}",
        "{\"jsonrpc\":2.0,\"id\":1,\"method\":\"ping\"}",
        "{\"jsonrpc\":\"2\",\"id\":1,\"method\":\"ping\"}",
        "{\"jsonrpc\":\"2.0 \",\"id\":1,\"method\":\"ping\"}",
        "{\"jsonrpc\":null,\"id\":1,\"method\":\"ping\"}"
      })
  void aMissingOrWrongJsonrpcVersionIsAnInvalidRequest(String body) {
    McpProtocolException error = parseFailure(body);

    assertThat(error.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(error.getMessage()).contains("jsonrpc");
  }

  @Test
  void theIdOfAnInvalidRequestIsKeptForTheErrorResponse() {
    McpProtocolException error =
        parseFailure("{\"jsonrpc\":\"1.0\",\"id\":\"req-9\",\"method\":\"ping\"}");

    assertThat(error.requestId()).isNotNull();
    assertThat(error.requestId().asString()).isEqualTo("req-9");
  }

  @Test
  void aMessageWithNeitherMethodNorResultIsAnInvalidRequest() {
    McpProtocolException error = parseFailure("{\"jsonrpc\":\"2.0\",\"id\":5}");

    assertThat(error.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(error.getMessage()).contains("method");
    assertThat(error.requestId().asInt()).isEqualTo(5);
  }

  @Test
  void aMessageWithNoMethodAndNoIdIsAnInvalidRequest() {
    assertThat(parseFailure("{\"jsonrpc\":\"2.0\",\"params\":{}}").code())
        .isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(parseFailure("{\"jsonrpc\":\"2.0\",\"result\":{}}").code())
        .isEqualTo(ErrorCode.INVALID_REQUEST);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "null", "\"\"", "{}", "[\"ping\"]", "true"})
  void aMethodThatIsNotANonEmptyStringIsAnInvalidRequest(String method) {
    McpProtocolException error =
        parseFailure("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":" + method + "}");

    assertThat(error.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(error.getMessage()).contains("method");
  }

  @Test
  void aNullIdIsAnInvalidRequest() {
    McpProtocolException error =
        parseFailure("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}");

    assertThat(error.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(error.getMessage()).contains("id");
    assertThat(error.requestId()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5", "1.0", "1e3", "true", "false", "{}", "{\"n\":1}", "[]", "[1]"})
  void anIdThatIsNeitherAStringNorAnIntegerIsAnInvalidRequest(String id) {
    McpProtocolException error =
        parseFailure("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}");

    assertThat(error.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(error.requestId()).isNull();
  }

  @Test
  void aResponseWithAnInvalidIdIsAnInvalidRequest() {
    assertThat(parseFailure("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"result\":{}}").code())
        .isEqualTo(ErrorCode.INVALID_REQUEST);
  }

  // --- what errors say ---

  @Test
  void protocolErrorsCarryNoStackTraceAndEchoNone() {
    McpProtocolException parseError = parseFailure("{\"jsonrpc\":");
    McpProtocolException invalid = parseFailure("[1]");

    for (McpProtocolException error : new McpProtocolException[] {parseError, invalid}) {
      assertThat(error.getStackTrace()).isEmpty();
      assertThat(error.getMessage())
          .doesNotContain("\tat ", "Exception", "jackson", "tools.", "Source:");
    }
  }

  @Test
  void aParseErrorSaysWhereTheJsonBroke() {
    assertThat(parseFailure("{\"jsonrpc\":\"2.0\",\n \"id\": ?}").getMessage())
        .startsWith("Parse error")
        .contains("line 2");
  }

  @Test
  void aParseErrorDoesNotEchoTheBody() {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"canary-7f3a9c\" oops}";

    assertThat(parseFailure(body).getMessage()).doesNotContain("canary-7f3a9c");
  }

  @Test
  void theErrorResponseOfAProtocolErrorIsValidJsonRpc() {
    McpProtocolException error = parseFailure("{\"jsonrpc\":\"1.0\",\"id\":4,\"method\":\"ping\"}");

    JsonNode response =
        TestClient.json(
            McpEndpoint.errorResponse(error.requestId(), error.code(), error.getMessage()));

    assertThat(response.path("jsonrpc").asString()).isEqualTo("2.0");
    assertThat(response.path("id").asInt()).isEqualTo(4);
    assertThat(response.at("/error/code").asInt()).isEqualTo(-32600);
    assertThat(response.at("/error/message").asString()).isEqualTo(error.getMessage());
  }

  @Test
  void anErrorResponseWithoutAnIdHasANullId() {
    JsonNode response =
        TestClient.json(McpEndpoint.errorResponse(null, ErrorCode.PARSE_ERROR, "Parse error"));

    assertThat(response.has("id")).isTrue();
    assertThat(response.get("id").isNull()).isTrue();
    assertThat(response.at("/error/code").asInt()).isEqualTo(-32700);
  }

  // --- helpers ---

  private IncomingMessage parse(String body) {
    return gateway.endpoint().parse(utf8(body));
  }

  private McpProtocolException parseFailure(String body) {
    return catchThrowableOfType(McpProtocolException.class, () -> gateway.endpoint().parse(utf8(body)));
  }

  private void assertParseError(byte[] body) {
    assertThatThrownBy(() -> gateway.endpoint().parse(body))
        .as("parsing %s", new String(body, StandardCharsets.ISO_8859_1))
        .isInstanceOfSatisfying(
            McpProtocolException.class,
            error -> {
              assertThat(error.code()).isEqualTo(ErrorCode.PARSE_ERROR);
              assertThat(error.code().jsonRpcCode()).isEqualTo(-32700);
              assertThat(error.getMessage()).startsWith("Parse error");
              assertThat(error.requestId()).isNull();
            });
  }

  private void assertFastParseError(byte[] body) {
    long started = System.nanoTime();
    assertParseError(body);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
  }

  private static byte[] withBytesInString(byte... bytes) {
    return concat(
        utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"q\":\"a"),
        bytes,
        utf8("b\"}}"));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
