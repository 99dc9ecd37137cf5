package dev.mcpgate.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** serve listens before its sources are imported, and says it is not ready until they are. */
class ServeServerTest {

  private static final ServeConfig.Server LOOPBACK = new ServeConfig.Server(
      "127.0.0.1", 0, "/mcp", List.of(), List.of(), 4096, null, false);

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void beforeTheGatewayIsInPlaceReadinessIsFalseAndTheEndpointAsksToRetry() throws Exception {
    try (ServeServer server = ServeServer.listen(LOOPBACK, 0)) {
      URI endpoint = server.endpoint();

      HttpResponse<String> health = send(HttpRequest.newBuilder(endpoint.resolve("/healthz")));
      HttpResponse<String> ready = send(HttpRequest.newBuilder(endpoint.resolve("/readyz")));
      HttpResponse<String> mcp = send(HttpRequest.newBuilder(endpoint)
          .POST(HttpRequest.BodyPublishers.ofString("{}")));

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).isEqualTo("{\"status\":\"starting\"}");
      assertThat(mcp.statusCode()).isEqualTo(503);
      assertThat(mcp.headers().firstValue("Retry-After")).contains("1");
      assertThat(mcp.body()).contains("the gateway is starting");
    }
  }

  @Test
  void onceTheGatewayIsInPlaceItAnswersAndReadinessIsTrue() throws Exception {
    try (ServeServer server = ServeServer.listen(LOOPBACK, 0)) {
      server.serve(new HttpServlet() {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
          response.setStatus(200);
          response.getWriter().write("served");
        }
      });

      HttpResponse<String> ready =
          send(HttpRequest.newBuilder(server.endpoint().resolve("/readyz")));
      HttpResponse<String> mcp = send(HttpRequest.newBuilder(server.endpoint())
          .POST(HttpRequest.BodyPublishers.ofString("{}")));

      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(mcp.body()).isEqualTo("served");
    }
  }

  @Test
  void theMcpPathCannotBeAHealthPath() {
    ConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(
        ConfigException.class, () -> ConfigLoader.parse("""
            server: {path: /readyz}
            sources: []
            """, java.nio.file.Path.of("mcpgate.yaml").toAbsolutePath(), "mcpgate.yaml"));

    assertThat(e.problems()).contains("server.path: is where serve answers health checks;"
        + " choose another, such as /mcp");
  }
}
