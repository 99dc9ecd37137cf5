package dev.mcpgate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.IdentityResolver;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.prompts.Prompt;
import dev.mcpgate.core.prompts.PromptResult;
import dev.mcpgate.core.resources.Resource;
import dev.mcpgate.core.resources.ResourceContents;
import dev.mcpgate.testkit.McpTestClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Resource and prompt notifications reach sessions over their GET streams, on real HTTP. */
class ResourceNotificationsTest {

  private static final String README = "app://notes/readme";

  private JettyHost host;
  private McpGateway gateway;

  @AfterEach
  void stop() throws Exception {
    if (host != null) {
      host.close();
    }
  }

  private McpTestClient connect() throws Exception {
    if (host == null) {
      gateway = McpGateway.builder()
          .identityResolver(IdentityResolver.anonymous())
          .resource(Resource.builder(README, "readme").build(),
              read -> List.of(ResourceContents.text(read.uri(), "text/plain", "hello")))
          .build();
      host = JettyHost.withFilter(gateway, McpTransportConfig.defaults());
    }
    McpTestClient client = McpTestClient.builder(host.mcp()).build();
    client.initialize();
    return client;
  }

  /** The data lines of a session's GET stream, as they arrive. */
  private BlockingQueue<String> listen(McpTestClient client) throws Exception {
    HttpRequest get = HttpRequest.newBuilder(host.mcp())
        .header("Accept", "text/event-stream")
        .header("MCP-Session-Id", client.sessionId())
        .GET().build();
    HttpResponse<InputStream> stream =
        HttpClient.newHttpClient().send(get, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    BlockingQueue<String> data = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          if (line.startsWith("data:")) {
            data.add(line.substring("data:".length()).strip());
          }
        }
      } catch (IOException closed) {
        // The server ended the stream when the test stopped it.
      }
    });
    reader.setDaemon(true);
    reader.start();
    return data;
  }

  @Test
  void aSubscribedSessionHearsOfAnUpdateAndAnotherDoesNot() throws Exception {
    McpTestClient subscriber = connect();
    McpTestClient bystander = connect();
    BlockingQueue<String> subscriberStream = listen(subscriber);
    BlockingQueue<String> bystanderStream = listen(bystander);
    assertThat(subscriber.request("resources/subscribe",
        McpTestClient.json("{\"uri\":\"" + README + "\"}")).status()).isEqualTo(200);

    gateway.resources().updated(README);
    // A marker every session hears, so the bystander's stream is known to be delivering.
    gateway.prompts().register(Prompt.of("p", "A prompt."), get -> PromptResult.of());

    assertThat(subscriberStream.poll(5, TimeUnit.SECONDS)).isEqualTo(
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/resources/updated\","
            + "\"params\":{\"uri\":\"" + README + "\"}}");
    assertThat(bystanderStream.poll(5, TimeUnit.SECONDS))
        .contains("notifications/prompts/list_changed");
  }

  @Test
  void anUnsubscribedSessionHearsNoMoreUpdates() throws Exception {
    McpTestClient client = connect();
    BlockingQueue<String> stream = listen(client);
    client.request("resources/subscribe", McpTestClient.json("{\"uri\":\"" + README + "\"}"));
    client.request("resources/unsubscribe", McpTestClient.json("{\"uri\":\"" + README + "\"}"));

    gateway.resources().updated(README);
    gateway.resources().register(Resource.builder("app://b", "b").build(), read -> List.of());

    assertThat(stream.poll(5, TimeUnit.SECONDS))
        .contains("notifications/resources/list_changed");
  }
}
