package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.core.identity.ClientRegistry;
import dev.mcpgate.testkit.FakeUpstream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve}'s HTTP surface as a client without an MCP library meets it, request by request
 * as the curl lines in docs/configuration.md send them: the stateless mode, the session
 * handshake of the default mode, and the health and readiness endpoints.
 */
class ServeTransportTest {

  private static final String KEY = ClientRegistry.generateKey();
  private static final String PETS = """
      openapi: 3.0.3
      info: {title: Pets, version: "1"}
      paths:
        /pets/{id}:
          get:
            operationId: getPet
            parameters: [{name: id, in: path, required: true, schema: {type: string}}]
            responses: {"200": {description: ok}}
      """;
  private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
  private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
      + "\"params\":{\"name\":\"getPet\",\"arguments\":{\"id\":\"7\"}}}";
  private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":"
      + "\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
      + "\"clientInfo\":{\"name\":\"curl\",\"version\":\"1\"}}}";
  private static final String INITIALIZED =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

  @TempDir Path dir;

  private final FakeUpstream upstream = FakeUpstream.start()
      .otherwise(FakeUpstream.Answer.json(200, "{\"id\":\"7\",\"name\":\"Rex\"}"));
  private final HttpClient http = HttpClient.newHttpClient();
  private ServeCommand.@Nullable Running running;

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
    upstream.close();
  }

  private URI serve(String serverLines) throws IOException {
    Files.writeString(dir.resolve("pets.yaml"), PETS);
    Path config = dir.resolve("mcpgate.yaml");
    Files.writeString(config, """
        server:
          port: 0
        %s
        sources:
          - id: pets
            description: pets.yaml
            baseUrl: %s
            approved: true
        clients:
          - id: agent
            profiles:
              default:
                keys: [{ref: env:AGENT_KEY}]
        policy:
          default: allow
        upstream:
          allowLoopback: true
        """.formatted(serverLines.indent(2).stripTrailing(), upstream.url()));
    StringWriter out = new StringWriter();
    running = ServeCommand.start(config, 0, name -> name.equals("AGENT_KEY") ? KEY : null,
        new PrintWriter(out, true));
    return running.uri();
  }

  /** A POST as the docs' curl lines send it: the key, JSON, the MCP Accept. */
  private HttpResponse<String> post(URI endpoint, String body, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
        .header("Authorization", "Bearer " + KEY)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void statelessServeAnswersEachRequestOnItsOwnWithoutInitialize() throws Exception {
    URI endpoint = serve("stateless: true");

    HttpResponse<String> list = post(endpoint, LIST, Map.of());
    HttpResponse<String> call = post(endpoint, CALL, Map.of());

    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.headers().firstValue("MCP-Session-Id")).isEmpty();
    assertThat(list.body()).contains("\"name\":\"getPet\"");
    assertThat(call.statusCode()).isEqualTo(200);
    assertThat(call.body()).contains("Rex").doesNotContain("\"isError\":true");
    assertThat(upstream.onlyRequest().path()).isEqualTo("/pets/7");
  }

  @Test
  void statelessServeHasNoStreamToOpenAndNoSessionToEnd() throws Exception {
    URI endpoint = serve("stateless: true");

    HttpResponse<String> stream = http.send(HttpRequest.newBuilder(endpoint)
        .header("Authorization", "Bearer " + KEY).header("Accept", "text/event-stream").GET()
        .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(stream.statusCode()).isEqualTo(405);
    assertThat(stream.headers().firstValue("Allow")).contains("POST");
  }

  @Test
  void statefulServeRefusesARequestWithoutASession() throws Exception {
    URI endpoint = serve("");

    HttpResponse<String> list = post(endpoint, LIST, Map.of());

    assertThat(list.statusCode()).isEqualTo(400);
    assertThat(list.body()).contains("missing MCP-Session-Id");
  }

  @Test
  void statefulServeServesAfterTheDocumentedHandshake() throws Exception {
    URI endpoint = serve("");

    HttpResponse<String> initialize = post(endpoint, INITIALIZE, Map.of());
    String session = initialize.headers().firstValue("MCP-Session-Id").orElseThrow();
    Map<String, String> headers =
        Map.of("MCP-Session-Id", session, "MCP-Protocol-Version", "2025-11-25");
    HttpResponse<String> initialized = post(endpoint, INITIALIZED, headers);
    HttpResponse<String> call = post(endpoint, CALL, headers);
    HttpResponse<String> end = http.send(HttpRequest.newBuilder(endpoint)
        .header("Authorization", "Bearer " + KEY).header("MCP-Session-Id", session).DELETE()
        .build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> after = post(endpoint, LIST, headers);

    assertThat(initialize.statusCode()).isEqualTo(200);
    assertThat(initialize.body()).contains("\"protocolVersion\":\"2025-11-25\"");
    assertThat(initialized.statusCode()).isEqualTo(202);
    assertThat(call.statusCode()).isEqualTo(200);
    assertThat(call.body()).contains("Rex");
    assertThat(end.statusCode()).isEqualTo(204);
    assertThat(after.statusCode()).isEqualTo(404);
  }

  @Test
  void healthAndReadinessAnswerWithoutAuthenticationAndWithoutDetails() throws Exception {
    URI endpoint = serve("");

    HttpResponse<String> health = get(endpoint.resolve("/healthz"));
    HttpResponse<String> ready = get(endpoint.resolve("/readyz"));

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("{\"status\":\"up\"}");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("{\"status\":\"ready\"}");
    assertThat(ready.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(ready.headers().firstValue("Server")).isEmpty();
  }

  @Test
  void healthRefusesEverythingButGetAndHead() throws Exception {
    URI endpoint = serve("");

    HttpResponse<String> post = http.send(HttpRequest.newBuilder(endpoint.resolve("/healthz"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    assertThat(post.body()).isEqualTo("{\"status\":\"method not allowed\"}");
  }
}
