package dev.mcpgate.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small MCP Streamable HTTP client for integration tests: it speaks the protocol correctly by
 * default and lets a test step outside it (raw bodies, missing or wrong headers) to check how a
 * server answers bad input. Every call returns the whole {@link McpExchange}, so a test asserts
 * on status codes, headers and every message, not just a result.
 *
 * <pre>{@code
 * try (McpTestClient client = McpTestClient.builder(URI.create("http://localhost:8080/mcp")).build()) {
 *   client.initialize();
 *   JsonNode tools = client.request("tools/list", null).response();
 * }
 * }</pre>
 *
 * <p>A request body over 1 MiB to an {@code http:} endpoint goes over a plain socket with {@code
 * Expect: 100-continue}, as curl does: a server that refuses a body by its declared length (413)
 * answers before the body is sent, and the client reads that answer rather than failing with a
 * broken pipe while still writing. (The JDK client's own {@code expectContinue} hangs on Java 17
 * when the answer is final.) Other requests use the JDK {@link HttpClient}.
 *
 * <p>Not thread-safe: one test, one client.
 */
public final class McpTestClient implements AutoCloseable {

  /**
   * The newest MCP protocol revision this client knows, the one {@link #initialize()} asks for.
   * It is the revision mcpgate's engine serves as its latest (core's tests check that the two
   * agree).
   */
  public static final String LATEST_PROTOCOL_VERSION = "2025-11-25";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String ACCEPT = "application/json, text/event-stream";
  private static final int EXPECT_CONTINUE_ABOVE = 1024 * 1024;

  private final URI endpoint;
  private final HttpClient http;
  private final Map<String, String> extraHeaders;
  private final Duration timeout;
  private final AtomicLong ids = new AtomicLong();
  private @Nullable String sessionId;
  private @Nullable String protocolVersion;

  private McpTestClient(Builder builder) {
    this.endpoint = builder.endpoint;
    this.extraHeaders = Map.copyOf(builder.headers);
    this.timeout = builder.timeout;
    this.http = HttpClient.newBuilder().connectTimeout(builder.timeout).build();
  }

  /**
   * A builder for a client of an endpoint.
   *
   * @param endpoint the MCP endpoint, such as {@code http://localhost:8080/mcp}
   * @return a new builder
   */
  public static Builder builder(URI endpoint) {
    return new Builder(endpoint);
  }

  /**
   * Initializes: sends {@code initialize} with {@link #LATEST_PROTOCOL_VERSION}, keeps the session id
   * and negotiated version, then sends {@code notifications/initialized}.
   *
   * @return the initialize exchange
   * @throws IllegalStateException if the server does not answer with a result
   */
  public McpExchange initialize() {
    return initialize(LATEST_PROTOCOL_VERSION);
  }

  /**
   * Initializes asking for a given protocol version.
   *
   * @param version the version to ask for
   * @return the initialize exchange
   * @throws IllegalStateException if the server does not answer with a result
   */
  public McpExchange initialize(String version) {
    ObjectNode params = JSON.createObjectNode();
    params.put("protocolVersion", version);
    params.putObject("capabilities");
    params.putObject("clientInfo").put("name", "mcpgate-testkit").put("version", "1");
    McpExchange exchange = request("initialize", params);
    JsonNode response = exchange.response();
    if (response == null || !response.has("result")) {
      throw new IllegalStateException("initialize failed: " + exchange.status() + " " + exchange.body());
    }
    sessionId = exchange.header("MCP-Session-Id").orElse(null);
    protocolVersion = response.path("result").path("protocolVersion").asString();
    notify("notifications/initialized", null);
    return exchange;
  }

  /**
   * Sends a request with the next id.
   *
   * @param method the method
   * @param params the params, or null
   * @return the exchange
   */
  public McpExchange request(String method, @Nullable JsonNode params) {
    ObjectNode message = JSON.createObjectNode();
    message.put("jsonrpc", "2.0");
    message.put("id", ids.incrementAndGet());
    message.put("method", method);
    if (params != null) {
      message.set("params", params);
    }
    return post(JSON.writeValueAsBytes(message), Map.of());
  }

  /**
   * Sends a notification.
   *
   * @param method the method
   * @param params the params, or null
   * @return the exchange (a conforming server answers 202 with no body)
   */
  public McpExchange notify(String method, @Nullable JsonNode params) {
    ObjectNode message = JSON.createObjectNode();
    message.put("jsonrpc", "2.0");
    message.put("method", method);
    if (params != null) {
      message.set("params", params);
    }
    return post(JSON.writeValueAsBytes(message), Map.of());
  }

  /**
   * Lists one page of tools.
   *
   * @param cursor the cursor from the previous page, or null for the first
   * @return the exchange
   */
  public McpExchange listTools(@Nullable String cursor) {
    ObjectNode params = JSON.createObjectNode();
    if (cursor != null) {
      params.put("cursor", cursor);
    }
    return request("tools/list", params);
  }

  /**
   * Calls a tool.
   *
   * @param name the tool's name
   * @param arguments the arguments as a JSON object, or null
   * @return the exchange
   */
  public McpExchange callTool(String name, @Nullable JsonNode arguments) {
    ObjectNode params = JSON.createObjectNode();
    params.put("name", name);
    if (arguments != null) {
      params.set("arguments", arguments);
    }
    return request("tools/call", params);
  }

  /**
   * Posts raw bytes with the client's usual headers (JSON content type, the MCP Accept, the
   * session and protocol version once known), overridden or removed by {@code headers}: a value
   * of {@code ""} removes a header.
   *
   * @param body the request body
   * @param headers header overrides
   * @return the exchange
   */
  public McpExchange post(byte[] body, Map<String, String> headers) {
    Map<String, String> effective = defaultHeaders();
    effective.put("content-type", "application/json");
    effective.put("accept", ACCEPT);
    headers.forEach((name, value) -> effective.put(name.toLowerCase(Locale.ROOT), value));
    return send("POST", body, effective);
  }

  /**
   * Sends a request with any method and no body, with the client's usual headers overridden as
   * in {@link #post(byte[], Map)}. An SSE answer is read until the server ends it, so use this
   * for {@code GET} only against a stream the server will close.
   *
   * @param method the HTTP method
   * @param headers header overrides
   * @return the exchange
   */
  public McpExchange send(String method, Map<String, String> headers) {
    Map<String, String> effective = defaultHeaders();
    headers.forEach((name, value) -> effective.put(name.toLowerCase(Locale.ROOT), value));
    return send(method, null, effective);
  }

  /**
   * The session id the server issued on {@code initialize}.
   *
   * @return the id, or null before initialize or when the server is stateless
   */
  public @Nullable String sessionId() {
    return sessionId;
  }

  /**
   * Uses a given session id from now on (or none), to test how a server treats it.
   *
   * @param sessionId the id, or null for none
   */
  public void sessionId(@Nullable String sessionId) {
    this.sessionId = sessionId;
  }

  /**
   * The negotiated protocol version.
   *
   * @return the version, or null before initialize
   */
  public @Nullable String protocolVersion() {
    return protocolVersion;
  }

  /**
   * Parses a JSON text, for building params in tests.
   *
   * @param json the text
   * @return the tree
   */
  public static JsonNode json(String json) {
    return JSON.readTree(json);
  }

  /** Ends the session with {@code DELETE}, if there is one. */
  @Override
  public void close() {
    if (sessionId != null) {
      send("DELETE", Map.of());
      sessionId = null;
    }
  }

  private Map<String, String> defaultHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    extraHeaders.forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
    if (sessionId != null) {
      headers.put("mcp-session-id", sessionId);
    }
    if (protocolVersion != null) {
      headers.put("mcp-protocol-version", protocolVersion);
    }
    return headers;
  }

  private McpExchange send(String method, byte @Nullable [] body, Map<String, String> headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).timeout(timeout).method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(
        (name, value) -> {
          if (!value.isEmpty()) {
            builder.header(name, value);
          }
        });
    // Built on both paths so that names and values are checked the same way.
    HttpRequest request = builder.build();
    if (body != null
        && body.length > EXPECT_CONTINUE_ABOVE
        && "http".equalsIgnoreCase(endpoint.getScheme())) {
      ExpectContinueRequest.Response response;
      try {
        response = ExpectContinueRequest.send(
            endpoint, method, request.headers().map(), body, timeout);
      } catch (IOException e) {
        throw new IllegalStateException("request to " + endpoint + " failed: " + e, e);
      }
      return exchange(response.status(), response.headers(), response.body());
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException("request to " + endpoint + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return exchange(response.statusCode(), response.headers().map(), response.body());
  }

  private static McpExchange exchange(
      int status, Map<String, List<String>> headers, byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    Map<String, List<String>> lowerCased = new LinkedHashMap<>();
    headers.forEach((name, values) -> lowerCased.merge(
        name.toLowerCase(Locale.ROOT), List.copyOf(values), McpTestClient::concat));
    List<String> types = lowerCased.getOrDefault("content-type", List.of());
    String type = types.isEmpty() ? "" : types.get(0);
    return new McpExchange(status, lowerCased, text, messages(type, text));
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  private static List<JsonNode> messages(String contentType, String body) {
    List<JsonNode> messages = new ArrayList<>();
    if (body.isBlank()) {
      return messages;
    }
    if (contentType.startsWith("text/event-stream")) {
      StringBuilder data = new StringBuilder();
      for (String line : body.split("\r?\n", -1)) {
        if (line.startsWith("data:")) {
          data.append(line.substring(5).stripLeading());
        } else if (line.isEmpty() && data.length() > 0) {
          messages.add(JSON.readTree(data.toString()));
          data.setLength(0);
        }
      }
      if (data.length() > 0) {
        messages.add(JSON.readTree(data.toString()));
      }
    } else if (contentType.startsWith("application/json")) {
      messages.add(JSON.readTree(body));
    }
    return messages;
  }

  /** Builds a {@link McpTestClient}. Not thread-safe. */
  public static final class Builder {
    private final URI endpoint;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Duration timeout = Duration.ofSeconds(10);

    private Builder(URI endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /**
     * Adds a header sent with every request, such as {@code Authorization}.
     *
     * @param name the header's name
     * @param value its value
     * @return this builder
     */
    public Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    /**
     * Sets the connect and request timeout; default 10 seconds.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     */
    public McpTestClient build() {
      return new McpTestClient(this);
    }
  }
}
