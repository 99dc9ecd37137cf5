package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.FeatureRequest;
import dev.mcpgate.api.GateId;
import dev.mcpgate.api.GateOutcome;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.api.PolicyRequest;
import dev.mcpgate.core.resources.Annotations;
import dev.mcpgate.core.resources.Resource;
import dev.mcpgate.core.resources.ResourceContents;
import dev.mcpgate.core.resources.ResourceTemplate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** resources/list, resources/templates/list, resources/read and subscriptions. */
class ResourcesTest {

  private static final CallerContext ALICE = CallerContext.builder().subject("alice").build();
  private static final CallerContext BOB = CallerContext.builder().subject("bob").build();

  private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();

  /** Alice sees everything; Bob sees neither the secret resource nor the private template. */
  private static final PolicyEngine POLICY = new PolicyEngine() {
    @Override
    public PolicyDecision decide(PolicyRequest request) {
      return PolicyDecision.allow("tools allowed");
    }

    @Override
    public PolicyDecision decideFeature(FeatureRequest request) {
      boolean hiddenFromBob = request.id().contains("secret") || request.id().contains("private");
      return "bob".equals(request.caller().subject()) && hiddenFromBob
          ? PolicyDecision.deny("not for bob")
          : PolicyDecision.allow("allowed");
    }
  };

  private McpGateway.Builder builder() {
    return McpGateway.builder()
        .policy(POLICY)
        .auditSink(audit::add)
        .resource(
            Resource.builder("app://notes/readme", "readme").title("Read me")
                .description("The notes' read-me.").mimeType("text/plain")
                .annotations(new Annotations(List.of(Annotations.Audience.USER), 0.5,
                    "2025-01-12T15:00:58Z"))
                .size(11L).build(),
            read -> List.of(ResourceContents.text(read.uri(), "text/plain", "hello notes")))
        .resource(
            Resource.builder("app://logo", "logo").mimeType("image/png").build(),
            read -> List.of(ResourceContents.blob(read.uri(), "image/png", new byte[] {1, 2, 3})))
        .resource(
            Resource.builder("app://secret/plan", "plan").build(),
            read -> List.of(ResourceContents.text(read.uri(), null, "the plan")))
        .resourceTemplate(
            ResourceTemplate.builder("app://orders/{id}", "order").mimeType("application/json")
                .build(),
            read -> read.variables().get("id").equals("missing")
                ? List.of()
                : List.of(ResourceContents.text(read.uri(), "application/json",
                    "{\"id\":\"" + read.variables().get("id") + "\"}")))
        .resourceTemplate(
            ResourceTemplate.builder("app://private/{+path}", "private").build(),
            read -> List.of(ResourceContents.text(read.uri(), null, read.variables().get("path"))))
        .resource(
            Resource.builder("app://broken", "broken").build(),
            read -> {
              throw new IllegalStateException("disk on fire at /var/secret/path");
            });
  }

  private TestClient client(CallerContext caller) {
    return TestClient.connect(builder().build()).as(caller);
  }

  @Test
  void listsResourcesWithEveryDescribedField() {
    JsonNode result = client(ALICE).request("resources/list", "{}").get("result");

    assertThat(result.get("resources")).extracting(node -> node.get("uri").asString())
        .containsExactly("app://broken", "app://logo", "app://notes/readme", "app://secret/plan");
    JsonNode readme = result.get("resources").get(2);
    assertThat(readme).isEqualTo(TestClient.json("""
        {"uri":"app://notes/readme","name":"readme","title":"Read me",
         "description":"The notes' read-me.","mimeType":"text/plain",
         "annotations":{"audience":["user"],"priority":0.5,"lastModified":"2025-01-12T15:00:58Z"},
         "size":11}"""));
    assertThat(result.has("nextCursor")).isFalse();
  }

  @Test
  void listsTemplates() {
    JsonNode result = client(ALICE).request("resources/templates/list", "{}").get("result");

    assertThat(result.get("resourceTemplates")).extracting(node -> node.get("uriTemplate").asString())
        .containsExactly("app://orders/{id}", "app://private/{+path}");
    assertThat(result.get("resourceTemplates").get(0).get("mimeType").asString())
        .isEqualTo("application/json");
  }

  @Test
  void pagesWalkEveryVisibleResourceOnce() {
    McpGateway.Builder builder = McpGateway.builder().pageSize(3);
    List<String> uris = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String uri = "app://item/" + i + "?q=a b";
      uris.add(uri);
      builder.resource(Resource.builder(uri, "item" + i).build(), read -> List.of());
    }
    TestClient client = TestClient.connect(builder.build());

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode result = client.request("resources/list",
          cursor == null ? "{}" : "{\"cursor\":\"" + cursor + "\"}").get("result");
      result.get("resources").forEach(node -> seen.add(node.get("uri").asString()));
      cursor = result.has("nextCursor") ? result.get("nextCursor").asString() : null;
      pages++;
    } while (cursor != null);

    assertThat(seen).containsExactlyElementsOf(uris.stream().sorted().toList());
    assertThat(pages).isEqualTo(4);
  }

  @Test
  void aForeignCursorIsInvalidParams() {
    JsonNode error = client(ALICE).request("resources/list", "{\"cursor\":\"bm9wZQ\"}").get("error");

    assertThat(error.get("code").asInt()).isEqualTo(-32602);
    assertThat(error.get("message").asString()).isEqualTo("Invalid params: invalid cursor");
  }

  @Test
  void readsTextAndBlobContents() {
    TestClient client = client(ALICE);

    JsonNode text = client.request("resources/read", "{\"uri\":\"app://notes/readme\"}");
    JsonNode blob = client.request("resources/read", "{\"uri\":\"app://logo\"}");

    assertThat(text.get("result")).isEqualTo(TestClient.json(
        "{\"contents\":[{\"uri\":\"app://notes/readme\",\"mimeType\":\"text/plain\","
            + "\"text\":\"hello notes\"}]}"));
    assertThat(blob.get("result")).isEqualTo(TestClient.json(
        "{\"contents\":[{\"uri\":\"app://logo\",\"mimeType\":\"image/png\",\"blob\":\"AQID\"}]}"));
  }

  @Test
  void readsATemplatesResourceWithItsDecodedVariables() {
    JsonNode result = client(ALICE)
        .request("resources/read", "{\"uri\":\"app://orders/A%2D7\"}").get("result");

    assertThat(result.at("/contents/0/text").asString()).isEqualTo("{\"id\":\"A-7\"}");
    assertThat(result.at("/contents/0/uri").asString()).isEqualTo("app://orders/A%2D7");
  }

  @Test
  void anUnknownUriIsResourceNotFoundWithTheUriInData() {
    JsonNode error = client(ALICE)
        .request("resources/read", "{\"uri\":\"app://nothing/here\"}").get("error");

    assertThat(error).isEqualTo(TestClient.json(
        "{\"code\":-32002,\"message\":\"Resource not found\",\"data\":{\"uri\":\"app://nothing/here\"}}"));
  }

  @Test
  void aUriThatNoTemplateMatchesIsNotFound() {
    // {id} never matches a '/', so this is not one of the orders template's URIs.
    JsonNode error = client(ALICE)
        .request("resources/read", "{\"uri\":\"app://orders/1/2\"}").get("error");

    assertThat(error.get("code").asInt()).isEqualTo(-32002);
  }

  @Test
  void aTemplateReaderThatFindsNothingAnswersAsAnUnknownUri() {
    JsonNode error = client(ALICE)
        .request("resources/read", "{\"uri\":\"app://orders/missing\"}").get("error");

    assertThat(error.get("code").asInt()).isEqualTo(-32002);
    assertThat(error.at("/data/uri").asString()).isEqualTo("app://orders/missing");
  }

  @Test
  void aHiddenResourceIsIndistinguishableFromAMissingOne() {
    TestClient bob = client(BOB);

    byte[] hidden = bob.exchange("resources/read", "{\"uri\":\"app://secret/plan\"}")
        .responseBytes();
    byte[] missing = bob.exchange("resources/read", "{\"uri\":\"app://secret/plan2\"}")
        .responseBytes();

    assertThat(withoutId(hidden).replace("plan\"", "plan2\"")).isEqualTo(withoutId(missing));
    assertThat(bob.request("resources/list", "{}").get("result").get("resources"))
        .extracting(node -> node.get("uri").asString()).doesNotContain("app://secret/plan");
  }

  @Test
  void aHiddenTemplateIsNeitherListedNorRead() {
    TestClient bob = client(BOB);

    JsonNode templates = bob.request("resources/templates/list", "{}").get("result");
    JsonNode read = bob.request("resources/read", "{\"uri\":\"app://private/a/b\"}");

    assertThat(templates.get("resourceTemplates")).extracting(n -> n.get("name").asString())
        .containsExactly("order");
    assertThat(read.at("/error/code").asInt()).isEqualTo(-32002);
    assertThat(client(ALICE).request("resources/read", "{\"uri\":\"app://private/a/b\"}")
        .at("/result/contents/0/text").asString()).isEqualTo("a/b");
  }

  @Test
  void aHiddenFixedResourceLeavesItsUriToAVisibleTemplate() {
    // Were the hidden resource to answer "not found", Bob would learn that it exists.
    PolicyEngine hideFixed = new PolicyEngine() {
      @Override
      public PolicyDecision decide(PolicyRequest request) {
        return PolicyDecision.allow("tools");
      }

      @Override
      public PolicyDecision decideFeature(FeatureRequest request) {
        return request.kind() == FeatureRequest.Kind.RESOURCE
            ? PolicyDecision.deny("no fixed resources") : PolicyDecision.allow("templates");
      }
    };
    McpGateway gateway = McpGateway.builder().policy(hideFixed)
        .resource(Resource.builder("app://orders/7", "seven").build(),
            read -> List.of(ResourceContents.text(read.uri(), null, "the fixed one")))
        .resourceTemplate(ResourceTemplate.builder("app://orders/{id}", "order").build(),
            read -> List.of(ResourceContents.text(read.uri(), null, "the template's")))
        .build();

    JsonNode result = TestClient.connect(gateway)
        .request("resources/read", "{\"uri\":\"app://orders/7\"}").get("result");

    assertThat(result.at("/contents/0/text").asString()).isEqualTo("the template's");
  }

  @Test
  void theAuditTrailTellsAHiddenResourceFromAnUnknownOne() {
    TestClient bob = client(BOB);
    bob.request("resources/read", "{\"uri\":\"app://secret/plan\"}");
    bob.request("resources/read", "{\"uri\":\"app://none\"}");

    assertThat(audit).extracting(event -> event.gates().get(0)).containsExactly(
        new GateOutcome(GateId.POLICY, false, "not for bob"),
        new GateOutcome(GateId.CATALOG, false, "unknown resource"));
  }

  @Test
  void aPolicyEngineThatPredatesResourcesShowsNone() {
    PolicyEngine toolsOnly = request -> PolicyDecision.allow("every tool");
    TestClient client = TestClient.connect(builder().policy(toolsOnly).build());

    assertThat(client.request("resources/list", "{}").at("/result/resources")).isEmpty();
    assertThat(client.request("resources/read", "{\"uri\":\"app://logo\"}").at("/error/code")
        .asInt()).isEqualTo(-32002);
  }

  @Test
  void aMissingOrMalformedUriIsInvalidParams() {
    TestClient client = client(ALICE);

    for (String params : List.of("{}", "{\"uri\":7}", "{\"uri\":null}",
        "{\"uri\":\"" + "x".repeat(9000) + "\"}")) {
      JsonNode error = client.request("resources/read", params).get("error");
      assertThat(error.get("code").asInt()).as(params).isEqualTo(-32602);
      assertThat(error.get("message").asString()).as(params).startsWith("Invalid params: \"uri\"");
    }
  }

  @Test
  void aFailingReaderIsAnInternalErrorThatRevealsNothing() {
    JsonNode error = client(ALICE).request("resources/read", "{\"uri\":\"app://broken\"}")
        .get("error");

    assertThat(error.get("code").asInt()).isEqualTo(-32603);
    assertThat(error.get("message").asString())
        .startsWith("Reading the resource failed; the error was logged as request ")
        .doesNotContain("disk", "secret");
  }

  @Test
  void readsAreAudited() {
    TestClient alice = client(ALICE);
    alice.request("resources/read", "{\"uri\":\"app://notes/readme\"}");
    client(BOB).request("resources/read", "{\"uri\":\"app://secret/plan\"}");
    alice.request("resources/read", "{\"uri\":\"app://broken\"}");

    assertThat(audit).extracting(AuditEvent::method).containsOnly("resources/read");
    assertThat(audit).extracting(event -> event.outcome().jsonName()).containsExactly("ok", "denied", "error");
    assertThat(audit).extracting(event -> event.details().get("uri"))
        .containsExactly("app://notes/readme", "app://secret/plan", "app://broken");
    assertThat(audit.get(0).caller().subject()).isEqualTo("alice");
    assertThat(audit.get(1).caller().subject()).isEqualTo("bob");
  }

  @Test
  void subscribingMarksTheSessionAndUnsubscribingClearsIt() {
    TestClient client = client(ALICE);

    JsonNode subscribed = client.request("resources/subscribe", "{\"uri\":\"app://notes/readme\"}");
    boolean whileSubscribed = client.session().isSubscribed("app://notes/readme");
    JsonNode unsubscribed =
        client.request("resources/unsubscribe", "{\"uri\":\"app://notes/readme\"}");

    assertThat(subscribed.get("result")).isEqualTo(TestClient.json("{}"));
    assertThat(unsubscribed.get("result")).isEqualTo(TestClient.json("{}"));
    assertThat(whileSubscribed).isTrue();
    assertThat(client.session().isSubscribed("app://notes/readme")).isFalse();
  }

  @Test
  void subscribingToAHiddenOrUnknownResourceIsNotFound() {
    TestClient bob = client(BOB);

    JsonNode hidden = bob.request("resources/subscribe", "{\"uri\":\"app://secret/plan\"}");
    JsonNode unknown = bob.request("resources/subscribe", "{\"uri\":\"app://none\"}");

    assertThat(hidden.at("/error/code").asInt()).isEqualTo(-32002);
    assertThat(unknown.at("/error/code").asInt()).isEqualTo(-32002);
    assertThat(bob.session().isSubscribed("app://secret/plan")).isFalse();
  }

  @Test
  void anUpdateIsAnnouncedOnlyToSubscribedSessions() {
    McpGateway gateway = builder().build();
    List<String> delivered = new CopyOnWriteArrayList<>();
    McpSession subscriber = gateway.endpoint().newSession("s1", null);
    McpSession other = gateway.endpoint().newSession("s2", null);
    gateway.endpoint().onSessionNotification((notification, recipients) -> {
      for (McpSession session : List.of(subscriber, other)) {
        if (recipients.test(session)) {
          delivered.add(session.id() + " " + new String(notification, StandardCharsets.UTF_8));
        }
      }
    });
    RecordingSink sink = new RecordingSink();
    gateway.endpoint().handle(subscriber, ALICE, gateway.endpoint().parse(TestClient.request(1, "resources/subscribe",
        "{\"uri\":\"app://notes/readme\"}").getBytes(StandardCharsets.UTF_8)), sink);

    gateway.resources().updated("app://notes/readme");
    gateway.resources().updated("app://logo");

    assertThat(delivered).containsExactly("s1 {\"jsonrpc\":\"2.0\","
        + "\"method\":\"notifications/resources/updated\",\"params\":{\"uri\":\"app://notes/readme\"}}");
  }

  @Test
  void registeringAndRemovingAtRunTimeAnnouncesListChanges() {
    McpGateway gateway = McpGateway.builder().build();
    List<String> methods = new CopyOnWriteArrayList<>();
    AtomicReference<Predicate<McpSession>> last = new AtomicReference<>();
    gateway.endpoint().onSessionNotification((notification, recipients) -> {
      methods.add(TestClient.json(notification).get("method").asString());
      last.set(recipients);
    });

    gateway.resources().register(Resource.builder("app://a", "a").build(), read -> List.of());
    boolean removed = gateway.resources().remove("app://a");
    boolean removedTwice = gateway.resources().remove("app://a");

    assertThat(methods).containsExactly("notifications/resources/list_changed",
        "notifications/resources/list_changed");
    assertThat(removed).isTrue();
    assertThat(removedTwice).isFalse();
    assertThat(last.get().test(gateway.endpoint().newSession("any", null))).isTrue();
  }

  @Test
  void theCapabilityIsAdvertisedOnlyWhileSomethingIsRegistered() {
    McpGateway gateway = McpGateway.builder().build();
    String initialize = "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
        + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}";

    JsonNode before = TestClient.connect(gateway).request("initialize", initialize);
    gateway.resources().register(Resource.builder("app://a", "a").build(), read -> List.of());
    JsonNode after = TestClient.connect(gateway).request("initialize", initialize);

    assertThat(before.at("/result/capabilities").has("resources")).isFalse();
    assertThat(before.at("/result/capabilities").has("prompts")).isFalse();
    assertThat(after.at("/result/capabilities/resources")).isEqualTo(
        TestClient.json("{\"subscribe\":true,\"listChanged\":true}"));
  }

  @Test
  void theBuilderRefusesADuplicateUri() {
    McpGateway.Builder builder = McpGateway.builder()
        .resource(Resource.builder("app://a", "a").build(), read -> List.of());

    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.resource(Resource.builder("app://a", "b").build(),
            read -> List.of()))
        .withMessage("a resource with the URI 'app://a' was already added");
  }

  @Test
  void aListenStreamTreatsAHiddenResourceAsAMissingOne() {
    McpGateway gateway = builder().build();
    String named = "[\"app://secret/plan\",\"app://none\",\"app://private/x\","
        + "\"app://notes/readme\"]";

    RecordingSink bob = listen(gateway, BOB, named);
    RecordingSink alice = listen(gateway, ALICE, named);
    gateway.resources().updated("app://secret/plan");
    gateway.resources().updated("app://private/x");
    gateway.resources().updated("app://notes/readme");

    assertThat(bob.notifications().get(0).at("/params/notifications/resourceSubscriptions"))
        .isEqualTo(TestClient.json("[\"app://notes/readme\"]"));
    assertThat(bob.notifications()).extracting(note -> note.at("/params/uri").asString())
        .containsExactly("", "app://notes/readme");
    assertThat(alice.notifications().get(0).at("/params/notifications/resourceSubscriptions"))
        .isEqualTo(TestClient.json(
            "[\"app://secret/plan\",\"app://private/x\",\"app://notes/readme\"]"));
    assertThat(alice.notifications()).extracting(note -> note.at("/params/uri").asString())
        .containsExactly("", "app://secret/plan", "app://private/x", "app://notes/readme");
  }

  @Test
  void aListenStreamStopsDeliveringAResourceThatPolicyHidesLater() {
    AtomicReference<Boolean> hidden = new AtomicReference<>(false);
    McpGateway gateway = McpGateway.builder()
        .policy(new PolicyEngine() {
          @Override
          public PolicyDecision decide(PolicyRequest request) {
            return PolicyDecision.allow("tools");
          }

          @Override
          public PolicyDecision decideFeature(FeatureRequest request) {
            return hidden.get() ? PolicyDecision.deny("hidden now") : PolicyDecision.allow("ok");
          }
        })
        .resource(Resource.builder("app://a", "a").build(),
            read -> List.of(ResourceContents.text(read.uri(), null, "a")))
        .build();
    RecordingSink stream = listen(gateway, BOB, "[\"app://a\"]");

    gateway.resources().updated("app://a");
    hidden.set(true);
    gateway.resources().updated("app://a");

    assertThat(stream.notifications()).extracting(note -> note.path("method").asString())
        .containsExactly("notifications/subscriptions/acknowledged",
            "notifications/resources/updated");
  }

  /** Opens a 2026-07-28 subscriptions/listen stream naming {@code uris}, as {@code caller}. */
  private static RecordingSink listen(McpGateway gateway, CallerContext caller, String uris) {
    McpEndpoint endpoint = gateway.endpoint();
    RecordingSink stream = new RecordingSink();
    String params = "{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
        + "\"io.modelcontextprotocol/clientCapabilities\":{}},"
        + "\"notifications\":{\"resourceSubscriptions\":" + uris + "}}";
    Runnable end = endpoint.listen(endpoint.statelessSession("2026-07-28"), caller,
        endpoint.parse(TestClient.request(1, "subscriptions/listen", params)
            .getBytes(StandardCharsets.UTF_8)),
        stream);
    assertThat(end).as("the stream is open").isNotNull();
    return stream;
  }

  private static String withoutId(byte[] response) {
    return new String(response, StandardCharsets.UTF_8).replaceFirst("\"id\":\\d+", "");
  }
}
