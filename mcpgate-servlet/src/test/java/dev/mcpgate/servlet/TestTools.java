package dev.mcpgate.servlet;

import dev.mcpgate.api.IdentityResolver;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.LogLevel;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.ToolResult;

/** Gateways with a few tools for transport tests. */
final class TestTools {

  static final String ECHO_SCHEMA =
      """
      {"type":"object","properties":{"text":{"type":"string"}},"required":["text"],
       "additionalProperties":false}""";

  private TestTools() {}

  static McpGateway.Builder gateway() {
    return McpGateway.builder()
        .serverInfo("transport-test", "1.0")
        .identityResolver(IdentityResolver.anonymous())
        .tool(
            ToolDefinition.builder("echo").description("Echoes text").inputSchema(ECHO_SCHEMA).build(),
            call -> ToolResult.text(call.arguments().get("text").asString()))
        .tool(
            ToolDefinition.builder("count").description("Reports progress three times").build(),
            call -> {
              for (int i = 1; i <= 3; i++) {
                call.progress(i, 3.0, "step " + i);
              }
              call.log(LogLevel.INFO, "counted");
              return ToolResult.text("done");
            });
  }
}
