package dev.mcpgate.examples.conformance;

import dev.mcpgate.core.Content;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.completion.Completion;
import dev.mcpgate.core.client.Elicitation;
import dev.mcpgate.core.prompts.Prompt;
import dev.mcpgate.core.prompts.PromptArgument;
import dev.mcpgate.core.prompts.PromptMessage;
import dev.mcpgate.core.prompts.PromptResult;
import dev.mcpgate.core.resources.Resource;
import dev.mcpgate.core.resources.ResourceContents;
import dev.mcpgate.core.resources.ResourceTemplate;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import java.util.regex.Pattern;

/**
 * The resources, resource template and prompts the conformance suite's server scenarios read
 * and get ({@code resources-*}, {@code prompts-*}, {@code completion-complete}), with the URIs,
 * names and contents each scenario checks.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConformanceFeatures {

  private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final List<String> ARG1_VALUES = List.of("paris", "park", "party", "test");

  private ConformanceFeatures() {}

  /**
   * Registers every conformance test resource, template and prompt.
   *
   * @param builder the gateway builder to register them with
   * @return the same builder
   */
  public static McpGateway.Builder registerAll(McpGateway.Builder builder) {
    return builder
        .resource(
            Resource.builder("test://static-text", "static-text")
                .description("A static text resource.").mimeType("text/plain").build(),
            read -> List.of(ResourceContents.text(read.uri(), "text/plain",
                "This is the content of the static text resource.")))
        .resource(
            Resource.builder("test://static-binary", "static-binary")
                .description("A static binary resource (a 1x1 red PNG).").mimeType("image/png")
                .build(),
            read -> List.of(new ResourceContents.Blob(
                read.uri(), "image/png", ConformanceTools.RED_PIXEL_PNG)))
        .resource(
            Resource.builder("test://watched-resource", "watched-resource")
                .description("A resource clients subscribe to.").mimeType("text/plain").build(),
            read -> List.of(ResourceContents.text(read.uri(), "text/plain",
                "This resource is watched for changes.")))
        .resourceTemplate(
            ResourceTemplate.builder("test://template/{id}/data", "template-data")
                .description("Data for an id.").mimeType("application/json").build(),
            read -> {
              String id = read.variables().get("id");
              // Only plain ids name data here; anything else is not found.
              if (id == null || !PLAIN_ID.matcher(id).matches()) {
                return List.of();
              }
              return List.of(ResourceContents.text(read.uri(), "application/json",
                  "{\"id\":\"" + id + "\",\"templateTest\":true,\"data\":\"Data for ID: " + id
                      + "\"}"));
            },
            request -> Completion.startingWith(request.value(), List.of("123", "456", "789")))
        .prompt(
            Prompt.of("test_simple_prompt", "A simple prompt without arguments."),
            get -> PromptResult.of(
                PromptMessage.user(Content.text("This is a simple prompt for testing."))))
        .prompt(
            Prompt.of("test_prompt_with_arguments", "A prompt with two arguments.",
                PromptArgument.required("arg1", "First test argument"),
                PromptArgument.required("arg2", "Second test argument")),
            get -> PromptResult.of(PromptMessage.user(Content.text(
                "Prompt with arguments: arg1='" + get.arguments().get("arg1") + "', arg2='"
                    + get.arguments().get("arg2") + "'"))),
            request -> request.argument().equals("arg1")
                ? Completion.startingWith(request.value(), ARG1_VALUES)
                : Completion.none())
        .prompt(
            Prompt.of("test_prompt_with_embedded_resource", "A prompt embedding a resource.",
                PromptArgument.required("resourceUri", "URI of the resource to embed")),
            get -> PromptResult.of(
                PromptMessage.user(new Content.EmbeddedResource(
                    get.arguments().get("resourceUri"), "text/plain",
                    "Embedded resource content for testing.", null)),
                PromptMessage.user(Content.text("Please process the embedded resource above."))))
        .prompt(
            Prompt.of("test_prompt_with_image", "A prompt with an image."),
            get -> PromptResult.of(
                PromptMessage.user(new Content.Image(ConformanceTools.RED_PIXEL_PNG, "image/png")),
                PromptMessage.user(Content.text("Please analyze the image above."))))
        .prompt(
            Prompt.of("test_input_required_result_prompt",
                "A prompt that asks the user for its context before it is filled in."),
            get -> {
              Elicitation answer = get.client().elicit("user_context",
                  "What context should the prompt use?", CONTEXT_SCHEMA.deepCopy());
              return PromptResult.of(PromptMessage.user(Content.text(
                  "Use this context: " + answer.content().path("context").asString(""))));
            });
  }

  private static final ObjectNode CONTEXT_SCHEMA = (ObjectNode) JsonMapper.builder().build()
      .readTree("{\"type\":\"object\",\"properties\":{\"context\":{\"type\":\"string\"}},"
          + "\"required\":[\"context\"]}");
}
