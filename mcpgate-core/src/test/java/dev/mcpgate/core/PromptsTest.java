package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.FeatureRequest;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.api.PolicyRequest;
import dev.mcpgate.core.prompts.Prompt;
import dev.mcpgate.core.prompts.PromptArgument;
import dev.mcpgate.core.prompts.PromptMessage;
import dev.mcpgate.core.prompts.PromptResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** prompts/list and prompts/get: arguments, content types, policy, errors and audit. */
class PromptsTest {

  private static final CallerContext ALICE = CallerContext.builder().subject("alice").build();
  private static final CallerContext BOB = CallerContext.builder().subject("bob").build();

  private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
  private final List<FeatureRequest> asked = new CopyOnWriteArrayList<>();

  /** Bob may not see the admin prompt, nor get a summary in French. */
  private final PolicyEngine policy = new PolicyEngine() {
    @Override
    public PolicyDecision decide(PolicyRequest request) {
      return PolicyDecision.allow("tools allowed");
    }

    @Override
    public PolicyDecision decideFeature(FeatureRequest request) {
      asked.add(request);
      boolean bob = "bob".equals(request.caller().subject());
      if (bob && request.id().equals("admin_report")) {
        return PolicyDecision.deny("admins only");
      }
      if (bob && request.isUse() && "fr".equals(request.arguments().get("language"))) {
        return PolicyDecision.deny("no French for bob");
      }
      return PolicyDecision.allow("allowed");
    }
  };

  private TestClient client(CallerContext caller) {
    McpGateway gateway = McpGateway.builder()
        .policy(policy)
        .auditSink(audit::add)
        .prompt(
            new Prompt("summarize", "Summarize", "Summarizes a text.", List.of(
                PromptArgument.required("text", "What to summarize"),
                PromptArgument.optional("language", "The summary's language"))),
            get -> new PromptResult("A summary",
                List.of(PromptMessage.user(Content.text("Summarize in "
                    + get.argument("language", "en") + ": " + get.arguments().get("text"))))))
        .prompt(
            Prompt.of("media", "Every kind of content."),
            get -> PromptResult.of(
                PromptMessage.user(Content.image(new byte[] {1}, "image/png")),
                PromptMessage.assistant(Content.audio(new byte[] {2}, "audio/wav")),
                PromptMessage.user(new Content.EmbeddedResource("app://doc", "text/plain",
                    "doc text", null)),
                PromptMessage.user(new Content.ResourceLink("app://doc", "doc", "text/plain"))))
        .prompt(Prompt.of("admin_report", "For admins."),
            get -> PromptResult.of(PromptMessage.user(Content.text("secret numbers"))))
        .prompt(Prompt.of("broken", "Always fails."), get -> {
          throw new IllegalStateException("template store at /secret/path is down");
        })
        .build();
    return TestClient.connect(gateway).as(caller);
  }

  private static JsonNode get(TestClient client, String name, String arguments) {
    return client.request("prompts/get",
        "{\"name\":\"" + name + "\"" + (arguments == null ? "" : ",\"arguments\":" + arguments)
            + "}");
  }

  @Test
  void listsPromptsWithTheirArguments() {
    JsonNode prompts = client(ALICE).request("prompts/list", "{}").at("/result/prompts");

    assertThat(prompts).extracting(node -> node.get("name").asString())
        .containsExactly("admin_report", "broken", "media", "summarize");
    assertThat(prompts.get(3)).isEqualTo(TestClient.json("""
        {"name":"summarize","title":"Summarize","description":"Summarizes a text.",
         "arguments":[
           {"name":"text","description":"What to summarize","required":true},
           {"name":"language","description":"The summary's language","required":false}]}"""));
  }

  @Test
  void getsAPromptFilledWithItsArguments() {
    JsonNode result = get(client(ALICE), "summarize", "{\"text\":\"the news\",\"language\":\"de\"}")
        .get("result");

    assertThat(result).isEqualTo(TestClient.json("""
        {"description":"A summary","messages":[
          {"role":"user","content":{"type":"text","text":"Summarize in de: the news"}}]}"""));
  }

  @Test
  void anOptionalArgumentMayBeLeftOut() {
    JsonNode result = get(client(ALICE), "summarize", "{\"text\":\"x\"}").get("result");

    assertThat(result.at("/messages/0/content/text").asString()).isEqualTo("Summarize in en: x");
  }

  @Test
  void rendersEveryContentType() {
    JsonNode messages = get(client(ALICE), "media", null).at("/result/messages");

    assertThat(messages).isEqualTo(TestClient.json("""
        [{"role":"user","content":{"type":"image","data":"AQ==","mimeType":"image/png"}},
         {"role":"assistant","content":{"type":"audio","data":"Ag==","mimeType":"audio/wav"}},
         {"role":"user","content":{"type":"resource","resource":
           {"uri":"app://doc","mimeType":"text/plain","text":"doc text"}}},
         {"role":"user","content":{"type":"resource_link","uri":"app://doc","name":"doc",
           "mimeType":"text/plain"}}]"""));
  }

  @Test
  void aMissingRequiredArgumentIsInvalidParams() {
    JsonNode error = get(client(ALICE), "summarize", "{\"language\":\"de\"}").get("error");

    assertThat(error.get("code").asInt()).isEqualTo(-32602);
    assertThat(error.get("message").asString())
        .isEqualTo("Invalid params: the prompt summarize needs the argument \"text\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"text\":7}", "{\"text\":null}", "{\"text\":[\"a\"]}",
      "{\"text\":{\"a\":1}}", "{\"text\":true}"})
  void anArgumentThatIsNotAStringIsInvalidParams(String arguments) {
    JsonNode error = get(client(ALICE), "summarize", arguments).get("error");

    assertThat(error.get("code").asInt()).isEqualTo(-32602);
    assertThat(error.get("message").asString())
        .isEqualTo("Invalid params: the argument \"text\" must be a string");
  }

  @Test
  void anUndeclaredArgumentIsInvalidParams() {
    JsonNode error = get(client(ALICE), "summarize", "{\"text\":\"x\",\"tone\":\"dry\"}")
        .get("error");

    assertThat(error.get("code").asInt()).isEqualTo(-32602);
    assertThat(error.get("message").asString())
        .isEqualTo("Invalid params: the prompt summarize has no argument \"tone\"");
  }

  @Test
  void argumentsThatAreNotAnObjectAreInvalidParams() {
    JsonNode error = get(client(ALICE), "summarize", "[\"x\"]").get("error");

    assertThat(error.get("code").asInt()).isEqualTo(-32602);
    assertThat(error.get("message").asString())
        .isEqualTo("Invalid params: \"arguments\" must be an object of strings");
  }

  @Test
  void aMissingNameIsInvalidParams() {
    JsonNode error = client(ALICE).request("prompts/get", "{\"name\":3}").get("error");

    assertThat(error.get("code").asInt()).isEqualTo(-32602);
    assertThat(error.get("message").asString())
        .isEqualTo("Invalid params: \"name\" is required and must be a string");
  }

  @Test
  void anUnknownPromptIsInvalidParams() {
    JsonNode error = get(client(ALICE), "nope", null).get("error");

    assertThat(error).isEqualTo(
        TestClient.json("{\"code\":-32602,\"message\":\"Unknown prompt: nope\"}"));
  }

  @Test
  void aHiddenPromptIsIndistinguishableFromAnUnknownOne() {
    TestClient bob = client(BOB);

    String hidden = text(bob.exchange("prompts/get", "{\"name\":\"admin_report\"}")
        .responseBytes());
    String unknown = text(bob.exchange("prompts/get", "{\"name\":\"admin_rep0rt\"}")
        .responseBytes());

    assertThat(hidden.replace("admin_report", "admin_rep0rt").replaceFirst("\"id\":\\d+", ""))
        .isEqualTo(unknown.replaceFirst("\"id\":\\d+", ""));
    assertThat(bob.request("prompts/list", "{}").at("/result/prompts"))
        .extracting(node -> node.get("name").asString()).doesNotContain("admin_report");
  }

  @Test
  void aHiddenPromptsArgumentsAreNotCheckedBeforePolicy() {
    // Bob must not learn that admin_report exists from an argument error.
    JsonNode error = get(client(BOB), "admin_report", "{\"bogus\":1}").get("error");

    assertThat(error.get("message").asString()).isEqualTo("Unknown prompt: admin_report");
  }

  @Test
  void policyDecidesOnTheArgumentsOfAVisiblePrompt() {
    TestClient bob = client(BOB);

    JsonNode denied = get(bob, "summarize", "{\"text\":\"x\",\"language\":\"fr\"}");
    JsonNode allowed = get(bob, "summarize", "{\"text\":\"x\",\"language\":\"de\"}");

    assertThat(denied.at("/error/message").asString())
        .isEqualTo("The prompt summarize was denied by policy.");
    assertThat(allowed.has("result")).isTrue();
    assertThat(asked).filteredOn(FeatureRequest::isUse)
        .extracting(FeatureRequest::arguments)
        .contains(Map.of("text", "x", "language", "fr"));
  }

  @Test
  void aFailingHandlerIsAnInternalErrorThatRevealsNothing() {
    JsonNode error = get(client(ALICE), "broken", null).get("error");

    assertThat(error.get("code").asInt()).isEqualTo(-32603);
    assertThat(error.get("message").asString())
        .startsWith("The prompt broken failed; the error was logged as request ")
        .doesNotContain("secret", "template store");
  }

  @Test
  void getsAreAudited() {
    get(client(ALICE), "summarize", "{\"text\":\"x\"}");
    get(client(BOB), "admin_report", null);
    get(client(ALICE), "summarize", "{}");

    assertThat(audit).extracting(AuditEvent::method).containsOnly("prompts/get");
    assertThat(audit).extracting(event -> event.outcome().jsonName()).containsExactly("ok", "denied", "invalid");
    assertThat(audit).extracting(event -> event.details().get("prompt"))
        .containsExactly("summarize", "admin_report", "summarize");
    assertThat(audit.toString()).doesNotContain("\"x\"");
  }

  @Test
  void theCapabilityIsAdvertisedWithListChanges() {
    JsonNode capabilities = client(ALICE).request("initialize",
        "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}").at("/result/capabilities");

    assertThat(capabilities.get("prompts")).isEqualTo(TestClient.json("{\"listChanged\":true}"));
    assertThat(capabilities.has("resources")).isFalse();
    assertThat(capabilities.has("completions")).isFalse();
  }

  @Test
  void registeringAtRunTimeAnnouncesAListChange() {
    McpGateway gateway = McpGateway.builder().build();
    List<String> methods = new CopyOnWriteArrayList<>();
    gateway.endpoint().onSessionNotification(
        (notification, recipients) -> methods.add(TestClient.json(notification).get("method")
            .asString()));

    gateway.prompts().register(Prompt.of("p", "A prompt."), get -> PromptResult.of());
    gateway.prompts().remove("p");

    assertThat(methods).containsExactly("notifications/prompts/list_changed",
        "notifications/prompts/list_changed");
    assertThat(gateway.prompts().isEmpty()).isTrue();
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
