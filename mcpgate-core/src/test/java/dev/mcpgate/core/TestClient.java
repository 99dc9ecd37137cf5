package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.CallerContext;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to a gateway as a transport does: JSON text in through {@link McpGateway#parse}, then
 * {@link McpGateway#handle} with a {@link RecordingSink}. One client is one session and one caller.
 */
final class TestClient {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final McpGateway gateway;
  private final McpSession session;
  private final CallerContext caller;
  private final AtomicLong nextId;

  private TestClient(
      McpGateway gateway, McpSession session, CallerContext caller, AtomicLong nextId) {
    this.gateway = gateway;
    this.session = session;
    this.caller = caller;
    this.nextId = nextId;
  }

  /** A client with a fresh stateful session, calling anonymously. */
  static TestClient connect(McpGateway gateway) {
    return new TestClient(
        gateway,
        gateway.endpoint().newSession("session-1", null),
        CallerContext.anonymous(),
        new AtomicLong(1));
  }

  /** This client's session, used by another caller. */
  TestClient as(CallerContext other) {
    return new TestClient(gateway, session, other, nextId);
  }

  McpSession session() {
    return session;
  }

  /** Sends one raw message and returns everything the engine wrote for it. */
  RecordingSink send(String message) {
    RecordingSink sink = new RecordingSink();
    send(message, sink);
    return sink;
  }

  /** Sends one raw message, writing the answer to the given sink. */
  void send(String message, RecordingSink sink) {
    gateway.endpoint().handle(session, caller, gateway.endpoint().parse(message.getBytes(StandardCharsets.UTF_8)), sink);
  }

  /** Sends a request with the next numeric id and returns everything written for it. */
  RecordingSink exchange(String method, String params) {
    return send(request(nextId.getAndIncrement(), method, params));
  }

  /** Sends a request and returns its one response. */
  JsonNode request(String method, String params) {
    return exchange(method, params).response();
  }

  /** Sends a notification; checks that nothing is written back. */
  void notify(String method, String params) {
    RecordingSink sink =
        send("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + "}");
    assertThat(sink.messages()).as("a notification gets no answer").isEmpty();
  }

  /** Calls a tool and returns the result object; fails on a JSON-RPC error. */
  JsonNode callTool(String name, String arguments) {
    JsonNode response =
        request("tools/call", "{\"name\":\"" + name + "\",\"arguments\":" + arguments + "}");
    assertThat(response.has("error")).as("no JSON-RPC error: %s", response).isFalse();
    return response.get("result");
  }

  /** A request message. */
  static String request(Object id, String method, String params) {
    String idJson = id instanceof String text ? "\"" + text + "\"" : String.valueOf(id);
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + idJson
        + ",\"method\":\""
        + method
        + "\",\"params\":"
        + params
        + "}";
  }

  static JsonNode json(String text) {
    return JSON.readTree(text);
  }

  static JsonNode json(byte[] bytes) {
    return JSON.readTree(bytes);
  }
}
