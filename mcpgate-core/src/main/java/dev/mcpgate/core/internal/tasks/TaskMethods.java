package dev.mcpgate.core.internal.tasks;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.AuditSink;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.McpGateException.ErrorCode;
import dev.mcpgate.core.RequestIds;
import dev.mcpgate.core.internal.Json;
import dev.mcpgate.core.internal.JsonRpc;
import java.time.Clock;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The client's side of tasks on 2026-07-28: {@code tasks/get}, {@code tasks/update} and {@code
 * tasks/cancel}, each on a task of the caller's own. Thread-safe.
 */
public final class TaskMethods {

  /** The extension that runs tool calls as tasks. */
  public static final String EXTENSION = "io.modelcontextprotocol/tasks";
  /** The error 2026-07-28 gives a request needing what the client did not declare. */
  private static final int MISSING_CLIENT_CAPABILITY = -32021;
  private static final int MAX_ECHOED = 128;
  private static final Logger LOG = LoggerFactory.getLogger(TaskMethods.class);

  private final TaskStore tasks;
  private final AuditSink audit;
  private final Clock clock;

  /**
   * Methods over a store.
   *
   * @param tasks the tasks
   * @param audit where cancellations are recorded
   * @param clock for the audit events' time
   */
  public TaskMethods(TaskStore tasks, AuditSink audit, Clock clock) {
    this.tasks = Objects.requireNonNull(tasks, "tasks");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Whether a request's client capabilities declare the tasks extension.
   *
   * @param capabilities the capabilities, or null when none
   * @return true if they declare it
   */
  public static boolean declared(@Nullable JsonNode capabilities) {
    return capabilities != null && capabilities.path("extensions").path(EXTENSION).isObject();
  }

  /**
   * The {@code -32021} error of a request that needs the extension the client did not declare,
   * naming it in {@code data.requiredCapabilities}.
   *
   * @param id the request's id
   * @return the response
   */
  public static byte[] extensionRequired(JsonNode id) {
    ObjectNode data = Json.MAPPER.createObjectNode();
    data.putObject("requiredCapabilities").putObject("extensions").putObject(EXTENSION);
    return JsonRpc.error(id, MISSING_CLIENT_CAPABILITY,
        "Missing required client capability: extension " + EXTENSION, data);
  }

  /**
   * Who owns a task: a key for the identity of the caller that started it, never a credential.
   *
   * @param caller the caller
   * @return the key
   */
  public static String owner(CallerContext caller) {
    return String.join("\u0000", caller.authMethod(), String.valueOf(caller.subject()),
        String.valueOf(caller.clientId()), String.valueOf(caller.agent()),
        String.valueOf(caller.workload()), String.valueOf(caller.tenant()),
        String.valueOf(caller.environment()));
  }

  /**
   * Answers one request.
   *
   * @param method {@code tasks/get}, {@code tasks/update} or {@code tasks/cancel}
   * @param id the request's id
   * @param params its params: an object, or null
   * @param capabilities what the client declared with it
   * @param caller who asks
   * @return the response
   */
  public byte[] handle(String method, JsonNode id, @Nullable JsonNode params,
      @Nullable JsonNode capabilities, CallerContext caller) {
    if (!declared(capabilities)) {
      return extensionRequired(id);
    }
    JsonNode taskId = params == null ? null : params.get("taskId");
    if (taskId == null || !taskId.isString()) {
      return invalidParams(id, "\"taskId\" is required and must be a string");
    }
    // Another caller's task does not exist for this one: the same answer as an unknown id.
    Task task = tasks.find(taskId.asString(), owner(caller));
    if (task == null) {
      return invalidParams(id, "unknown task \"" + clip(taskId.asString()) + "\"");
    }
    return switch (method) {
      case "tasks/get" -> JsonRpc.result(id, task.detailed());
      case "tasks/update" -> update(id, params, task);
      case "tasks/cancel" -> cancel(id, task, caller);
      default -> throw new IllegalArgumentException("not a tasks method: " + method);
    };
  }

  private static byte[] update(JsonNode id, JsonNode params, Task task) {
    if (!(params.get("inputResponses") instanceof ObjectNode answers)) {
      return invalidParams(id, "\"inputResponses\" is required and must be an object");
    }
    task.answer(answers);
    return JsonRpc.result(id, Json.MAPPER.createObjectNode());
  }

  private byte[] cancel(JsonNode id, Task task, CallerContext caller) {
    if (task.cancel()) {
      AuditEvent event = AuditEvent.builder(
              RequestIds.newRequestId(), clock.instant(), "tasks/cancel", caller)
          .outcome(AuditOutcome.OK).detail("taskId", task.id()).build();
      try {
        audit.record(event);
      } catch (RuntimeException broken) {
        LOG.error("the audit sink threw despite its contract; event dropped", broken);
      }
    }
    return JsonRpc.result(id, Json.MAPPER.createObjectNode());
  }

  private static byte[] invalidParams(JsonNode id, String problem) {
    return JsonRpc.error(id, ErrorCode.INVALID_PARAMS.jsonRpcCode(), "Invalid params: " + problem);
  }

  private static String clip(String text) {
    if (text.length() <= MAX_ECHOED) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(MAX_ECHOED - 1)) ? MAX_ECHOED - 1 : MAX_ECHOED;
    return text.substring(0, end) + "...";
  }
}
