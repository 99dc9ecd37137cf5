package dev.mcpgate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.testkit.McpExchange;
import dev.mcpgate.testkit.McpTestClient;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Bad input at the transport: each case gets the specified 4xx or JSON-RPC error, never a 500
 * or a stack trace, and the same session keeps working afterwards.
 */
class BadInputTest {

  private static JettyHost host;
  private McpTestClient client;

  @BeforeAll
  static void startHost() throws Exception {
    host = JettyHost.withFilter(TestTools.gateway().build(), McpTransportConfig.defaults());
  }

  @AfterAll
  static void stopHost() {
    host.close();
  }

  @BeforeEach
  void connect() {
    client = McpTestClient.builder(host.mcp()).build();
    client.initialize();
  }

  @AfterEach
  void sessionStillWorks() {
    McpExchange ping = client.request("ping", null);
    assertThat(ping.status()).isEqualTo(200);
    assertThat(ping.response().has("result")).isTrue();
    client.close();
  }

  private McpExchange post(String body) {
    return post(body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  private McpExchange post(byte[] body, Map<String, String> headers) {
    McpExchange exchange = client.post(body, headers);
    assertThat(exchange.status()).isBetween(200, 499);
    assertThat(exchange.body()).doesNotContain("Exception", "\tat ", "at dev.mcpgate", "at java.");
    return exchange;
  }

  private static void assertRpcError(McpExchange exchange, int status, int code) {
    assertThat(exchange.status()).isEqualTo(status);
    JsonNode error = exchange.response().path("error");
    assertThat(error.path("code").asInt()).isEqualTo(code);
    assertThat(error.path("message").asString()).isNotBlank();
  }

  @Test
  void malformedJsonIsAParseError() {
    assertRpcError(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"), 400, -32700);
  }

  @Test
  void aBatchArrayIsAnInvalidRequest() {
    assertRpcError(post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]"), 400, -32600);
  }

  @Test
  void aMissingJsonrpcMemberIsAnInvalidRequest() {
    McpExchange exchange = post("{\"id\":7,\"method\":\"ping\"}");
    assertRpcError(exchange, 400, -32600);
    assertThat(exchange.response().path("id").asInt()).isEqualTo(7);
  }

  @Test
  void aMissingMethodIsAnInvalidRequest() {
    assertRpcError(post("{\"jsonrpc\":\"2.0\",\"id\":8}"), 400, -32600);
  }

  @Test
  void aNullIdIsAnInvalidRequest() {
    McpExchange exchange = post("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}");
    assertRpcError(exchange, 400, -32600);
    assertThat(exchange.response().path("id").isNull()).isTrue();
  }

  @Test
  void aTenMegabyteBodyIsRefusedWith413() {
    byte[] body = new byte[10 * 1024 * 1024];
    Arrays.fill(body, (byte) ' ');
    body[0] = '{';
    body[body.length - 1] = '}';
    McpExchange exchange = post(body, Map.of());
    assertThat(exchange.status()).isEqualTo(413);
  }

  @Test
  void nestingDepthOfOneHundredThousandIsAParseError() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    McpExchange exchange = post(
        "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
            + "\"arguments\":{\"text\":" + deep + "}}}");
    assertRpcError(exchange, 400, -32700);
  }

  @Test
  void invalidUtf8IsAParseError() {
    byte[] prefix = "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"ping\",\"x\":\"".getBytes(
        StandardCharsets.US_ASCII);
    byte[] body = Arrays.copyOf(prefix, prefix.length + 4);
    body[prefix.length] = (byte) 0xC3;
    body[prefix.length + 1] = (byte) 0x28;
    body[prefix.length + 2] = '"';
    body[prefix.length + 3] = '}';
    assertRpcError(post(body, Map.of()), 400, -32700);
  }

  @Test
  void aUtf32ByteOrderMarkIsAParseError() {
    byte[] json = "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"ping\"}".getBytes(
        java.nio.charset.Charset.forName("UTF-32BE"));
    byte[] body = new byte[json.length + 4];
    body[2] = (byte) 0xFE;
    body[3] = (byte) 0xFF;
    System.arraycopy(json, 0, body, 4, json.length);
    assertRpcError(post(body, Map.of()), 400, -32700);
  }

  @Test
  void anUnknownMethodIsMethodNotFound() {
    assertRpcError(post("{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"tools/destroy\"}"), 200, -32601);
  }

  @Test
  void wrongTypedParamsAreInvalidParams() {
    assertRpcError(post(
        "{\"jsonrpc\":\"2.0\",\"id\":13,\"method\":\"tools/call\",\"params\":{\"name\":5}}"),
        200, -32602);
    assertRpcError(post(
        "{\"jsonrpc\":\"2.0\",\"id\":14,\"method\":\"tools/call\",\"params\":[\"echo\"]}"),
        200, -32602);
    assertRpcError(post("{\"jsonrpc\":\"2.0\",\"id\":15,\"method\":\"tools/call\","
        + "\"params\":{\"name\":\"echo\",\"arguments\":\"text\"}}"), 200, -32602);
    assertRpcError(post("{\"jsonrpc\":\"2.0\",\"id\":16,\"method\":\"tools/list\","
        + "\"params\":{\"cursor\":17}}"), 200, -32602);
  }

  @Test
  void argumentsThatFailTheSchemaAreAToolErrorResult() {
    McpExchange exchange = post("{\"jsonrpc\":\"2.0\",\"id\":17,\"method\":\"tools/call\","
        + "\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":3}}}");
    assertThat(exchange.status()).isEqualTo(200);
    assertThat(exchange.response().path("result").path("isError").asBoolean()).isTrue();
  }

  @Test
  void aWrongContentTypeIs415() {
    McpExchange exchange = post("{\"jsonrpc\":\"2.0\",\"id\":18,\"method\":\"ping\"}"
        .getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "text/plain"));
    assertThat(exchange.status()).isEqualTo(415);
    McpExchange utf16 = post("{\"jsonrpc\":\"2.0\",\"id\":18,\"method\":\"ping\"}"
        .getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json; charset=utf-16"));
    assertThat(utf16.status()).isEqualTo(415);
  }

  @Test
  void aMissingAcceptIs406() {
    McpExchange exchange = post("{\"jsonrpc\":\"2.0\",\"id\":19,\"method\":\"ping\"}"
        .getBytes(StandardCharsets.UTF_8), Map.of("Accept", ""));
    assertThat(exchange.status()).isEqualTo(406);
    McpExchange jsonOnly = post("{\"jsonrpc\":\"2.0\",\"id\":20,\"method\":\"ping\"}"
        .getBytes(StandardCharsets.UTF_8), Map.of("Accept", "application/json"));
    assertThat(jsonOnly.status()).isEqualTo(406);
  }

  @Test
  void anEmptyBodyIsAParseError() {
    assertRpcError(post(new byte[0], Map.of()), 400, -32700);
  }

  @Test
  void duplicateKeysAreAParseError() {
    assertRpcError(post("{\"jsonrpc\":\"2.0\",\"id\":21,\"id\":22,\"method\":\"ping\"}"), 400,
        -32700);
  }
}
