package dev.mcpgate.core;

import dev.mcpgate.api.ToolDefinition;
import java.util.concurrent.atomic.AtomicInteger;

/** Tool definitions and handlers for tests. */
final class Tools {

  private Tools() {}

  /** A tool that takes no arguments. */
  static ToolDefinition tool(String name) {
    return ToolDefinition.builder(name).description("The " + name + " tool").build();
  }

  /** A tool with an input schema. */
  static ToolDefinition tool(String name, String inputSchema) {
    return ToolDefinition.builder(name).inputSchema(inputSchema).build();
  }

  /** A handler that answers with its arguments as text. */
  static ToolHandler echo() {
    return call -> ToolResult.text(call.arguments().toString());
  }

  /** A handler that counts its calls and answers "ok". */
  static final class Counting implements ToolHandler {
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public ToolResult call(ToolCall call) {
      calls.incrementAndGet();
      return ToolResult.text("ok");
    }

    int calls() {
      return calls.get();
    }
  }
}
