package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.api.PolicyRequest;
import dev.mcpgate.api.ToolAnnotations;
import dev.mcpgate.api.ToolDefinition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** tools/list: pagination, cursors, policy filtering and the listing's shape. */
class ToolsListTest {

  @Test
  void pagesWalkEveryToolExactlyOnceInNameOrder() {
    TestClient client = TestClient.connect(gatewayWith(250, 7, PolicyEngine.allowAll()));

    List<List<String>> pages = walk(client);

    assertThat(pages.stream().flatMap(List::stream)).containsExactlyElementsOf(names(250));
    assertThat(pages).hasSize(36);
    assertThat(pages.subList(0, 35)).allSatisfy(page -> assertThat(page).hasSize(7));
    assertThat(pages.get(35)).hasSize(5);
  }

  @Test
  void theLastPageHasNoNextCursor() {
    TestClient client = TestClient.connect(gatewayWith(10, 5, PolicyEngine.allowAll()));

    JsonNode first = list(client, null);
    JsonNode second = list(client, first.path("nextCursor").asString());

    assertThat(first.has("nextCursor")).isTrue();
    assertThat(second.get("tools")).hasSize(5);
    assertThat(second.has("nextCursor")).isFalse();
  }

  @Test
  void aCatalogThatFitsOnePageHasNoNextCursor() {
    TestClient client = TestClient.connect(gatewayWith(3, 100, PolicyEngine.allowAll()));

    JsonNode result = list(client, null);

    assertThat(result.get("tools")).hasSize(3);
    assertThat(result.has("nextCursor")).isFalse();
  }

  @Test
  void anEmptyCatalogListsNoTools() {
    JsonNode result = list(TestClient.connect(McpGateway.builder().build()), null);

    assertThat(result.get("tools").isArray()).isTrue();
    assertThat(result.get("tools")).isEmpty();
    assertThat(result.has("nextCursor")).isFalse();
  }

  @Test
  void listingWithoutParamsStartsAtTheFirstPage() {
    TestClient client = TestClient.connect(gatewayWith(3, 2, PolicyEngine.allowAll()));

    JsonNode result =
        client.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}").response();

    assertThat(names(result.at("/result/tools"))).containsExactly("tool-000", "tool-001");
  }

  @Test
  void aNullCursorStartsAtTheFirstPage() {
    TestClient client = TestClient.connect(gatewayWith(3, 2, PolicyEngine.allowAll()));

    JsonNode result = client.request("tools/list", "{\"cursor\":null}").get("result");

    assertThat(names(result.get("tools"))).containsExactly("tool-000", "tool-001");
  }

  @Test
  void aCursorIsOpaqueBase64UrlText() {
    TestClient client = TestClient.connect(gatewayWith(3, 1, PolicyEngine.allowAll()));

    String cursor = list(client, null).path("nextCursor").asString();

    assertThat(cursor).matches("[A-Za-z0-9_-]+").doesNotContain("tool-000");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"garbage!!\"",
        "\"\"",
        "\"dDE6\"",
        "\"a\"",
        "\"dDE6dG9vbC0wMDA+\"",
        "42",
        "true",
        "{}",
        "[\"x\"]"
      })
  void anInvalidCursorIsInvalidParams(String cursor) {
    TestClient client = TestClient.connect(gatewayWith(10, 3, PolicyEngine.allowAll()));

    JsonNode response = client.request("tools/list", "{\"cursor\":" + cursor + "}");

    assertThat(response.at("/error/code").asInt()).isEqualTo(-32602);
    assertThat(response.at("/error/message").asString()).contains("cursor");
  }

  @Test
  void aCursorWithAnotherPrefixIsInvalidParams() {
    TestClient client = TestClient.connect(gatewayWith(10, 3, PolicyEngine.allowAll()));

    assertThat(errorCodeFor(client, base64Url("x1:tool-002"))).isEqualTo(-32602);
    assertThat(errorCodeFor(client, base64Url("tool-002"))).isEqualTo(-32602);
  }

  @Test
  void aCursorNamingCharactersNoToolNameHasIsInvalidParams() {
    TestClient client = TestClient.connect(gatewayWith(10, 3, PolicyEngine.allowAll()));

    assertThat(errorCodeFor(client, base64Url("t1:../../etc"))).isEqualTo(-32602);
    assertThat(errorCodeFor(client, base64Url("t1:tool 002"))).isEqualTo(-32602);
    assertThat(errorCodeFor(client, base64Url("t1:tool-002\u0000"))).isEqualTo(-32602);
  }

  @Test
  void aTamperedCursorIsInvalidParams() {
    TestClient client = TestClient.connect(gatewayWith(10, 3, PolicyEngine.allowAll()));
    String cursor = list(client, null).path("nextCursor").asString();

    String firstCharFlipped = (cursor.charAt(0) == 'A' ? "B" : "A") + cursor.substring(1);
    String standardAlphabet = cursor.replace('_', '/').replace('-', '+') + "+/";
    String oneCharTooMany = cursor + "A".repeat(4 - (cursor.length() + 3) % 4);

    assertThat(errorCodeFor(client, firstCharFlipped)).isEqualTo(-32602);
    assertThat(errorCodeFor(client, standardAlphabet)).isEqualTo(-32602);
    assertThat((oneCharTooMany.length()) % 4).isEqualTo(1);
    assertThat(errorCodeFor(client, oneCharTooMany)).isEqualTo(-32602);
  }

  @Test
  void anOverlongCursorIsInvalidParams() {
    TestClient client = TestClient.connect(gatewayWith(10, 3, PolicyEngine.allowAll()));

    assertThat(errorCodeFor(client, base64Url("t1:" + "a".repeat(400)))).isEqualTo(-32602);
  }

  @Test
  void aCursorStaysValidWhenOtherToolsAreAddedAndRemoved() {
    McpGateway gateway = gatewayWith(20, 5, PolicyEngine.allowAll());
    TestClient client = TestClient.connect(gateway);
    String cursor = list(client, null).path("nextCursor").asString();

    gateway.tools().remove(List.of("tool-001", "tool-006", "tool-010"));
    gateway.tools().register(Tools.tool("tool-0035"), Tools.echo());
    gateway.tools().register(Tools.tool("tool-0055"), Tools.echo());

    JsonNode next = list(client, cursor);

    assertThat(names(next.get("tools")))
        .containsExactly("tool-005", "tool-0055", "tool-007", "tool-008", "tool-009");
  }

  @Test
  void aCursorStaysValidWhenTheToolItNamesIsRemoved() {
    McpGateway gateway = gatewayWith(10, 3, PolicyEngine.allowAll());
    TestClient client = TestClient.connect(gateway);
    String cursor = list(client, null).path("nextCursor").asString();

    gateway.tools().remove(List.of("tool-002"));

    assertThat(names(list(client, cursor).get("tools")))
        .containsExactly("tool-003", "tool-004", "tool-005");
  }

  @Test
  void aCursorPastTheLastToolGivesAnEmptyLastPage() {
    McpGateway gateway = gatewayWith(4, 2, PolicyEngine.allowAll());
    TestClient client = TestClient.connect(gateway);
    String cursor = list(client, null).path("nextCursor").asString();

    gateway.tools().remove(List.of("tool-002", "tool-003"));
    JsonNode next = list(client, cursor);

    assertThat(next.get("tools")).isEmpty();
    assertThat(next.has("nextCursor")).isFalse();
  }

  @Test
  void policyHidesTheToolsItDenies() {
    PolicyEngine hideOdd = byNumber(n -> n % 2 == 0);
    TestClient client = TestClient.connect(gatewayWith(10, 100, hideOdd));

    assertThat(names(list(client, null).get("tools")))
        .containsExactly("tool-000", "tool-002", "tool-004", "tool-006", "tool-008");
  }

  @Test
  void policyFilteredPagesStillFillAndWalkEveryVisibleToolOnce() {
    PolicyEngine everyThird = byNumber(n -> n % 3 == 0);
    TestClient client = TestClient.connect(gatewayWith(250, 10, everyThird));

    List<List<String>> pages = walk(client);

    List<String> visible =
        IntStream.range(0, 250).filter(n -> n % 3 == 0).mapToObj(ToolsListTest::name).toList();
    assertThat(pages.stream().flatMap(List::stream)).containsExactlyElementsOf(visible);
    assertThat(pages.subList(0, pages.size() - 1)).allSatisfy(page -> assertThat(page).hasSize(10));
    assertThat(pages.get(pages.size() - 1)).isNotEmpty();
  }

  @Test
  void noPageEndsWithACursorWhenOnlyHiddenToolsFollow() {
    PolicyEngine firstTenOnly = byNumber(n -> n < 10);
    TestClient client = TestClient.connect(gatewayWith(50, 10, firstTenOnly));

    JsonNode result = list(client, null);

    assertThat(result.get("tools")).hasSize(10);
    assertThat(result.has("nextCursor")).isFalse();
  }

  @Test
  void noEmptyPageIsFollowedByACursorWhateverThePolicy() {
    Random random = new Random(20251125);
    for (int round = 0; round < 30; round++) {
      boolean[] allowed = new boolean[120];
      double density = random.nextDouble() * 0.3;
      for (int i = 0; i < allowed.length; i++) {
        allowed[i] = random.nextDouble() < density;
      }
      int pageSize = 1 + random.nextInt(8);
      TestClient client = TestClient.connect(gatewayWith(120, pageSize, byNumber(n -> allowed[n])));

      String cursor = null;
      List<String> seen = new ArrayList<>();
      do {
        JsonNode result = list(client, cursor);
        cursor = result.has("nextCursor") ? result.get("nextCursor").asString() : null;
        if (cursor != null) {
          assertThat(result.get("tools")).as("a page followed by a cursor").hasSize(pageSize);
        }
        seen.addAll(names(result.get("tools")));
      } while (cursor != null);

      List<String> expected =
          IntStream.range(0, 120).filter(n -> allowed[n]).mapToObj(ToolsListTest::name).toList();
      assertThat(seen).as("round %d", round).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void aPolicyThatDeniesEverythingListsNothing() {
    JsonNode result = list(TestClient.connect(gatewayWith(30, 10, PolicyEngine.denyAll())), null);

    assertThat(result.get("tools")).isEmpty();
    assertThat(result.has("nextCursor")).isFalse();
  }

  @Test
  void policyIsAskedPerCallerWithoutArguments() {
    List<Boolean> sawArguments = Collections.synchronizedList(new ArrayList<>());
    PolicyEngine onlyAdmins =
        request -> {
          sawArguments.add(request.isCall());
          return request.caller().hasScope("admin")
              ? PolicyDecision.allow("admin")
              : PolicyDecision.deny("not admin");
        };
    TestClient anonymous = TestClient.connect(gatewayWith(3, 10, onlyAdmins));
    TestClient admin =
        anonymous.as(CallerContext.builder().authMethod("jwt").scopes(List.of("admin")).build());

    assertThat(list(anonymous, null).get("tools")).isEmpty();
    assertThat(list(admin, null).get("tools")).hasSize(3);
    assertThat(sawArguments).isNotEmpty().containsOnly(false);
  }

  @Test
  void aListingAsksThePolicyForOneViewOfTheCallerAndCallsStillAskDecide() {
    // An engine that prepares per listing (visibleTo) is asked once per tools/list, and the
    // answers it gives decide the page; a call is decided by decide() with its arguments.
    List<CallerContext> views = Collections.synchronizedList(new ArrayList<>());
    List<Boolean> decided = Collections.synchronizedList(new ArrayList<>());
    PolicyEngine evenOnly =
        new PolicyEngine() {
          @Override
          public PolicyDecision decide(PolicyRequest request) {
            decided.add(request.isCall());
            return number(request.tool().name()) % 2 == 0
                ? PolicyDecision.allow("even")
                : PolicyDecision.deny("odd");
          }

          @Override
          public Predicate<ToolDefinition> visibleTo(CallerContext caller) {
            views.add(caller);
            return tool -> number(tool.name()) % 2 == 0;
          }
        };
    TestClient client = TestClient.connect(gatewayWith(40, 7, evenOnly));

    List<List<String>> pages = walk(client);

    assertThat(pages.stream().flatMap(List::stream))
        .containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(n -> name(2 * n)).toList());
    assertThat(views).hasSize(pages.size());
    assertThat(decided).as("a listing builds no request per tool").isEmpty();
    assertThat(client.callTool("tool-002", "{}").path("isError").asBoolean()).isFalse();
    assertThat(decided).contains(true);
  }

  @Test
  void aListingCarriesTextOutsideAsciiUnchanged() {
    ToolDefinition definition =
        ToolDefinition.builder("greetings")
            .title("Grüße — 日本 🚚")
            .description("Line one\nline \"two\" \\ tab\t and \u2028 end")
            .build();
    TestClient client =
        TestClient.connect(McpGateway.builder().tool(definition, Tools.echo()).build());

    JsonNode tool = list(client, null).at("/tools/0");

    assertThat(tool.path("name").asString()).isEqualTo("greetings");
    assertThat(tool.path("title").asString()).isEqualTo("Grüße — 日本 🚚");
    assertThat(tool.path("description").asString())
        .isEqualTo("Line one\nline \"two\" \\ tab\t and \u2028 end");
  }

  @Test
  void aListedToolShowsNameTitleDescriptionSchemasAndAnnotations() {
    String input =
        "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\",\"description\":\"Order"
            + " id\"}},\"required\":[\"id\"]}";
    String output = "{\"type\":\"object\",\"properties\":{\"status\":{\"type\":\"string\"}}}";
    ToolDefinition definition =
        ToolDefinition.builder("getOrder")
            .title("Get order")
            .description("Fetches one order by id.")
            .inputSchema(input)
            .outputSchema(output)
            .annotations(new ToolAnnotations(true, false, true, false))
            .source("orders-api")
            .operationId("get_order")
            .metadata("note", "internal")
            .build();
    TestClient client =
        TestClient.connect(McpGateway.builder()
            // Strict: the output schema is advertised exactly as declared.
            .source(Source.approved("orders-api").withOutputSchemas(OutputSchemaMode.STRICT))
            .tool(definition, Tools.echo())
            .build());

    JsonNode tool = list(client, null).at("/tools/0");

    assertThat(tool.propertyNames())
        .containsExactlyInAnyOrder(
            "name", "title", "description", "inputSchema", "outputSchema", "annotations");
    assertThat(tool.path("name").asString()).isEqualTo("getOrder");
    assertThat(tool.path("title").asString()).isEqualTo("Get order");
    assertThat(tool.path("description").asString()).isEqualTo("Fetches one order by id.");
    assertThat(tool.get("inputSchema")).isEqualTo(TestClient.json(input));
    assertThat(tool.get("outputSchema")).isEqualTo(TestClient.json(output));
    assertThat(tool.get("annotations"))
        .isEqualTo(
            TestClient.json(
                "{\"title\":\"Get order\",\"readOnlyHint\":true,\"destructiveHint\":false,"
                    + "\"idempotentHint\":true,\"openWorldHint\":false}"));
  }

  @Test
  void aMinimalToolShowsOnlyNameAndInputSchema() {
    TestClient client =
        TestClient.connect(
            McpGateway.builder()
                .tool(ToolDefinition.builder("bare").build(), Tools.echo())
                .build());

    JsonNode tool = list(client, null).at("/tools/0");

    assertThat(tool.propertyNames()).containsExactlyInAnyOrder("name", "inputSchema");
    assertThat(tool.get("inputSchema")).isEqualTo(TestClient.json("{\"type\":\"object\"}"));
  }

  @Test
  void onlyTheAnnotationHintsThatAreSetAreShown() {
    ToolDefinition definition =
        ToolDefinition.builder("deleteOrder")
            .annotations(new ToolAnnotations(null, true, null, null))
            .build();
    TestClient client =
        TestClient.connect(McpGateway.builder()
            .tool(definition, Tools.echo())
            .build());

    JsonNode tool = list(client, null).at("/tools/0");

    assertThat(tool.get("annotations")).isEqualTo(TestClient.json("{\"destructiveHint\":true}"));
  }

  // --- helpers ---

  static McpGateway gatewayWith(int tools, int pageSize, PolicyEngine policy) {
    List<Integer> order = new ArrayList<>(IntStream.range(0, tools).boxed().toList());
    Collections.shuffle(order, new Random(tools));
    Map<ToolDefinition, ToolHandler> shuffled = new LinkedHashMap<>();
    order.forEach(n -> shuffled.put(Tools.tool(name(n)), Tools.echo()));
    McpGateway gateway = McpGateway.builder().pageSize(pageSize).policy(policy).build();
    gateway.tools().registerAll(shuffled);
    return gateway;
  }

  private static int number(String name) {
    return Integer.parseInt(name.substring(name.indexOf('-') + 1));
  }

  static String name(int n) {
    return String.format("tool-%03d", n);
  }

  private static List<String> names(int count) {
    return IntStream.range(0, count).mapToObj(ToolsListTest::name).toList();
  }

  private static PolicyEngine byNumber(IntPredicate allowed) {
    return request ->
        allowed.test(Integer.parseInt(request.tool().name().substring("tool-".length())))
            ? PolicyDecision.allow("test")
            : PolicyDecision.deny("test");
  }

  static JsonNode list(TestClient client, @Nullable String cursor) {
    JsonNode response =
        client.request("tools/list", cursor == null ? "{}" : "{\"cursor\":\"" + cursor + "\"}");
    assertThat(response.has("error")).as("no error: %s", response).isFalse();
    return response.get("result");
  }

  private static int errorCodeFor(TestClient client, String cursor) {
    return client
        .request("tools/list", "{\"cursor\":\"" + cursor + "\"}")
        .at("/error/code")
        .asInt();
  }

  private static List<List<String>> walk(TestClient client) {
    List<List<String>> pages = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode result = list(client, cursor);
      pages.add(names(result.get("tools")));
      cursor = result.has("nextCursor") ? result.get("nextCursor").asString() : null;
      assertThat(pages.size()).as("pages").isLessThan(1000);
    } while (cursor != null);
    return pages;
  }

  static List<String> names(JsonNode tools) {
    List<String> names = new ArrayList<>();
    tools.forEach(tool -> names.add(tool.path("name").asString()));
    return names;
  }

  private static String base64Url(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
