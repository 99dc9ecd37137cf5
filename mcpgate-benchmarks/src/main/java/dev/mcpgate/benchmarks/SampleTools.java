package dev.mcpgate.benchmarks;

import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.Source;
import dev.mcpgate.core.ToolHandler;
import dev.mcpgate.core.ToolResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Tool definitions shaped like the ones an imported REST API produces. */
final class SampleTools {

  /** The tag of tools that {@link #hideInternal()} hides from callers without that scope. */
  static final String INTERNAL = "internal";

  private static final String[] RESOURCES = {
    "customers", "orders", "invoices", "products", "shipments",
    "tickets", "users", "accounts", "payments", "subscriptions"
  };
  private static final String[] VERBS = {"list", "get", "create", "update", "delete", "search"};
  private static final String[] HTTP_METHODS = {"GET", "GET", "POST", "PATCH", "DELETE", "POST"};

  /** Runs {@link #echo()}: the text, {@code count} times; as cheap as a real handler gets. */
  static final ToolHandler ECHO =
      call -> {
        String text = call.arguments().get("text").asString();
        int count = call.arguments().get("count").asInt();
        return ToolResult.text(String.join(" ", Collections.nCopies(count, text)));
      };

  private static final ToolHandler NO_OP = call -> ToolResult.text("ok");

  private SampleTools() {}

  /** The tool {@link ToolsCallBenchmark} calls: a string and an integer, both required. */
  static ToolDefinition echo() {
    return ToolDefinition.builder("echo")
        .description("Repeats a text a number of times.")
        .inputSchema(
            """
            {"type":"object",
             "properties":{
               "text":{"type":"string","description":"The text to repeat."},
               "count":{"type":"integer","minimum":1,"maximum":10,"description":"How often."}},
             "required":["text","count"],
             "additionalProperties":false}
            """)
        .build();
  }

  /**
   * Registers {@code size} API-like tools over ten resources. The tools of every second resource
   * are tagged {@link #INTERNAL}: half the catalog, and in name order the hidden tools come in
   * runs of a whole resource, as when a policy hides parts of an API.
   *
   * @param builder the gateway being built
   * @param size how many tools
   */
  static void addApiTools(McpGateway.Builder builder, int size) {
    builder.source(Source.approved("example-api"));
    for (ToolDefinition tool : apiTools(size)) {
      builder.tool(tool, NO_OP);
    }
  }

  /**
   * The definitions {@link #addApiTools} registers, for benchmarks that ask a policy directly.
   *
   * @param size how many tools
   * @return the definitions, in registration order
   */
  static List<ToolDefinition> apiTools(int size) {
    List<ToolDefinition> tools = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      tools.add(apiTool(i));
    }
    return tools;
  }

  private static ToolDefinition apiTool(int i) {
    int resourceIndex = i % RESOURCES.length;
    String resource = RESOURCES[resourceIndex];
    int operation = (i / RESOURCES.length) % VERBS.length;
    String verb = VERBS[operation];
    String name = String.format("%s_%s_%04d", resource, verb, i);
    boolean byId = !verb.equals("list") && !verb.equals("search") && !verb.equals("create");
    String schema =
        """
        {"type":"object",
         "properties":{
           "id":{"type":"string","description":"The %1$s id, as returned by %1$s_list.","pattern":"^[a-z0-9]{8,32}$"},
           "limit":{"type":"integer","minimum":1,"maximum":100,"default":20,"description":"Page size."},
           "cursor":{"type":"string","description":"Continue after this cursor from a previous page."},
           "status":{"type":"string","enum":["active","archived","pending"],"description":"Only %1$s in this state."},
           "includeDeleted":{"type":"boolean","default":false}},
         "required":[%2$s],
         "additionalProperties":false}
        """
            .formatted(resource, byId ? "\"id\"" : "");
    ToolDefinition.Builder tool =
        ToolDefinition.builder(name)
            .title(verb + " " + resource)
            .description(
                "Calls " + HTTP_METHODS[operation] + " /v1/" + resource
                    + (byId ? "/{id}" : verb.equals("search") ? "/search" : "")
                    + " of the example API (operation " + i + "). Returns the " + resource
                    + " as JSON; errors come back as problem details.")
            .inputSchema(schema)
            .source("example-api")
            .operationId(verb + "_" + resource + "_" + i)
            .tags(List.of(resource));
    if (resourceIndex % 2 == 1) {
      tool.tags(List.of(INTERNAL));
    }
    return tool.build();
  }

  /**
   * A policy that hides tools tagged {@link #INTERNAL} from callers without that scope: half the
   * catalog for an anonymous caller.
   */
  static PolicyEngine hideInternal() {
    PolicyDecision allow = PolicyDecision.allow("public-tools");
    PolicyDecision deny = PolicyDecision.deny("internal-needs-scope");
    return request ->
        request.tool().tags().contains(INTERNAL) && !request.caller().hasScope(INTERNAL)
            ? deny
            : allow;
  }
}
