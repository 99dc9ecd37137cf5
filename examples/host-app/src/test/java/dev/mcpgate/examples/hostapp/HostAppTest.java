package dev.mcpgate.examples.hostapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.testkit.McpExchange;
import dev.mcpgate.testkit.McpTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The example app end to end: started on an ephemeral port, driven by an MCP client. */
class HostAppTest {

  private static final String ORDERS_KEY = "orders-key-e2e-5d8a1f";
  private static final String SHIPPING_KEY = "shipping-key-e2e-93c0b7";

  private static HostApp app;
  private static McpTestClient client;
  private static final List<McpExchange> EXCHANGES = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    app = HostApp.start(0, ORDERS_KEY, SHIPPING_KEY);
    client = McpTestClient.builder(app.mcpUrl())
        .header("Authorization", "Bearer " + HostApp.DEMO_TOKEN)
        .build();
    EXCHANGES.add(client.initialize());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void listsTheToolsOfBothApis() {
    McpExchange list = record(client.listTools(null));

    List<String> names = new ArrayList<>();
    list.response().path("result").path("tools").forEach(tool -> names.add(tool.path("name").asString()));
    assertThat(names).containsExactlyInAnyOrder("list_orders", "get_order", "create_order",
        "list_inventory", "list_carriers", "quote_shipping");
  }

  @Test
  void noToolAsksTheCallerForAnApiKey() {
    McpExchange list = record(client.listTools(null));

    assertThat(list.body()).doesNotContain("X-Api-Key", "X-Shipping-Key");
  }

  @Test
  void callsTheAppsOwnApiInProcess() {
    JsonNode result = call("get_order", "{\"orderId\":\"ord-1001\"}");

    assertThat(result.path("isError").asBoolean()).isFalse();
    assertThat(result.path("structuredContent").path("customer").asString())
        .isEqualTo("Ada Lovelace");
  }

  @Test
  void createsAnOrderInProcess() {
    JsonNode result = call("create_order",
        "{\"body\":{\"sku\":\"SKU-TEE\",\"quantity\":2,\"customer\":\"Edsger\"}}");

    assertThat(result.path("structuredContent").path("status").asString()).isEqualTo("open");
    assertThat(result.path("structuredContent").path("total").decimalValue())
        .isEqualByComparingTo("48.00");
  }

  @Test
  void callsTheExternalShippingApiOverLoopback() {
    JsonNode result = call("quote_shipping", "{\"body\":{\"weightKg\":2,\"country\":\"DE\"}}");

    assertThat(result.path("isError").asBoolean()).isFalse();
    assertThat(result.path("structuredContent").path("quotes").size()).isEqualTo(2);
  }

  @Test
  void anAppErrorIsAToolErrorResult() {
    JsonNode result = call("get_order", "{\"orderId\":\"ord-9999\"}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.path("content").get(0).path("text").asString()).contains("HTTP 404");
  }

  @Test
  void theRestApiItselfStillDemandsItsOwnKey() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI orders = URI.create("http://localhost:" + app.port() + "/api/orders");

    assertThat(http.send(HttpRequest.newBuilder(orders).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
    assertThat(http.send(HttpRequest.newBuilder(orders)
            .header("Authorization", "Bearer " + HostApp.DEMO_TOKEN).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
    assertThat(http.send(HttpRequest.newBuilder(orders).header("X-Api-Key", ORDERS_KEY).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
  }

  @Test
  void withoutTheDemoTokenTheMcpEndpointAnswers401() {
    McpTestClient anonymous = McpTestClient.builder(app.mcpUrl()).build();

    assertThat(anonymous.listTools(null).status()).isEqualTo(401);
  }

  @Test
  void neitherKeyAppearsInAnyMcpResponse() {
    call("list_orders", "{}");
    call("list_inventory", "{}");
    call("list_carriers", "{}");
    call("quote_shipping", "{\"body\":{\"weightKg\":70,\"country\":\"US\"}}");
    record(client.listTools(null));

    assertThat(EXCHANGES).isNotEmpty().allSatisfy(exchange -> {
      assertThat(exchange.body()).doesNotContain(ORDERS_KEY, SHIPPING_KEY);
      assertThat(exchange.headers().toString()).doesNotContain(ORDERS_KEY, SHIPPING_KEY);
    });
  }

  private static JsonNode call(String tool, String arguments) {
    McpExchange exchange = record(client.callTool(tool, McpTestClient.json(arguments)));
    assertThat(exchange.status()).isEqualTo(200);
    return exchange.response().path("result");
  }

  private static McpExchange record(McpExchange exchange) {
    synchronized (EXCHANGES) {
      EXCHANGES.add(exchange);
    }
    return exchange;
  }

  @Test
  void theAdminUiShowsTheDemosSourcesToolsAndAuditTrailAfterTheOneTimeLink() throws Exception {
    assertThat(app.banner()).contains("admin UI      http://localhost:" + app.port() + "/admin/",
        "UI login      http://localhost:" + app.port() + "/admin/login/link/");
    McpTestClient client = McpTestClient.builder(app.mcpUrl())
        .header("Authorization", "Bearer " + HostApp.DEMO_TOKEN).build();
    client.callTool("list_orders", McpTestClient.json("{}"));

    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpResponse<String> login = http.send(java.net.http.HttpRequest.newBuilder(
        app.adminLoginLink()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(303);
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    java.util.function.Function<String, String> page = path -> {
      try {
        return http.send(java.net.http.HttpRequest.newBuilder(
            URI.create("http://localhost:" + app.port() + "/admin/" + path))
            .header("Cookie", cookie).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
    assertThat(page.apply("")).contains(">orders</a>", ">shipping</a>", "production: 1");
    assertThat(page.apply("tools?environment=sandbox")).contains("<code>list_orders</code>",
        "<code>quote_shipping</code>");
    String audit = "";
    for (int i = 0; i < 50 && !audit.contains("list_orders"); i++) {
      Thread.sleep(100);
      audit = page.apply("audit?client=demo-agent");
    }
    assertThat(audit).contains("tools/call", "list_orders", "demo-agent")
        .doesNotContain(ORDERS_KEY, SHIPPING_KEY);
  }
}
