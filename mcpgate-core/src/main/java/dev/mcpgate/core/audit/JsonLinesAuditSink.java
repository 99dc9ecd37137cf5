package dev.mcpgate.core.audit;

import dev.mcpgate.api.AdapterOutcome;
import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditSink;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.GateOutcome;
import dev.mcpgate.core.internal.Json;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes each event as one line of JSON, by default at INFO to the slf4j logger {@value
 * #LOGGER}, so the host's logging backend routes audit wherever its other logs go.
 *
 * <p>A line holds metadata only: request id, time, method, the caller's ids (client, profile,
 * tenant, subject, agent, workload, surface, auth method, token id — never a credential), tool,
 * operation, source, binding id, credential status, each gate's outcome, the adapter's outcome
 * and the overall outcome. Argument values appear only if the engine put redacted ones in the
 * event's details.
 *
 * <p>Thread-safe. Formatting is fast but synchronous; wrap in {@link AsyncAuditSink} when the
 * logging backend may block.
 */
public final class JsonLinesAuditSink implements AuditSink {

  /** The logger lines go to by default. */
  public static final String LOGGER = "mcpgate.audit";

  private final Consumer<String> lines;

  private JsonLinesAuditSink(Consumer<String> lines) {
    this.lines = lines;
  }

  /**
   * A sink writing to the slf4j logger {@value #LOGGER} at INFO.
   *
   * @return the sink
   */
  public static JsonLinesAuditSink toSlf4j() {
    Logger logger = LoggerFactory.getLogger(LOGGER);
    return new JsonLinesAuditSink(logger::info);
  }

  /**
   * A sink handing each line to a consumer, such as a file writer.
   *
   * @param lines receives one JSON line per event; must be thread-safe and must not throw
   * @return the sink
   */
  public static JsonLinesAuditSink to(Consumer<String> lines) {
    return new JsonLinesAuditSink(Objects.requireNonNull(lines, "lines"));
  }

  @Override
  public void record(AuditEvent event) {
    try {
      lines.accept(line(event));
    } catch (RuntimeException broken) {
      // An audit sink never throws into a call (the AuditSink contract).
    }
  }

  /**
   * The JSON line of an event.
   *
   * @param event the event
   * @return one line of JSON, without a line break
   */
  public static String line(AuditEvent event) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("requestId", event.requestId());
    node.put("time", event.time().toString());
    node.put("method", event.method());
    CallerContext caller = event.caller();
    ObjectNode who = node.putObject("caller");
    putIfSet(who, "clientId", caller.clientId());
    putIfSet(who, "environment", caller.environment());
    putIfSet(who, "tenant", caller.tenant());
    putIfSet(who, "subject", caller.subject());
    putIfSet(who, "agent", caller.agent());
    putIfSet(who, "workload", caller.workload());
    who.put("surface", caller.surface());
    who.put("authMethod", caller.authMethod());
    putIfSet(who, "tokenId", caller.tokenId());
    putIfSet(node, "tool", event.tool());
    putIfSet(node, "operation", event.operation());
    putIfSet(node, "source", event.source());
    putIfSet(node, "bindingId", event.bindingId());
    node.put("credentialStatus", event.credentialStatus().name().toLowerCase(java.util.Locale.ROOT));
    ArrayNode gates = node.putArray("gates");
    for (GateOutcome gate : event.gates()) {
      gates.addObject().put("gate", gate.gate().jsonName()).put("passed", gate.passed())
          .put("reason", gate.reason());
    }
    AdapterOutcome adapter = event.adapter();
    if (adapter != null) {
      ObjectNode out = node.putObject("adapter");
      out.put("status", adapter.status());
      out.put("latencyMicros", adapter.latency().toNanos() / 1_000);
      out.put("bytes", adapter.bytes());
      putIfSet(out, "error", adapter.error());
    }
    node.put("outcome", event.outcome().jsonName());
    if (!event.details().isEmpty()) {
      ObjectNode details = node.putObject("details");
      new java.util.TreeMap<>(event.details()).forEach(details::put);
    }
    return Json.MAPPER.writeValueAsString(node);
  }

  private static void putIfSet(ObjectNode node, String field, @Nullable String value) {
    if (value != null) {
      node.put(field, value);
    }
  }
}
