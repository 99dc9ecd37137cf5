package dev.mcpgate.core;

import dev.mcpgate.api.AdapterOutcome;
import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.AuditSink;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.GateId;
import dev.mcpgate.api.GateOutcome;
import dev.mcpgate.api.McpGateException.ErrorCode;
import dev.mcpgate.core.internal.CallAudit;
import dev.mcpgate.core.internal.CatalogSnapshot;
import dev.mcpgate.core.internal.Cursors;
import dev.mcpgate.core.internal.ContentJson;
import dev.mcpgate.core.internal.Json;
import dev.mcpgate.core.internal.JsonRpc;
import dev.mcpgate.core.internal.OutputContract;
import dev.mcpgate.core.internal.RegisteredTool;
import dev.mcpgate.core.internal.features.FeatureMethods;
import dev.mcpgate.core.internal.gates.GatePipeline;
import dev.mcpgate.core.internal.gates.Verdict;
import dev.mcpgate.core.client.ClientRequestFailedException;
import dev.mcpgate.core.client.MissingClientCapabilityException;
import dev.mcpgate.core.internal.asks.InputRequired;
import dev.mcpgate.core.internal.asks.Asks;
import dev.mcpgate.core.internal.asks.StatelessRound;
import dev.mcpgate.core.internal.tasks.Task;
import dev.mcpgate.core.internal.tasks.TaskClientRequests;
import dev.mcpgate.core.internal.tasks.TaskMethods;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/** Dispatches parsed messages to the MCP methods. Thread-safe; holds no per-request state. */
final class Engine {

  private static final Logger LOG = LoggerFactory.getLogger(McpGateway.class);
  private static final int MAX_ECHOED_NAME = 128;
  /** The request {@code _meta} keys of 2026-07-28. */
  static final String META_PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
  static final String META_CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
  static final String META_LOG_LEVEL = "io.modelcontextprotocol/logLevel";
  /** The error codes 2026-07-28 defines. */
  static final int HEADER_MISMATCH = -32020;
  static final int MISSING_CLIENT_CAPABILITY = -32021;
  static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

  private final McpGateway.Settings settings;
  private final ToolCatalog catalog;
  private final SourceRegistry sources;
  private final GatePipeline gates;
  private final AuditSink audit;
  private final Clock clock;
  private final Ticker ticker;
  private final ObjectNode capabilities;
  private final ObjectNode serverInfo;
  private final FeatureMethods features;
  /** The threads tool calls run on as tasks: made as needed, dropped when idle. */
  private final TaskMethods taskMethods;
  private final ExecutorService taskThreads = Executors.newCachedThreadPool(work -> {
    Thread thread = new Thread(work, "mcpgate-task");
    thread.setDaemon(true);
    return thread;
  });

  Engine(
      McpGateway.Settings settings,
      ToolCatalog catalog,
      SourceRegistry sources,
      GatePipeline gates,
      AuditSink audit,
      Clock clock,
      Ticker ticker,
      FeatureMethods features) {
    this.features = features;
    this.taskMethods = new TaskMethods(settings.tasks(), audit, clock);
    this.settings = settings;
    this.catalog = catalog;
    this.sources = sources;
    this.gates = gates;
    this.audit = audit;
    this.clock = clock;
    this.ticker = ticker;
    this.capabilities = Json.MAPPER.createObjectNode();
    capabilities.putObject("logging");
    capabilities.putObject("tools").put("listChanged", true);
    this.serverInfo = Json.MAPPER.createObjectNode();
    serverInfo.put("name", settings.serverName());
    serverInfo.put("version", settings.serverVersion());
    if (settings.serverTitle() != null) {
      serverInfo.put("title", settings.serverTitle());
    }
  }

  void handle(McpSession session, CallerContext caller, IncomingMessage message, MessageSink sink) {
    if (session.isStatelessRevision()) {
      // 2026-07-28 defines no client notifications over HTTP and no server requests to answer.
      if (message.kind() == IncomingMessage.Kind.REQUEST) {
        request(session, caller, message, new StatelessReplies(sink, message.method(),
            serverInfo, settings.cacheTtl().toMillis()));
      }
      return;
    }
    switch (message.kind()) {
      case NOTIFICATION -> notification(session, message);
      case RESPONSE -> session.answered(message);
      case REQUEST -> request(session, caller, message, sink);
    }
  }

  /** Methods of the revisions with sessions that 2026-07-28 removed. */
  private static boolean removedInStatelessRevision(String method) {
    return switch (method) {
      case "initialize", "ping", "logging/setLevel", "resources/subscribe",
          "resources/unsubscribe" -> true;
      default -> method.startsWith("notifications/");
    };
  }

  /**
   * Checks the {@code _meta} every 2026-07-28 request carries and applies it to the request's
   * session; null if it is valid, else the error response.
   */
  byte @Nullable [] statelessMeta(
      McpSession session, JsonNode id, @Nullable JsonNode params) {
    JsonNode meta = params == null ? null : params.get("_meta");
    if (!(meta instanceof ObjectNode)) {
      return invalidParams(id, "\"_meta\" with \"" + META_PROTOCOL_VERSION + "\" and \""
          + META_CLIENT_CAPABILITIES + "\" is required");
    }
    JsonNode version = meta.get(META_PROTOCOL_VERSION);
    if (version == null || !version.isString()) {
      return invalidParams(id, "\"_meta\" must carry \"" + META_PROTOCOL_VERSION
          + "\" as a string");
    }
    JsonNode capabilities = meta.get(META_CLIENT_CAPABILITIES);
    if (capabilities == null || !capabilities.isObject()) {
      return invalidParams(id, "\"_meta\" must carry \"" + META_CLIENT_CAPABILITIES
          + "\" as an object");
    }
    if (!version.asString().equals(session.protocolVersion())) {
      return JsonRpc.error(id, HEADER_MISMATCH, "Header mismatch: the MCP-Protocol-Version "
          + "header does not match \"" + META_PROTOCOL_VERSION + "\" in \"_meta\"");
    }
    JsonNode level = meta.get(META_LOG_LEVEL);
    if (level == null || level.isNull()) {
      session.silence();
    } else {
      LogLevel named = level.isString() ? levelNamed(level.asString()) : null;
      if (named == null) {
        return invalidParams(id, "\"" + META_LOG_LEVEL + "\" is not a log level");
      }
      session.logLevel(named);
    }
    session.clientCapabilities(capabilities);
    return null;
  }

  /**
   * A tool's input schema, parsed, or null if there is no such tool or the caller may not see it
   * (a hidden tool is treated exactly as a missing one).
   */
  @Nullable JsonNode inputSchema(String name, CallerContext caller) {
    RegisteredTool tool = catalog.snapshot().get(name);
    return tool == null || !gates.listing(caller).test(tool)
        ? null : Json.MAPPER.readTree(tool.definition().inputSchema());
  }

  /**
   * Whether a caller could read a resource URI: it resolves to a resource or template the caller
   * sees. A hidden resource answers false exactly as a missing one.
   */
  boolean resourceVisible(String uri, CallerContext caller) {
    return features.offers("resources/read") && features.resolves(uri, caller);
  }

  /** Answers shaped for a 2026-07-28 request, written to {@code sink}. */
  MessageSink statelessReplies(MessageSink sink, @Nullable String method) {
    return new StatelessReplies(sink, method, serverInfo, settings.cacheTtl().toMillis());
  }

  private byte[] discover(JsonNode id) {
    ObjectNode result = Json.MAPPER.createObjectNode();
    ArrayNode versions = result.putArray("supportedVersions");
    McpGateway.ALL_PROTOCOL_VERSIONS.forEach(versions::add);
    ObjectNode advertised = capabilities.deepCopy();
    // No server-initiated log stream on 2026-07-28: log level comes with each request.
    features.advertise(advertised);
    if (!settings.taskSupport().isEmpty()) {
      advertised.putObject("extensions").putObject(TaskMethods.EXTENSION);
    }
    result.set("capabilities", advertised);
    if (settings.instructions() != null) {
      result.put("instructions", settings.instructions());
    }
    return JsonRpc.result(id, result);
  }

  private void notification(McpSession session, IncomingMessage message) {
    String method = message.method();
    if ("notifications/initialized".equals(method)) {
      session.markInitialized();
    } else if ("notifications/cancelled".equals(method)) {
      JsonNode params = message.params();
      JsonNode requestId = params == null ? null : params.get("requestId");
      if (requestId != null && (requestId.isString() || requestId.isIntegralNumber())) {
        session.cancel(requestKey(requestId));
      }
    }
    // Other notifications (roots/list_changed, progress for our requests) need no action.
  }

  private void request(
      McpSession session, CallerContext caller, IncomingMessage message, MessageSink sink) {
    JsonNode id = message.id();
    String method = message.method();
    if (id == null || method == null) {
      throw new IllegalStateException("a request has an id and a method");
    }
    JsonNode params = message.params();
    if (params != null && !params.isObject()) {
      sink.response(JsonRpc.error(id, ErrorCode.INVALID_PARAMS.jsonRpcCode(),
          "Invalid params: \"params\" must be an object"));
      return;
    }
    if (session.isStatelessRevision()) {
      if (removedInStatelessRevision(method) || "subscriptions/listen".equals(method)) {
        sink.response(JsonRpc.error(id, ErrorCode.METHOD_NOT_FOUND.jsonRpcCode(),
            "Method not found: " + clip(method)));
        return;
      }
      byte[] refused = statelessMeta(session, id, params);
      if (refused != null) {
        sink.response(refused);
        return;
      }
    } else if ("server/discover".equals(method)) {
      sink.response(JsonRpc.error(id, ErrorCode.METHOD_NOT_FOUND.jsonRpcCode(),
          "Method not found: " + clip(method)));
      return;
    }
    try {
      switch (method) {
        case "server/discover" -> sink.response(discover(id));
        case "initialize" -> sink.response(initialize(id, session, params));
        case "ping" -> sink.response(JsonRpc.result(id, Json.MAPPER.createObjectNode()));
        case "logging/setLevel" -> sink.response(setLevel(id, session, params));
        case "tools/list" -> sink.response(listTools(id, caller, params));
        case "tools/call" -> callTool(session, caller, id, params, sink);
        case "tasks/get", "tasks/update", "tasks/cancel" -> sink.response(
            session.isStatelessRevision()
                ? taskMethods.handle(method, id, params, session.clientCapabilities(), caller)
                : JsonRpc.error(id, ErrorCode.METHOD_NOT_FOUND.jsonRpcCode(),
                    "Method not found: " + method));
        default -> sink.response(features.offers(method)
            ? features.handle(method, id, params, caller, subscriptions(session),
                asks(session, caller, params, sink))
            : JsonRpc.error(id, ErrorCode.METHOD_NOT_FOUND.jsonRpcCode(),
                "Method not found: " + clip(method)));
      }
    } catch (RuntimeException broken) {
      // A broken dependency (a policy engine that throws): the request still gets its one
      // response, and the client learns nothing of the failure but where it was logged.
      String requestId = RequestIds.newRequestId();
      LOG.error("{} failed (request {})", clip(method), requestId, broken);
      sink.response(JsonRpc.error(id, ErrorCode.INTERNAL_ERROR.jsonRpcCode(),
          "Internal error; it was logged as request " + requestId + "."));
    }
  }

  private byte[] initialize(JsonNode id, McpSession session, @Nullable JsonNode params) {
    JsonNode requested = params == null ? null : params.get("protocolVersion");
    if (requested == null || !requested.isString()) {
      return invalidParams(id, "\"protocolVersion\" is required and must be a string");
    }
    if (params.has("capabilities") && !params.get("capabilities").isObject()) {
      return invalidParams(id, "\"capabilities\" must be an object");
    }
    String version =
        McpGateway.SUPPORTED_PROTOCOL_VERSIONS.contains(requested.asString())
            ? requested.asString()
            : McpGateway.LATEST_PROTOCOL_VERSION;
    session.protocolVersion(version);
    session.clientCapabilities(params.get("capabilities"));
    ObjectNode result = Json.MAPPER.createObjectNode();
    result.put("protocolVersion", version);
    // Resources, prompts and completions are advertised only while something is registered.
    ObjectNode advertised = capabilities.deepCopy();
    features.advertise(advertised);
    result.set("capabilities", advertised);
    result.set("serverInfo", serverInfo);
    if (settings.instructions() != null) {
      result.put("instructions", settings.instructions());
    }
    return JsonRpc.result(id, result);
  }

  private byte[] setLevel(JsonNode id, McpSession session, @Nullable JsonNode params) {
    JsonNode level = params == null ? null : params.get("level");
    if (level == null || !level.isString()) {
      return invalidParams(id, "\"level\" is required and must be a string");
    }
    LogLevel named = levelNamed(level.asString());
    if (named == null) {
      return invalidParams(id, "unknown log level \"" + clip(level.asString()) + "\"");
    }
    session.logLevel(named);
    return JsonRpc.result(id, Json.MAPPER.createObjectNode());
  }

  private static @Nullable LogLevel levelNamed(String wireName) {
    for (LogLevel level : LogLevel.values()) {
      if (level.wireName().equals(wireName)) {
        return level;
      }
    }
    return null;
  }

  private byte[] listTools(JsonNode id, CallerContext caller, @Nullable JsonNode params) {
    CatalogSnapshot tools = catalog.snapshot();
    int start = 0;
    AuditEvent.Builder event = AuditEvent.builder(
        RequestIds.newRequestId(), clock.instant(), AuditEvent.METHOD_TOOLS_LIST, caller);
    JsonNode cursor = params == null ? null : params.get("cursor");
    if (cursor != null && !cursor.isNull()) {
      String after = cursor.isString() ? Cursors.decode(cursor.asString()) : null;
      if (after == null) {
        record(event.outcome(AuditOutcome.INVALID).detail("reason", "invalid cursor"));
        return invalidParams(id, "invalid cursor");
      }
      start = tools.indexAfter(after);
      event.detail(AuditEvent.DETAIL_CURSOR, "true");
    }
    ObjectNode result = Json.MAPPER.createObjectNode();
    ArrayNode page = result.putArray("tools");
    Predicate<RegisteredTool> visible = gates.listing(caller);
    int limit = settings.pageSize();
    String last = null;
    int index = start;
    for (; index < tools.size() && page.size() < limit; index++) {
      RegisteredTool tool = tools.at(index);
      if (visible.test(tool)) {
        page.addRawValue(listing(tool));
        last = tool.name();
      }
    }
    boolean more = last != null && anyFrom(tools, index, visible);
    if (more) {
      result.put("nextCursor", Cursors.after(last));
    }
    record(event.detail(AuditEvent.DETAIL_TOOLS_LISTED, Integer.toString(page.size()))
        .detail(AuditEvent.DETAIL_HAS_MORE, Boolean.toString(more)));
    return JsonRpc.result(id, result);
  }

  /** The tool as its source's output schema mode advertises it. */
  private RawValue listing(RegisteredTool tool) {
    OutputContract output = tool.output();
    if (output == null) {
      return tool.listing();
    }
    return switch (outputSchemas(tool)) {
      case STRICT -> tool.listing();
      case LENIENT -> output.relaxedListing();
      case NONE -> output.bareListing();
    };
  }

  /** A tool's output schema mode: its source's, or strict for a tool implemented in Java. */
  private OutputSchemaMode outputSchemas(RegisteredTool tool) {
    String id = tool.definition().source();
    if (id == null) {
      return OutputSchemaMode.STRICT;
    }
    Source source = sources.get(id);
    return source == null ? Source.DEFAULT_OUTPUT_SCHEMAS : source.outputSchemas();
  }

  private static boolean anyFrom(
      CatalogSnapshot tools, int from, Predicate<RegisteredTool> visible) {
    for (int i = from; i < tools.size(); i++) {
      if (visible.test(tools.at(i))) {
        return true;
      }
    }
    return false;
  }

  private void callTool(
      McpSession session,
      CallerContext caller,
      JsonNode id,
      @Nullable JsonNode params,
      MessageSink sink) {
    long started = ticker.read();
    String requestId = RequestIds.newRequestId();
    AuditEvent.Builder event =
        AuditEvent.builder(requestId, clock.instant(), AuditEvent.METHOD_TOOLS_CALL, caller);
    JsonNode nameNode = params == null ? null : params.get("name");
    if (nameNode == null || !nameNode.isString()) {
      record(event.outcome(AuditOutcome.INVALID).detail("reason", "invalid name"));
      sink.response(invalidParams(id, "\"name\" is required and must be a string"));
      return;
    }
    String name = nameNode.asString();
    event.tool(clip(name));
    JsonNode argumentsNode = params.get("arguments");
    if (argumentsNode != null && !argumentsNode.isNull() && !argumentsNode.isObject()) {
      record(event.outcome(AuditOutcome.INVALID).detail("reason", "invalid arguments"));
      sink.response(invalidParams(id, "\"arguments\" must be an object"));
      return;
    }
    ObjectNode arguments =
        argumentsNode instanceof ObjectNode object ? object : Json.MAPPER.createObjectNode();
    JsonNode meta = params.get("_meta");
    JsonNode progressToken = meta == null ? null : meta.get("progressToken");
    if (progressToken != null && !(progressToken.isString() || progressToken.isIntegralNumber())) {
      record(event.outcome(AuditOutcome.INVALID).detail("reason", "invalid progress token"));
      sink.response(invalidParams(id, "\"progressToken\" must be a string or an integer"));
      return;
    }
    RegisteredTool tool = catalog.snapshot().get(name);
    if (tool == null) {
      event.gate(new GateOutcome(GateId.CATALOG, false, "unknown tool"));
      record(event.outcome(AuditOutcome.DENIED));
      sink.response(unknownTool(id, name));
      return;
    }
    event.source(tool.definition().source()).operation(tool.definition().operationId());
    if (settings.argumentAudit().enabled()) {
      event.detail(ArgumentAudit.DETAIL, settings.argumentAudit().record(arguments));
    }
    Verdict stopped;
    try {
      stopped = gates.check(caller, tool, arguments, event);
    } catch (RuntimeException broken) {
      record(event.outcome(AuditOutcome.ERROR));
      throw broken;
    }
    if (stopped != null) {
      record(event.outcome(
          stopped instanceof Verdict.Invalid ? AuditOutcome.INVALID : AuditOutcome.DENIED));
      sink.response(refusal(id, name, requestId, stopped));
      return;
    }

    TaskSupport support = settings.taskSupport().getOrDefault(name, TaskSupport.FORBIDDEN);
    if (session.isStatelessRevision() && support != TaskSupport.FORBIDDEN) {
      if (TaskMethods.declared(session.clientCapabilities())) {
        callAsCandidate(session, caller, id, tool, arguments, params, requestId, event, sink,
            started);
        return;
      }
      if (support == TaskSupport.REQUIRED) {
        record(event.outcome(AuditOutcome.INVALID)
            .detail("reason", "missing client capability " + TaskMethods.EXTENSION));
        sink.response(TaskMethods.extensionRequired(id));
        return;
      }
    }
    ActiveToolCall call =
        new ActiveToolCall(
            tool.definition(), arguments, caller, requestId, progressToken, session, sink);
    StatelessRound round = null;
    if (session.isStatelessRevision()) {
      Object begun = StatelessRound.begin(settings.requestStates(), caller, "tools/call", name,
          arguments, params, session.clientCapabilities());
      if (begun instanceof String problem) {
        record(event.outcome(AuditOutcome.INVALID).detail("reason", "invalid input responses"));
        sink.response(invalidParams(id, problem));
        return;
      }
      round = (StatelessRound) begun;
      call.client(round.client());
    } else {
      call.client(new SessionClientRequests(
          session, call::sendRequest, settings.clientRequestTimeout(), call::isCancelled, ticker));
    }
    CallAudit record = new CallAudit(event);
    String key = requestKey(id);
    if (!session.inFlight(key, call::cancel)) {
      // A request id must not be reused within a session; a second one in flight would take
      // over the first one's cancellation.
      record(event.outcome(AuditOutcome.INVALID).detail("reason", "request id already in flight"));
      sink.response(JsonRpc.error(id, ErrorCode.INVALID_REQUEST.jsonRpcCode(),
          "Invalid request: a request with this id is already in progress"));
      return;
    }
    ToolResult result;
    AuditOutcome outcome;
    String failure = null;
    try {
      result = tool.handler().call(call, record);
      if (result == null) {
        throw new IllegalStateException("the handler returned null");
      }
      AuditOutcome set = record.outcome();
      outcome = set != null ? set : result.isError() ? AuditOutcome.TOOL_ERROR : AuditOutcome.OK;
    } catch (InputRequired input) {
      if (round == null) {
        throw new IllegalStateException("only a 2026-07-28 call asks for input this way", input);
      }
      event.adapter(new AdapterOutcome(0, Duration.ofNanos(ticker.read() - started), 0, null));
      record(event.outcome(AuditOutcome.OK).detail("resultType", "input_required"));
      call.finish(JsonRpc.result(id, round.inputRequired(input)));
      return;
    } catch (MissingClientCapabilityException missing) {
      record(event.outcome(AuditOutcome.INVALID)
          .detail("reason", "missing client capability " + missing.capability().wireName()));
      call.finish(missingCapability(id, session, name, requestId, missing));
      return;
    } catch (ClientRequestFailedException unanswered) {
      // The client did not answer a question: the model should read why.
      LOG.debug("tool {} got no answer from its client (request {})", name, requestId);
      failure = unanswered.getClass().getSimpleName();
      result = ToolResult.error(unanswered.getMessage());
      outcome = AuditOutcome.TOOL_ERROR;
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      // A tool's bug, not the gateway's: the caller gets an isError result. Other VM errors
      // (out of memory) are not the tool's to absorb and propagate.
      LOG.warn("tool {} failed (request {})", name, requestId, e);
      failure = e.getClass().getSimpleName();
      result = ToolResult.error("The tool " + name + " failed; the error was logged as request "
          + requestId + ".");
      outcome = AuditOutcome.ERROR;
    } finally {
      session.done(key);
    }
    if (failure == null) {
      OutputConformance.Checked checked =
          OutputConformance.check(tool, outputSchemas(tool), result);
      result = checked.result();
      if (checked.note() != null) {
        event.detail(OutputConformance.DETAIL, checked.note());
        if (result.isError() && outcome == AuditOutcome.OK) {
          outcome = AuditOutcome.TOOL_ERROR;
        }
      }
    }
    AdapterOutcome adapter = record.adapter();
    event.adapter(adapter != null && failure == null
        ? adapter
        : new AdapterOutcome(0, Duration.ofNanos(ticker.read() - started), 0, failure));
    if (call.isCancelled()) {
      // The client cancelled: per the specification it expects no response, so none is sent.
      record(event.outcome(AuditOutcome.CANCELLED));
      call.abandon();
    } else {
      record(event.outcome(outcome));
      call.finish(JsonRpc.result(id, withRequestId(requestId, result)));
    }
  }

  // ---- tasks

  /** One call of a task-supporting tool: whether it became a task, and its request's answer. */
  private static final class Candidate {
    final java.util.concurrent.CompletableFuture<byte[]> answer =
        new java.util.concurrent.CompletableFuture<>();
    volatile java.util.concurrent.@Nullable Future<?> running;
    @Nullable Task task;

    synchronized @Nullable Task task() {
      return task;
    }
  }

  /**
   * Runs a call of a task-supporting tool whose client declared the tasks extension. The handler
   * runs on a task thread while the request waits for the first of: its result, an input-required
   * round (both answered as a direct call would be), or the handler handing itself to a task with
   * {@link ToolCall#continueAsTask()}, which answers the request with the task's envelope. The
   * call's audit event is recorded once, when it ends.
   */
  private void callAsCandidate(McpSession session, CallerContext caller, JsonNode id,
      RegisteredTool tool, ObjectNode arguments, JsonNode params, String requestId,
      AuditEvent.Builder event, MessageSink sink, long started) {
    Object begun = StatelessRound.begin(settings.requestStates(), caller, "tools/call",
        tool.name(), arguments, params, session.clientCapabilities());
    if (begun instanceof String problem) {
      record(event.outcome(AuditOutcome.INVALID).detail("reason", "invalid input responses"));
      sink.response(invalidParams(id, problem));
      return;
    }
    StatelessRound round = (StatelessRound) begun;
    JsonNode meta = params.get("_meta");
    JsonNode progressToken = meta == null ? null : meta.get("progressToken");
    // Progress and log notifications reach the request until the call becomes a task.
    ActiveToolCall call = new ActiveToolCall(
        tool.definition(), arguments, caller, requestId, progressToken, session, sink);
    call.client(round.client());
    Candidate candidate = new Candidate();
    call.escalation(() -> {
      synchronized (candidate) {
        if (candidate.task != null) {
          return true;
        }
        Task task = settings.tasks().create(TaskMethods.owner(caller));
        if (task == null) {
          LOG.warn("too many tasks: tool {} goes on within its request {}", tool.name(),
              requestId);
          return false;
        }
        event.detail("taskId", task.id());
        call.abandon();
        call.client(new TaskClientRequests(task, session.clientCapabilities()));
        task.onCancel(() -> {
          call.cancel();
          java.util.concurrent.Future<?> running = candidate.running;
          if (running != null) {
            running.cancel(true);
          }
        });
        candidate.task = task;
        ObjectNode created = task.envelope();
        created.put("resultType", "task");
        candidate.answer.complete(JsonRpc.result(id, created));
        return true;
      }
    });
    candidate.running = taskThreads.submit(() -> {
      try {
        runCandidate(candidate, round, session, tool, call, id, event, started);
      } finally {
        // Whatever escaped (a VM error), the request gets its one answer.
        candidate.answer.complete(JsonRpc.error(id, ErrorCode.INTERNAL_ERROR.jsonRpcCode(),
            "Internal error; it was logged as request " + requestId + "."));
      }
    });
    byte[] answer;
    try {
      answer = candidate.answer.get();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      call.cancel();
      candidate.running.cancel(true);
      return;
    } catch (java.util.concurrent.ExecutionException impossible) {
      throw new IllegalStateException("the answer is never completed exceptionally", impossible);
    }
    sink.response(answer);
  }

  /** A candidate's handler, on a task thread, to its end. */
  private void runCandidate(Candidate candidate, StatelessRound round, McpSession session,
      RegisteredTool tool, ActiveToolCall call, JsonNode id, AuditEvent.Builder event,
      long started) {
    String name = tool.name();
    String requestId = call.requestId();
    CallAudit record = new CallAudit(event);
    ToolResult result;
    AuditOutcome outcome;
    String failure = null;
    try {
      result = tool.handler().call(call, record);
      if (result == null) {
        throw new IllegalStateException("the handler returned null");
      }
      AuditOutcome set = record.outcome();
      outcome = set != null ? set : result.isError() ? AuditOutcome.TOOL_ERROR : AuditOutcome.OK;
    } catch (InputRequired input) {
      event.adapter(new AdapterOutcome(0, Duration.ofNanos(ticker.read() - started), 0, null));
      record(event.outcome(AuditOutcome.OK).detail("resultType", "input_required"));
      candidate.answer.complete(JsonRpc.result(id, round.inputRequired(input)));
      return;
    } catch (MissingClientCapabilityException missing) {
      String capability = missing.capability().wireName();
      record(event.outcome(AuditOutcome.INVALID)
          .detail("reason", "missing client capability " + capability));
      Task task = candidate.task();
      if (task == null) {
        candidate.answer.complete(missingCapability(id, session, name, requestId, missing));
      } else {
        task.fail(MISSING_CLIENT_CAPABILITY, "Missing required client capability: " + capability);
      }
      return;
    } catch (ClientRequestFailedException unanswered) {
      failure = unanswered.getClass().getSimpleName();
      result = ToolResult.error(unanswered.getMessage());
      outcome = AuditOutcome.TOOL_ERROR;
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      Task task = candidate.task();
      if (task != null && task.status() == Task.Status.CANCELLED) {
        record(event.outcome(AuditOutcome.CANCELLED));
        return;
      }
      LOG.warn("tool {} failed (request {})", name, requestId, e);
      failure = e.getClass().getSimpleName();
      if (task != null) {
        // A task's failure is the task's: it ends with a protocol error, logged.
        event.adapter(new AdapterOutcome(0, Duration.ofNanos(ticker.read() - started), 0,
            failure));
        record(event.outcome(AuditOutcome.ERROR));
        task.fail(ErrorCode.INTERNAL_ERROR.jsonRpcCode(), "The tool " + clip(name)
            + " failed; the error was logged as request " + requestId + ".");
        return;
      }
      result = ToolResult.error("The tool " + name + " failed; the error was logged as request "
          + requestId + ".");
      outcome = AuditOutcome.ERROR;
    }
    Task task = candidate.task();
    if (task != null && task.status() == Task.Status.CANCELLED) {
      record(event.outcome(AuditOutcome.CANCELLED));
      return;
    }
    if (failure == null) {
      OutputConformance.Checked checked =
          OutputConformance.check(tool, outputSchemas(tool), result);
      result = checked.result();
      if (checked.note() != null) {
        event.detail(OutputConformance.DETAIL, checked.note());
        if (result.isError() && outcome == AuditOutcome.OK) {
          outcome = AuditOutcome.TOOL_ERROR;
        }
      }
    }
    AdapterOutcome adapter = record.adapter();
    event.adapter(adapter != null && failure == null
        ? adapter
        : new AdapterOutcome(0, Duration.ofNanos(ticker.read() - started), 0, failure));
    record(event.outcome(outcome));
    if (task != null) {
      task.complete(withRequestId(requestId, result));
    } else {
      candidate.answer.complete(JsonRpc.result(id, withRequestId(requestId, result)));
    }
  }

  /** A tool asked what the client did not declare it can answer. */
  static byte[] missingCapability(JsonNode id, McpSession session, String name,
      String requestId, MissingClientCapabilityException missing) {
    String capability = missing.capability().wireName();
    if (session.isStatelessRevision()) {
      ObjectNode data = Json.MAPPER.createObjectNode();
      data.putObject("requiredCapabilities").putObject(capability);
      return JsonRpc.error(id, MISSING_CLIENT_CAPABILITY,
          "Missing required client capability: " + capability, data);
    }
    return JsonRpc.result(id, withRequestId(requestId, ToolResult.error(
        "The tool " + clip(name) + " needs the client's " + capability + " capability, which "
            + "this client did not declare.")));
  }

  /** How a prompt handler of this request asks the client. */
  private Asks asks(McpSession session, CallerContext caller, @Nullable JsonNode params,
      MessageSink sink) {
    if (session.isStatelessRevision()) {
      return StatelessRound.asks(settings.requestStates(), caller,
          params == null ? Json.MAPPER.createObjectNode() : params, session.clientCapabilities());
    }
    return (method, target, arguments) -> new Asks.Ready(
        new SessionClientRequests(
            session, sink::request, settings.clientRequestTimeout(), session::isClosed, ticker),
        signal -> {
          throw new IllegalStateException("a session's requests are answered in place", signal);
        });
  }

  private static FeatureMethods.Subscriptions subscriptions(McpSession session) {
    return new FeatureMethods.Subscriptions() {
      @Override
      public void add(String uri) {
        session.subscribe(uri);
      }

      @Override
      public void remove(String uri) {
        session.unsubscribe(uri);
      }
    };
  }

  private void record(AuditEvent.Builder event) {
    try {
      audit.record(event.build());
    } catch (RuntimeException broken) {
      LOG.error("the audit sink threw despite its contract; event dropped", broken);
    }
  }

  /** The meta key under which a tool result carries the gateway's request id. */
  static final String REQUEST_ID_META = "dev.mcpgate/requestId";

  /** A result as JSON, tagged with the request id the audit trail knows the call by. */
  private static ObjectNode withRequestId(String requestId, ToolResult result) {
    ObjectNode node = toJson(result);
    node.putObject("_meta").put(REQUEST_ID_META, requestId);
    return node;
  }

  static ObjectNode toJson(ToolResult result) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    ArrayNode content = node.putArray("content");
    for (Content item : result.content()) {
      ContentJson.write(item, content.addObject());
    }
    if (result.structuredContent() != null) {
      node.set("structuredContent", result.structuredContent());
    }
    if (result.isError()) {
      node.put("isError", true);
    }
    return node;
  }

  private static String requestKey(JsonNode id) {
    return (id.isString() ? "s:" : "n:") + id.asString();
  }

  private static String clip(String text) {
    if (text.length() <= MAX_ECHOED_NAME) {
      return text;
    }
    // Never cut a surrogate pair in two: a lone surrogate is not valid Unicode for the client.
    int end = Character.isHighSurrogate(text.charAt(MAX_ECHOED_NAME - 1))
        ? MAX_ECHOED_NAME - 1 : MAX_ECHOED_NAME;
    return text.substring(0, end) + "...";
  }

  /** How a call stopped by a gate is answered. */
  private static byte[] refusal(JsonNode id, String name, String requestId, Verdict stopped) {
    String message;
    if (stopped instanceof Verdict.Hide) {
      // A tool the caller may not use answers exactly as a tool that does not exist.
      return unknownTool(id, name);
    } else if (stopped instanceof Verdict.Deny denied) {
      message = denied.message();
    } else if (stopped instanceof Verdict.Invalid invalid) {
      message = invalid.message();
    } else if (stopped instanceof Verdict.Limit limited) {
      message = limited.message();
    } else {
      throw new IllegalStateException("a passing verdict does not stop a call");
    }
    return JsonRpc.result(id, withRequestId(requestId, ToolResult.error(message)));
  }

  /** A JSON-RPC error -32602 for params that are not valid. */
  private static byte[] invalidParams(JsonNode id, String problem) {
    return JsonRpc.error(id, ErrorCode.INVALID_PARAMS.jsonRpcCode(), "Invalid params: " + problem);
  }

  /**
   * The answer to a call of a tool that does not exist, or that the caller may not see: the same
   * for both, so that a caller cannot tell them apart.
   */
  private static byte[] unknownTool(JsonNode id, String name) {
    return JsonRpc.error(id, ErrorCode.INVALID_PARAMS.jsonRpcCode(), "Unknown tool: " + clip(name));
  }
}
