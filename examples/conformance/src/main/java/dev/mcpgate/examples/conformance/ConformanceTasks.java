package dev.mcpgate.examples.conformance;

import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.TaskSupport;
import dev.mcpgate.core.ToolResult;
import dev.mcpgate.core.client.ClientRequest;
import dev.mcpgate.core.client.Elicitation;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tools the suite's tasks extension scenarios ({@code tasks-*}, 2026-07-28) call: a tool that
 * always completes within its request, tools that hand themselves to a task at once ({@link
 * dev.mcpgate.core.ToolCall#continueAsTask()}) when the client declares the extension, and one
 * that first asks the user within the request and then goes on as a task.
 *
 * <p>Thread-safe.
 */
public final class ConformanceTasks {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ConformanceTasks() {}

  /**
   * Registers the tools and their task support.
   *
   * @param builder the gateway builder
   * @return the same builder
   */
  public static McpGateway.Builder registerAll(McpGateway.Builder builder) {
    return builder
        .tool(tool("greet", "Greets someone; always answers within the request.",
                "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},"
                    + "\"required\":[\"name\"]}"),
            call -> ToolResult.text("Hello, " + call.arguments().path("name").asString() + "!"))
        .tool(tool("slow_compute", "Works for the given number of seconds, then answers.",
                "{\"type\":\"object\",\"properties\":{\"seconds\":{\"type\":\"number\","
                    + "\"minimum\":0,\"maximum\":600},\"label\":{\"type\":\"string\"}}}"),
            call -> {
              call.continueAsTask();
              double seconds = call.arguments().path("seconds").asDouble(0);
              Thread.sleep(Math.round(seconds * 1000));
              return ToolResult.text("computed " + call.arguments().path("label").asString("")
                  + " in " + seconds + " s");
            })
        .taskSupport("slow_compute", TaskSupport.OPTIONAL)
        .tool(tool("failing_job", "Works for a second, then reports that it failed."),
            call -> {
              call.continueAsTask();
              Thread.sleep(1000);
              return ToolResult.error("the job failed");
            })
        .taskSupport("failing_job", TaskSupport.REQUIRED)
        .tool(tool("protocol_error_job", "Breaks: its task ends with a protocol error."),
            call -> {
              call.continueAsTask();
              throw new IllegalStateException("the job broke");
            })
        .taskSupport("protocol_error_job", TaskSupport.OPTIONAL)
        .tool(tool("confirm_delete", "Asks the user to confirm, then deletes a file.",
                "{\"type\":\"object\",\"properties\":{\"filename\":{\"type\":\"string\"}}}"),
            call -> {
              call.continueAsTask();
              String file = call.arguments().path("filename").asString("");
              return ToolResult.text(call.client().confirm("confirm", "Delete " + file + "?")
                  ? "deleted " + file : "kept " + file);
            })
        .taskSupport("confirm_delete", TaskSupport.OPTIONAL)
        .tool(tool("multi_input", "Asks the user two questions at once."),
            call -> {
              call.continueAsTask();
              Map<String, ClientRequest> questions = new LinkedHashMap<>();
              questions.put("name", ClientRequest.elicitation("What is your name?",
                  schema("name", "string")));
              questions.put("confirm", ClientRequest.elicitation("Shall I go on?",
                  schema("confirm", "boolean")));
              Map<String, JsonNode> answers = call.client().ask(questions);
              return ToolResult.text("name " + Elicitation.of(answers.get("name")).content()
                  + ", confirm " + Elicitation.of(answers.get("confirm")).content());
            })
        .taskSupport("multi_input", TaskSupport.OPTIONAL)
        .tool(tool("test_tool_with_task",
                "Asks the user's name within the request, then goes on as a task."),
            call -> {
              Elicitation answer = call.client().elicit("user_name", "What is your name?",
                  schema("name", "string"));
              call.continueAsTask();
              Thread.sleep(500);
              return ToolResult.text("Hello, " + answer.content().path("name").asString("?")
                  + ", from a task");
            })
        .taskSupport("test_tool_with_task", TaskSupport.REQUIRED);
  }

  private static ObjectNode schema(String property, String type) {
    ObjectNode schema = JSON.createObjectNode().put("type", "object");
    schema.putObject("properties").putObject(property).put("type", type);
    schema.putArray("required").add(property);
    return schema;
  }

  private static ToolDefinition tool(String name, String description) {
    return ToolDefinition.builder(name).description(description).build();
  }

  private static ToolDefinition tool(String name, String description, String schema) {
    return ToolDefinition.builder(name).description(description).inputSchema(schema).build();
  }
}
