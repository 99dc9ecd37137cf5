package dev.mcpgate.examples.conformance;

import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.LogLevel;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.ToolCall;
import dev.mcpgate.core.ToolResult;
import dev.mcpgate.core.client.ClientCapability;
import dev.mcpgate.core.client.ClientRequest;
import dev.mcpgate.core.client.ClientRequests;
import dev.mcpgate.core.client.Elicitation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tools the suite's scenarios about asking the client call: sampling and elicitation as
 * server-to-client requests on 2025-11-25 ({@code tools-call-sampling}, {@code
 * tools-call-elicitation}, {@code elicitation-sep1034-defaults}, {@code
 * elicitation-sep1330-enums}) and input-required results on 2026-07-28 ({@code
 * input-required-result-*}), plus the diagnostic tools of {@code server-stateless}. Every tool
 * asks through the one API, {@link ToolCall#client()}.
 *
 * <p>Thread-safe.
 */
public final class ConformanceAsks {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ConformanceAsks() {}

  /**
   * Registers the tools.
   *
   * @param builder the gateway builder
   * @param gateway the gateway once built, for the tool that changes the tool list
   * @return the same builder
   */
  public static McpGateway.Builder registerAll(
      McpGateway.Builder builder, AtomicReference<McpGateway> gateway) {
    AtomicInteger changes = new AtomicInteger();
    return builder
        .tool(tool("test_sampling", "Asks the client's model a question (sampling).",
                "{\"type\":\"object\",\"properties\":{\"prompt\":{\"type\":\"string\"}},"
                    + "\"required\":[\"prompt\"]}"),
            call -> {
              JsonNode answer = call.client().ask("answer",
                  sampling(call.arguments().path("prompt").asString("")));
              return ToolResult.text("LLM response: " + answer.path("content").path("text")
                  .asString(""));
            })
        .tool(tool("test_elicitation", "Asks the user for their username and email.",
                "{\"type\":\"object\",\"properties\":{\"message\":{\"type\":\"string\"}},"
                    + "\"required\":[\"message\"]}"),
            call -> {
              Elicitation answer = call.client().elicit("user",
                  call.arguments().path("message").asString("Please provide your details"),
                  schema("{\"type\":\"object\",\"properties\":{"
                      + "\"username\":{\"type\":\"string\",\"description\":\"Your username\"},"
                      + "\"email\":{\"type\":\"string\",\"description\":\"Your email\"}},"
                      + "\"required\":[\"username\",\"email\"]}"));
              return ToolResult.text("User response: action=" + answer.action()
                  + ", content=" + answer.content());
            })
        .tool(tool("test_elicitation_sep1034_defaults",
                "Asks the user for a form whose fields have defaults (SEP-1034)."),
            call -> {
              Elicitation answer = call.client().elicit("defaults",
                  "Please review and update the form fields with defaults",
                  schema("{\"type\":\"object\",\"properties\":{"
                      + "\"name\":{\"type\":\"string\",\"description\":\"User name\","
                      + "\"default\":\"John Doe\"},"
                      + "\"age\":{\"type\":\"integer\",\"description\":\"User age\","
                      + "\"default\":30},"
                      + "\"score\":{\"type\":\"number\",\"description\":\"User score\","
                      + "\"default\":95.5},"
                      + "\"status\":{\"type\":\"string\",\"description\":\"User status\","
                      + "\"enum\":[\"active\",\"inactive\",\"pending\"],\"default\":\"active\"},"
                      + "\"verified\":{\"type\":\"boolean\",\"description\":\"Verification status\","
                      + "\"default\":true}},\"required\":[]}"));
              return ToolResult.text("Elicitation completed: action=" + answer.action()
                  + ", content=" + answer.content());
            })
        .tool(tool("test_elicitation_sep1330_enums",
                "Asks the user to choose from enums of every kind (SEP-1330)."),
            call -> {
              Elicitation answer = call.client().elicit("enums",
                  "Please select options from the enum fields",
                  schema("{\"type\":\"object\",\"properties\":{"
                      + "\"untitledSingle\":{\"type\":\"string\",\"description\":\"Select one\","
                      + "\"enum\":[\"option1\",\"option2\",\"option3\"]},"
                      + "\"titledSingle\":{\"type\":\"string\",\"description\":\"Select one\","
                      + "\"oneOf\":[{\"const\":\"value1\",\"title\":\"First Option\"},"
                      + "{\"const\":\"value2\",\"title\":\"Second Option\"},"
                      + "{\"const\":\"value3\",\"title\":\"Third Option\"}]},"
                      + "\"legacyEnum\":{\"type\":\"string\",\"description\":\"Select one\","
                      + "\"enum\":[\"opt1\",\"opt2\",\"opt3\"],"
                      + "\"enumNames\":[\"Option One\",\"Option Two\",\"Option Three\"]},"
                      + "\"untitledMulti\":{\"type\":\"array\",\"description\":\"Select many\","
                      + "\"minItems\":1,\"maxItems\":3,"
                      + "\"items\":{\"type\":\"string\",\"enum\":[\"option1\",\"option2\","
                      + "\"option3\"]}},"
                      + "\"titledMulti\":{\"type\":\"array\",\"description\":\"Select many\","
                      + "\"minItems\":1,\"maxItems\":3,"
                      + "\"items\":{\"anyOf\":[{\"const\":\"value1\",\"title\":\"First Choice\"},"
                      + "{\"const\":\"value2\",\"title\":\"Second Choice\"},"
                      + "{\"const\":\"value3\",\"title\":\"Third Choice\"}]}}},"
                      + "\"required\":[]}"));
              return ToolResult.text("Elicitation completed: action=" + answer.action()
                  + ", content=" + answer.content());
            })
        .tool(tool("test_input_required_result_elicitation",
                "Asks the user for their name (input-required result on 2026-07-28)."),
            call -> {
              Elicitation answer = call.client().elicit(
                  "user_name", "What is your name?", nameSchema());
              return ToolResult.text("Hello, " + answer.content().path("name").asString("?"));
            })
        .tool(tool("test_input_required_result_sampling",
                "Asks the client's model the capital of France."),
            call -> {
              JsonNode answer = call.client().ask(
                  "capital_question", sampling("What is the capital of France?"));
              return ToolResult.text(
                  "The model said: " + answer.path("content").path("text").asString(""));
            })
        .tool(tool("test_input_required_result_list_roots", "Lists the client's roots."),
            call -> ToolResult.text(
                "Roots: " + call.client().ask("client_roots", ClientRequest.listRoots())
                    .path("roots")))
        .tool(tool("test_input_required_result_request_state",
                "Asks for a name; the answer comes back with a sealed request state."),
            call -> {
              call.client().elicit("user_name", "What is your name?", nameSchema());
              return ToolResult.text("state-ok: the request state was verified");
            })
        .tool(tool("test_input_required_result_multiple_inputs",
                "Asks the user, the model and the roots at once."),
            call -> {
              Map<String, ClientRequest> questions = new LinkedHashMap<>();
              questions.put("user_name",
                  ClientRequest.elicitation("What is your name?", nameSchema()));
              questions.put("capital_question", sampling("What is the capital of France?"));
              questions.put("client_roots", ClientRequest.listRoots());
              Map<String, JsonNode> answers = call.client().ask(questions);
              return ToolResult.text("Got " + answers.size() + " answers: " + answers.keySet());
            })
        .tool(tool("test_input_required_result_multi_round",
                "Asks two questions, one after the other."),
            call -> {
              Elicitation first = call.client().elicit("step1", "What is your name?", nameSchema());
              Elicitation second = call.client().elicit("step2", "What is your favourite colour?",
                  schema("{\"type\":\"object\",\"properties\":{\"color\":{\"type\":\"string\"}},"
                      + "\"required\":[\"color\"]}"));
              return ToolResult.text("Done after two rounds: " + first.content() + ", "
                  + second.content());
            })
        .tool(tool("test_input_required_result_tampered_state",
                "Asks for a name; a changed request state is refused."),
            call -> {
              call.client().elicit("user_name", "What is your name?", nameSchema());
              return ToolResult.text("the request state was intact");
            })
        .tool(tool("test_input_required_result_capabilities",
                "Asks only what the client declared it can answer."),
            call -> {
              ClientRequests client = call.client();
              Map<String, ClientRequest> questions = new LinkedHashMap<>();
              if (client.supports(ClientCapability.ELICITATION)) {
                questions.put("user_name",
                    ClientRequest.elicitation("What is your name?", nameSchema()));
              }
              if (client.supports(ClientCapability.SAMPLING)) {
                questions.put("capital_question", sampling("What is the capital of France?"));
              }
              if (questions.isEmpty()) {
                return ToolResult.text("the client can be asked nothing");
              }
              return ToolResult.text("Answered: " + client.ask(questions).keySet());
            })
        .tool(tool("test_missing_capability",
                "Needs the client's sampling capability; refused without it."),
            call -> {
              JsonNode answer = call.client().ask("question", sampling("Say hello."));
              return ToolResult.text("The model said: " + answer.path("content").path("text")
                  .asString(""));
            })
        .tool(tool("test_streaming_elicitation",
                "Asks the user through elicitation, never as a request on the stream."),
            call -> {
              Elicitation answer = call.client().elicit("user_name", "What is your name?",
                  nameSchema());
              return ToolResult.text("Hello, " + answer.content().path("name").asString("?"));
            })
        .tool(tool("test_logging_tool",
                "Logs at info; a 2026-07-28 client without a log level gets no log messages."),
            call -> {
              call.log(LogLevel.INFO, "test_logging_tool ran");
              return ToolResult.text("logged");
            })
        .tool(tool("test_trigger_tool_change",
                "Adds a tool, so that clients listening for tool list changes hear of it."),
            call -> {
              McpGateway built = gateway.get();
              String name = "test_dynamic_tool_" + changes.incrementAndGet();
              built.tools().register(tool(name, "A tool added at run time."),
                  added -> ToolResult.text("dynamic"));
              return ToolResult.text("added " + name);
            });
  }

  private static ToolDefinition tool(String name, String description) {
    return ToolDefinition.builder(name).description(description).build();
  }

  private static ToolDefinition tool(String name, String description, String schema) {
    return ToolDefinition.builder(name).description(description).inputSchema(schema).build();
  }

  private static ClientRequest sampling(String question) {
    ObjectNode params = JSON.createObjectNode();
    ObjectNode message = params.putArray("messages").addObject();
    message.put("role", "user");
    message.putObject("content").put("type", "text").put("text", question);
    params.put("maxTokens", 100);
    return ClientRequest.sampling(params);
  }

  private static ObjectNode nameSchema() {
    return schema("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},"
        + "\"required\":[\"name\"]}");
  }

  private static ObjectNode schema(String json) {
    return (ObjectNode) JSON.readTree(json);
  }
}
