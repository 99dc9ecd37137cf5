package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mcpgate.api.ToolAnnotations;
import dev.mcpgate.api.ToolDefinition;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Registering, replacing and removing tools, and what registration refuses. */
class ToolCatalogTest {

  private final McpGateway gateway = McpGateway.builder().build();
  private final ToolCatalog catalog = gateway.tools();
  private final TestClient client = TestClient.connect(gateway);

  @Test
  void aRegisteredToolCanBeFoundListedAndCalled() {
    ToolDefinition definition = Tools.tool("greet");

    catalog.register(definition, call -> ToolResult.text("hi"));

    assertThat(catalog.size()).isEqualTo(1);
    assertThat(catalog.find("greet")).contains(definition);
    assertThat(ToolsListTest.names(ToolsListTest.list(client, null).get("tools")))
        .containsExactly("greet");
    assertThat(client.callTool("greet", "{}").at("/content/0/text").asString()).isEqualTo("hi");
  }

  @Test
  void theCatalogKeepsEveryFieldOfARegisteredDefinition() {
    // The catalog keeps its own copy of each definition; fields of the same type must not be
    // swapped in the copy, so each one holds a value no other field holds.
    ToolDefinition definition =
        ToolDefinition.builder("get_order")
            .title("Get an order")
            .description("Fetches one order by id.")
            .inputSchema("{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}}")
            .outputSchema("{\"type\":\"object\"}")
            .annotations(new ToolAnnotations(true, false, true, false))
            .source("orders-api")
            .operationId("getOrder")
            .tags(List.of("orders", "read"))
            .metadata("team", "fulfilment")
            .build();

    catalog.registerAll(Map.of(definition, call -> ToolResult.text("ok"),
        Tools.tool("another"), call -> ToolResult.text("ok")));

    assertThat(catalog.find("get_order")).contains(definition);
  }

  @Test
  void findingAnUnknownToolFindsNothing() {
    assertThat(catalog.find("nope")).isEmpty();
  }

  @Test
  void registeringTheSameNameReplacesDefinitionAndHandler() {
    catalog.register(
        ToolDefinition.builder("greet").description("old").build(), call -> ToolResult.text("old"));

    catalog.register(
        ToolDefinition.builder("greet").description("new").build(), call -> ToolResult.text("new"));

    assertThat(catalog.size()).isEqualTo(1);
    assertThat(catalog.find("greet").orElseThrow().description()).isEqualTo("new");
    assertThat(ToolsListTest.list(client, null).at("/tools/0/description").asString())
        .isEqualTo("new");
    assertThat(client.callTool("greet", "{}").at("/content/0/text").asString()).isEqualTo("new");
  }

  @Test
  void removingAToolMakesItUnknown() {
    catalog.register(Tools.tool("greet"), Tools.echo());

    int removed = catalog.remove(List.of("greet"));

    assertThat(removed).isEqualTo(1);
    assertThat(catalog.size()).isZero();
    assertThat(client.request("tools/call", "{\"name\":\"greet\"}").at("/error/message").asString())
        .isEqualTo("Unknown tool: greet");
  }

  @Test
  void removingCountsOnlyToolsThatWerePresent() {
    catalog.registerAll(Map.of(Tools.tool("a"), Tools.echo(), Tools.tool("b"), Tools.echo()));

    assertThat(catalog.remove(List.of("a", "zzz", "a"))).isEqualTo(1);
    assertThat(catalog.remove(List.of("nothing"))).isZero();
    assertThat(catalog.find("b")).isPresent();
  }

  @Test
  void registerAllRegistersNothingWhenOneToolIsInvalid() {
    Map<ToolDefinition, ToolHandler> tools = new LinkedHashMap<>();
    tools.put(Tools.tool("good"), Tools.echo());
    tools.put(Tools.tool("bad", "{\"type\":\"string\"}"), Tools.echo());

    assertThatThrownBy(() -> catalog.registerAll(tools))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(catalog.size()).isZero();
  }

  @Test
  void aSchemaThatIsNotValidJsonIsRefusedSayingSo() {
    assertThatThrownBy(() -> catalog.register(Tools.tool("t", "{\"type\":"), Tools.echo()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'t'")
        .hasMessageContaining("input schema is not valid JSON");
  }

  @Test
  void aSchemaWithTrailingContentIsRefused() {
    assertThatThrownBy(
            () -> catalog.register(Tools.tool("t", "{\"type\":\"object\"} {}"), Tools.echo()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void aSchemaThatIsNotAnObjectSchemaIsRefusedSayingSo() {
    for (String schema :
        List.of(
            "{\"type\":\"string\"}",
            "{}",
            "{\"properties\":{}}",
            "{\"type\":[\"object\",\"null\"]}")) {
      assertThatThrownBy(() -> catalog.register(Tools.tool("t", schema), Tools.echo()))
          .as(schema)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must be an object schema");
    }
  }

  @Test
  void anOutputSchemaIsCheckedLikeAnInputSchema() {
    ToolDefinition notJson = ToolDefinition.builder("t").outputSchema("nope").build();
    ToolDefinition notObject =
        ToolDefinition.builder("t").outputSchema("{\"type\":\"array\"}").build();
    ToolDefinition brokenRef =
        ToolDefinition.builder("t")
            .outputSchema(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/missing\"}}}")
            .build();

    assertThatThrownBy(() -> catalog.register(notJson, Tools.echo()))
        .hasMessageContaining("output schema is not valid JSON");
    assertThatThrownBy(() -> catalog.register(notObject, Tools.echo()))
        .hasMessageContaining("output schema must be an object schema");
    assertThatThrownBy(() -> catalog.register(brokenRef, Tools.echo()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(catalog.size()).isZero();
  }

  @Test
  void aRefThatDoesNotResolveIsRefusedAtRegistration() {
    String schema = "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/missing\"}}}";

    assertThatThrownBy(() -> catalog.register(Tools.tool("t", schema), Tools.echo()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'t'")
        .hasMessageContaining("not a usable JSON Schema");
  }

  @Test
  void aRemoteRefIsNeverFetched() throws IOException {
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      listener.configureBlocking(false);
      int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
      String schema =
          "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"http://127.0.0.1:"
              + port
              + "/x.json\"}}}";

      assertTimeoutPreemptively(
          Duration.ofSeconds(5),
          () ->
              assertThatThrownBy(() -> catalog.register(Tools.tool("t", schema), Tools.echo()))
                  .isInstanceOf(IllegalArgumentException.class));

      // Registration is synchronous: a fetch would have connected by now.
      assertThat(listener.accept()).as("a connection to the $ref's host").isNull();
    }
  }

  @Test
  void aRemoteRefToAClosedPortFailsFastWithoutHanging() {
    String schema =
        "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"http://127.0.0.1:1/x.json\"}}}";

    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () ->
            assertThatThrownBy(() -> catalog.register(Tools.tool("t", schema), Tools.echo()))
                .isInstanceOf(IllegalArgumentException.class));
  }

  @Test
  void aRemoteMetaSchemaIsNeverFetched() throws IOException {
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      listener.configureBlocking(false);
      int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
      String schema = "{\"$schema\":\"http://127.0.0.1:" + port + "/meta\",\"type\":\"object\"}";

      assertTimeoutPreemptively(
          Duration.ofSeconds(5),
          () ->
              assertThatThrownBy(() -> catalog.register(Tools.tool("t", schema), Tools.echo()))
                  .isInstanceOf(IllegalArgumentException.class));

      assertThat(listener.accept()).as("a connection to the meta-schema's host").isNull();
    }
  }

  @Test
  void aRemoteIdWithLocalRefsResolvesWithoutFetching() throws IOException {
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      listener.configureBlocking(false);
      int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
      String schema =
          "{\"$id\":\"http://127.0.0.1:"
              + port
              + "/root.json\",\"type\":\"object\","
              + "\"$defs\":{\"id\":{\"type\":\"string\"}},"
              + "\"properties\":{\"id\":{\"$ref\":\"#/$defs/id\"}},\"required\":[\"id\"]}";

      catalog.register(Tools.tool("t", schema), Tools.echo());

      assertThat(client.callTool("t", "{\"id\":1}").path("isError").asBoolean()).isTrue();
      assertThat(client.callTool("t", "{\"id\":\"x\"}").path("isError").asBoolean(false)).isFalse();
      assertThat(listener.accept()).isNull();
    }
  }

  @Test
  void aFileRefIsNeverRead(@TempDir Path directory) throws IOException {
    Path referenced = directory.resolve("referenced.json");
    Files.writeString(referenced, "{\"type\":\"string\"}", StandardCharsets.UTF_8);
    String schema =
        "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"" + referenced.toUri() + "\"}}}";

    assertThatThrownBy(() -> catalog.register(Tools.tool("t", schema), Tools.echo()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void listenersRunAfterEveryChange() {
    AtomicInteger changes = new AtomicInteger();
    AtomicInteger seenSize = new AtomicInteger(-1);
    catalog.onChange(changes::incrementAndGet);
    catalog.onChange(() -> seenSize.set(catalog.size()));

    catalog.register(Tools.tool("a"), Tools.echo());
    assertThat(changes).hasValue(1);
    assertThat(seenSize).hasValue(1);

    catalog.registerAll(Map.of(Tools.tool("b"), Tools.echo(), Tools.tool("c"), Tools.echo()));
    assertThat(changes).hasValue(2);
    assertThat(seenSize).hasValue(3);

    catalog.remove(List.of("a", "b"));
    assertThat(changes).hasValue(3);
    assertThat(seenSize).hasValue(1);
  }

  @Test
  void aRemovedListenerNoLongerRuns() {
    AtomicInteger changes = new AtomicInteger();
    Runnable listener = changes::incrementAndGet;
    catalog.onChange(listener);

    assertThat(catalog.removeOnChange(listener)).isTrue();
    catalog.register(Tools.tool("a"), Tools.echo());

    assertThat(changes).hasValue(0);
    assertThat(catalog.removeOnChange(listener)).isFalse();
  }

  @Test
  void listenersDoNotRunWhenNothingChanged() {
    AtomicInteger changes = new AtomicInteger();
    catalog.onChange(changes::incrementAndGet);

    catalog.remove(List.of("absent"));
    assertThatThrownBy(
            () -> catalog.register(Tools.tool("t", "{\"type\":\"string\"}"), Tools.echo()))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(changes).hasValue(0);
  }

  @Test
  void concurrentRegistrationsAreAllKept() throws InterruptedException {
    int threads = 4;
    int perThread = 50;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int offset = t * perThread;
      Thread writer =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int i = 0; i < perThread; i++) {
                  catalog.register(Tools.tool(ToolsListTest.name(offset + i)), Tools.echo());
                }
              });
      writer.start();
      writers.add(writer);
    }

    start.countDown();
    for (Thread writer : writers) {
      writer.join(10_000);
    }

    assertThat(catalog.size()).isEqualTo(threads * perThread);
  }

  @Test
  void theListChangedNotificationIsAValidNotification() {
    List<byte[]> delivered = new ArrayList<>();
    gateway.endpoint().onSessionNotification((sent, recipients) -> delivered.add(sent));
    catalog.register(Tools.tool("announced"), Tools.echo());
    assertThat(delivered).hasSize(1);
    JsonNode notification = TestClient.json(delivered.get(0));

    assertThat(notification.path("jsonrpc").asString()).isEqualTo("2.0");
    assertThat(notification.path("method").asString())
        .isEqualTo("notifications/tools/list_changed");
    assertThat(notification.has("id")).isFalse();
  }
}
