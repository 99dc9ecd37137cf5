package dev.mcpgate.core;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditSink;
import dev.mcpgate.api.ToolDefinition;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

  /** An audit sink that keeps every event. */
  static final class RecordingAudit implements AuditSink {
    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void record(AuditEvent event) {
      events.add(event);
    }

    List<AuditEvent> events() {
      return List.copyOf(events);
    }

    /** The events of tools/call requests, leaving out those of tools/list pages. */
    List<AuditEvent> calls() {
      return events.stream().filter(event -> event.method().equals("tools/call")).toList();
    }

    /** The one tools/call event. */
    AuditEvent only() {
      List<AuditEvent> calls = calls();
      if (calls.size() != 1) {
        throw new AssertionError("expected one tools/call audit event, got " + events);
      }
      return calls.get(0);
    }
  }
}
