package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.FeatureRequest;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.api.PolicyRequest;
import dev.mcpgate.core.completion.Completion;
import dev.mcpgate.core.prompts.Prompt;
import dev.mcpgate.core.prompts.PromptArgument;
import dev.mcpgate.core.prompts.PromptResult;
import dev.mcpgate.core.resources.Resource;
import dev.mcpgate.core.resources.ResourceTemplate;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** completion/complete for prompt arguments and template variables. */
class CompletionTest {

  private static final CallerContext BOB = CallerContext.builder().subject("bob").build();
  private static final List<String> CITIES = List.of("paris", "park", "party", "berlin");

  /** Bob may not see the hidden prompt. */
  private static final PolicyEngine POLICY = new PolicyEngine() {
    @Override
    public PolicyDecision decide(PolicyRequest request) {
      return PolicyDecision.allow("tools");
    }

    @Override
    public PolicyDecision decideFeature(FeatureRequest request) {
      return "bob".equals(request.caller().subject()) && request.id().equals("hidden")
          ? PolicyDecision.deny("not for bob") : PolicyDecision.allow("allowed");
    }
  };

  private static TestClient client() {
    return TestClient.connect(McpGateway.builder()
        .policy(POLICY)
        .prompt(Prompt.of("travel", "Plans a trip.", PromptArgument.required("city", "Where"),
                PromptArgument.optional("month", "When")),
            get -> PromptResult.of(),
            request -> Completion.startingWith(request.value(),
                request.context().containsKey("month") ? List.of("paris") : CITIES))
        .prompt(Prompt.of("plain", "No completer.", PromptArgument.required("x", "x")),
            get -> PromptResult.of())
        .prompt(Prompt.of("hidden", "Hidden from bob.", PromptArgument.required("x", "x")),
            get -> PromptResult.of(), request -> Completion.startingWith("", List.of("leak")))
        .resourceTemplate(ResourceTemplate.builder("app://orders/{id}", "order").build(),
            read -> List.of(),
            request -> Completion.startingWith(request.value(), List.of("A1", "A2", "B1")))
        .resource(Resource.builder("app://fixed", "fixed").build(), read -> List.of())
        .build()).as(BOB);
  }

  private static JsonNode complete(TestClient client, String ref, String argument) {
    return client.request("completion/complete",
        "{\"ref\":" + ref + ",\"argument\":" + argument + "}");
  }

  @Test
  void completesAPromptArgument() {
    JsonNode result = complete(client(), "{\"type\":\"ref/prompt\",\"name\":\"travel\"}",
        "{\"name\":\"city\",\"value\":\"PA\"}").get("result");

    assertThat(result).isEqualTo(TestClient.json(
        "{\"completion\":{\"values\":[\"paris\",\"park\",\"party\"],\"total\":3,\"hasMore\":false}}"));
  }

  @Test
  void passesTheContextArgumentsToTheCompleter() {
    JsonNode result = client().request("completion/complete",
        "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"travel\"},"
            + "\"argument\":{\"name\":\"city\",\"value\":\"pa\"},"
            + "\"context\":{\"arguments\":{\"month\":\"may\"}}}").get("result");

    assertThat(result.at("/completion/values")).isEqualTo(TestClient.json("[\"paris\"]"));
  }

  @Test
  void completesATemplateVariable() {
    JsonNode result = complete(client(), "{\"type\":\"ref/resource\",\"uri\":\"app://orders/{id}\"}",
        "{\"name\":\"id\",\"value\":\"a\"}").get("result");

    assertThat(result.at("/completion/values")).isEqualTo(TestClient.json("[\"A1\",\"A2\"]"));
  }

  @Test
  void withoutACompleterTheAnswerIsEmpty() {
    JsonNode plain = complete(client(), "{\"type\":\"ref/prompt\",\"name\":\"plain\"}",
        "{\"name\":\"x\",\"value\":\"\"}").get("result");
    JsonNode fixed = complete(client(), "{\"type\":\"ref/resource\",\"uri\":\"app://fixed\"}",
        "{\"name\":\"x\",\"value\":\"\"}").get("result");

    assertThat(plain).isEqualTo(
        TestClient.json("{\"completion\":{\"values\":[],\"hasMore\":false}}"));
    assertThat(fixed).isEqualTo(plain);
  }

  @Test
  void aHiddenPromptIsAnUnknownPrompt() {
    JsonNode hidden = complete(client(), "{\"type\":\"ref/prompt\",\"name\":\"hidden\"}",
        "{\"name\":\"x\",\"value\":\"\"}").get("error");

    assertThat(hidden).isEqualTo(
        TestClient.json("{\"code\":-32602,\"message\":\"Unknown prompt: hidden\"}"));
  }

  @Test
  void anUnknownTemplateIsInvalidParams() {
    JsonNode error = complete(client(), "{\"type\":\"ref/resource\",\"uri\":\"app://nope/{x}\"}",
        "{\"name\":\"x\",\"value\":\"\"}").get("error");

    assertThat(error).isEqualTo(TestClient.json(
        "{\"code\":-32602,\"message\":\"Unknown resource template: app://nope/{x}\"}"));
  }

  @Test
  void anUndeclaredArgumentIsInvalidParams() {
    JsonNode prompt = complete(client(), "{\"type\":\"ref/prompt\",\"name\":\"travel\"}",
        "{\"name\":\"budget\",\"value\":\"\"}").get("error");
    JsonNode template = complete(client(),
        "{\"type\":\"ref/resource\",\"uri\":\"app://orders/{id}\"}",
        "{\"name\":\"name\",\"value\":\"\"}").get("error");

    assertThat(prompt.get("message").asString())
        .isEqualTo("Invalid params: the prompt travel has no argument \"budget\"");
    assertThat(template.get("message").asString())
        .isEqualTo("Invalid params: the template app://orders/{id} has no variable \"name\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"argument\":{\"name\":\"city\",\"value\":\"p\"}}",
      "{\"ref\":{\"type\":\"ref/tool\",\"name\":\"travel\"},\"argument\":{\"name\":\"city\",\"value\":\"p\"}}",
      "{\"ref\":{\"type\":\"ref/prompt\"},\"argument\":{\"name\":\"city\",\"value\":\"p\"}}",
      "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"travel\"}}",
      "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"travel\"},\"argument\":{\"name\":\"city\",\"value\":1}}",
      "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"travel\"},\"argument\":{\"name\":\"city\",\"value\":\"p\"},\"context\":{\"arguments\":{\"month\":5}}}",
      "{\"ref\":\"travel\",\"argument\":{\"name\":\"city\",\"value\":\"p\"}}"})
  void malformedRequestsAreInvalidParams(String params) {
    JsonNode error = client().request("completion/complete", params).get("error");

    assertThat(error.get("code").asInt()).isEqualTo(-32602);
    assertThat(error.get("message").asString()).startsWith("Invalid params: ");
  }

  @Test
  void theCapabilityIsAdvertisedWhenACompleterIsRegistered() {
    JsonNode capabilities = client().request("initialize",
        "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}").at("/result/capabilities");

    assertThat(capabilities.get("completions")).isEqualTo(TestClient.json("{}"));
  }

  @Test
  void withoutAnyCompleterTheMethodIsNotFound() {
    TestClient client = TestClient.connect(McpGateway.builder()
        .prompt(Prompt.of("plain", "No completer.", PromptArgument.required("x", "x")),
            get -> PromptResult.of())
        .build());

    JsonNode error = complete(client, "{\"type\":\"ref/prompt\",\"name\":\"plain\"}",
        "{\"name\":\"x\",\"value\":\"\"}").get("error");

    assertThat(error.get("code").asInt()).isEqualTo(-32601);
  }

  @Test
  void aCompletionCarriesAtMostOneHundredValues() {
    List<String> many = IntStream.range(0, 250).mapToObj(i -> "v" + i).toList();

    Completion completion = Completion.startingWith("v", many);

    assertThat(completion.values()).hasSize(Completion.MAX_VALUES);
    assertThat(completion.total()).isEqualTo(250);
    assertThat(completion.hasMore()).isTrue();
    assertThatIllegalArgumentException().isThrownBy(() -> new Completion(many, null, true))
        .withMessage("a completion carries at most 100 values, had 250");
  }
}
