package dev.mcpgate.core;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditSink;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.IdentityResolver;
import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.api.InboundRequest;
import dev.mcpgate.api.McpGateException.ErrorCode;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.internal.Json;
import dev.mcpgate.core.internal.JsonRpc;
import dev.mcpgate.core.limits.RateLimitDecision;
import dev.mcpgate.core.limits.RateLimiter;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The entry point of a transport into a gateway: the transport SPI. A transport (the servlet
 * module's Streamable HTTP, or a custom one such as stdio or a message queue) gets the endpoint
 * of the gateway it serves with {@link McpGateway#endpoint()} and, for each message a client
 * sends:
 *
 * <ol>
 *   <li>authenticates the client with {@link #authenticate(InboundRequest)} (no caller: answer
 *       "unauthorized" the transport's way, and {@link #record(AuditEvent) record} the refusal);
 *   <li>parses the message with {@link #parse(byte[])};
 *   <li>finds the client's {@link McpSession}: a new one for {@code initialize} ({@link
 *       #newSession(String, String)}), the one its session id names otherwise, or a fresh one per
 *       message when the transport keeps no sessions ({@link #statelessSession(String)});
 *   <li>hands the message to {@link #handle(McpSession, CallerContext, IncomingMessage,
 *       MessageSink)}, which writes the answer to a {@link MessageSink} of the transport's.
 * </ol>
 *
 * <p>A transport with server-to-client streams also registers a {@link SessionNotifier} with
 * {@link #onSessionNotification(SessionNotifier)} to deliver what the gateway announces on its
 * own (list changes, resource updates).
 *
 * <p>Everything a transport needs from the gateway is here, and nothing an embedding user
 * needs: registering tools, resources, prompts and sources stays on {@link McpGateway}.
 *
 * <p>Thread-safe: one instance serves every request of every transport mounted on the gateway.
 */
public final class McpEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(McpEndpoint.class);

  private final Engine engine;
  private final IdentityResolver identity;
  private final RateLimiter rateLimiter;
  private final AuditSink audit;
  private final Clock clock;
  private final Ticker ticker;
  private final List<SessionNotifier> notifiers = new CopyOnWriteArrayList<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  McpEndpoint(
      Engine engine,
      IdentityResolver identity,
      RateLimiter rateLimiter,
      AuditSink audit,
      Clock clock,
      Ticker ticker) {
    this.engine = engine;
    this.identity = identity;
    this.rateLimiter = rateLimiter;
    this.audit = audit;
    this.clock = clock;
    this.ticker = ticker;
  }

  /**
   * Authenticates the client that sent a request, with the gateway's {@link IdentityResolver}.
   *
   * @param request the request as the transport received it
   * @return who sent it, or why not
   */
  public IdentityResult authenticate(InboundRequest request) {
    return identity.resolve(Objects.requireNonNull(request, "request"));
  }

  /**
   * Takes one call from a caller's allowance with the gateway's rate limiter (gate 6). A
   * transport that fronts the host application's own routes counts each of their requests as a
   * call of a tool, so that a client's MCP and REST calls share one allowance.
   *
   * @param caller who calls
   * @param tool what the call counts as
   * @return whether the call may proceed, or when to retry
   */
  public RateLimitDecision acquire(CallerContext caller, ToolDefinition tool) {
    return rateLimiter.acquire(
        Objects.requireNonNull(caller, "caller"), Objects.requireNonNull(tool, "tool"));
  }

  /**
   * Records an audit event the transport decided on its own (an authentication refusal, a
   * request to the host application's routes) in the gateway's audit sink, beside the
   * gateway's. Never throws: a sink that breaks its contract is logged and the event dropped.
   *
   * @param event the event
   */
  public void record(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    try {
      audit.record(event);
    } catch (RuntimeException broken) {
      LOG.error("the audit sink threw despite its contract; event dropped", broken);
    }
  }

  /**
   * The clock the gateway stamps audit events with; a transport's own events use it too.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * The ticker the gateway measures elapsed time with; a transport measures session idle time
   * and request latency with it, and passes its readings to {@link McpSession#touch(long)}.
   *
   * @return the ticker
   */
  public Ticker ticker() {
    return ticker;
  }

  /**
   * Parses one JSON-RPC message from a client.
   *
   * @param body the message, UTF-8 JSON
   * @return the message
   * @throws McpProtocolException if it is not one valid JSON-RPC message; its message is safe to
   *     send to the client, and {@link #errorResponse} makes the answer
   */
  public IncomingMessage parse(byte[] body) {
    return JsonRpc.parse(Objects.requireNonNull(body, "body"));
  }

  /**
   * Opens a session for a client that sent {@code initialize}. The session counts as open once
   * {@link #handle handling} the {@code initialize} request set its {@link
   * McpSession#protocolVersion() protocol version}; a transport keeps it only then.
   *
   * @param id the session id the transport issued, such as {@code MCP-Session-Id}
   * @param owner a key for the identity that opened it (never a credential), or null when
   *     anonymous; the transport refuses the session to any other identity
   * @return the session
   */
  public McpSession newSession(String id, @Nullable String owner) {
    Objects.requireNonNull(id, "id");
    return new McpSession(id, owner, null, ticker.read());
  }

  /**
   * A session for one request of a transport that keeps no sessions.
   *
   * @param protocolVersion the version the client announced, or null for {@link
   *     McpGateway#DEFAULT_HTTP_PROTOCOL_VERSION}
   * @return the session, already initialized
   */
  public McpSession statelessSession(@Nullable String protocolVersion) {
    return new McpSession(
        null,
        null,
        protocolVersion == null ? McpGateway.DEFAULT_HTTP_PROTOCOL_VERSION : protocolVersion,
        ticker.read());
  }

  /**
   * Handles one message. For a request, writes its notifications and then one response to
   * {@code sink}, on the calling thread (no response if the client cancelled the request); for a
   * notification or response, writes nothing. Never throws for bad input: that is answered as a
   * JSON-RPC error or an {@code isError} result. A broken dependency (a policy engine that
   * throws) is answered as JSON-RPC error -32603 without detail, and logged.
   *
   * @param session the session the message belongs to
   * @param caller who sent it, as {@link #authenticate(InboundRequest)} found
   * @param message the message
   * @param sink where the answer goes
   */
  public void handle(
      McpSession session, CallerContext caller, IncomingMessage message, MessageSink sink) {
    engine.handle(
        Objects.requireNonNull(session, "session"),
        Objects.requireNonNull(caller, "caller"),
        Objects.requireNonNull(message, "message"),
        Objects.requireNonNull(sink, "sink"));
  }

  /**
   * Opens a 2026-07-28 {@code subscriptions/listen} subscription: checks the request, writes
   * {@code notifications/subscriptions/acknowledged} to {@code stream} and from then on each
   * notification the client asked for (tool, prompt and resource list changes, updates of the
   * resources it named), tagged with the subscription's id, until the returned handle is run. A
   * refused request gets its error response on {@code stream} (through {@link
   * MessageSink#errorResponse(int, byte[])}) and no handle.
   *
   * <p>Policy applies to the resources named: a URI the caller could not read because nothing
   * serves it, or because only resources hidden from the caller do, is left out of the
   * acknowledged subscriptions alike, and an update is delivered only while the caller still
   * sees the resource; a hidden resource is indistinguishable from a missing one.
   *
   * @param session the request's session, from {@link #statelessSession(String)}
   * @param caller who listens, as {@link #authenticate(InboundRequest)} found
   * @param message the {@code subscriptions/listen} request
   * @param stream where the stream's messages go; called from the threads that make changes
   * @return what ends the subscription, or null if it was refused
   */
  public @Nullable Runnable listen(
      McpSession session, CallerContext caller, IncomingMessage message, MessageSink stream) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(stream, "stream");
    MessageSink replies = engine.statelessReplies(stream, message.method());
    JsonNode id = message.id();
    if (id == null || !"subscriptions/listen".equals(message.method())
        || !session.isStatelessRevision()) {
      throw new IllegalArgumentException("not a 2026-07-28 subscriptions/listen request");
    }
    JsonNode params = message.params();
    byte[] refused = params != null && !params.isObject()
        ? JsonRpc.error(id, ErrorCode.INVALID_PARAMS.jsonRpcCode(),
            "Invalid params: \"params\" must be an object")
        : engine.statelessMeta(session, id, params);
    JsonNode filter = params == null ? null : params.get("notifications");
    if (refused == null && !(filter instanceof ObjectNode)) {
      refused = JsonRpc.error(id, ErrorCode.INVALID_PARAMS.jsonRpcCode(),
          "Invalid params: \"notifications\" must be an object");
    }
    if (refused != null) {
      replies.response(refused);
      return null;
    }
    ObjectNode agreed = Json.MAPPER.createObjectNode();
    for (String flag : List.of("toolsListChanged", "promptsListChanged", "resourcesListChanged")) {
      if (filter.path(flag).asBoolean(false)) {
        agreed.put(flag, true);
      }
    }
    java.util.Set<String> uris = new java.util.HashSet<>();
    if (filter.get("resourceSubscriptions") instanceof tools.jackson.databind.node.ArrayNode named) {
      tools.jackson.databind.node.ArrayNode kept = agreed.putArray("resourceSubscriptions");
      named.forEach(uri -> {
        if (uri.isString() && engine.resourceVisible(uri.asString(), caller)
            && uris.add(uri.asString())) {
          kept.add(uri.asString());
        }
      });
    }
    Listener listener =
        new Listener(id, agreed, uris, uri -> engine.resourceVisible(uri, caller), stream);
    ObjectNode ack = Json.MAPPER.createObjectNode();
    ack.putObject("_meta").set(SUBSCRIPTION_ID, id);
    ack.set("notifications", agreed);
    stream.notification(JsonRpc.notification("notifications/subscriptions/acknowledged", ack));
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

  /** One open subscriptions/listen stream and what it asked for. */
  private record Listener(JsonNode id, ObjectNode agreed, java.util.Set<String> uris,
      Predicate<String> visible, MessageSink stream) {

    void deliver(String method, ObjectNode params) {
      boolean wanted = switch (method) {
        case "notifications/tools/list_changed" -> agreed.has("toolsListChanged");
        case "notifications/prompts/list_changed" -> agreed.has("promptsListChanged");
        case "notifications/resources/list_changed" -> agreed.has("resourcesListChanged");
        case "notifications/resources/updated" -> uris.contains(params.path("uri").asString(""))
            && visible.test(params.path("uri").asString(""));
        default -> false;
      };
      if (!wanted) {
        return;
      }
      ObjectNode tagged = params.deepCopy();
      JsonNode meta = tagged.get("_meta");
      (meta instanceof ObjectNode object ? object : tagged.putObject("_meta"))
          .set(SUBSCRIPTION_ID, id);
      try {
        stream.notification(JsonRpc.notification(method, tagged));
      } catch (RuntimeException broken) {
        LOG.warn("a subscription stream failed", broken);
      }
    }
  }

  /**
   * Adds a receiver of the notifications the gateway pushes to sessions on its own: tool,
   * resource and prompt list changes and updates of subscribed resources. A transport with
   * server-to-client streams registers one.
   *
   * @param notifier the receiver
   */
  public void onSessionNotification(SessionNotifier notifier) {
    notifiers.add(Objects.requireNonNull(notifier, "notifier"));
  }

  /**
   * Removes a receiver added with {@link #onSessionNotification(SessionNotifier)}, such as a
   * transport's when it is shut down.
   *
   * @param notifier the receiver
   * @return true if it was registered
   */
  public boolean removeSessionNotification(SessionNotifier notifier) {
    return notifiers.remove(notifier);
  }

  /** Sends a notification to the registered receivers, for the sessions {@code to} accepts. */
  void notifySessions(String method, ObjectNode params, Predicate<McpSession> to) {
    for (Listener listener : listeners) {
      listener.deliver(method, params);
    }
    if (notifiers.isEmpty()) {
      return;
    }
    byte[] notification = JsonRpc.notification(method, params);
    for (SessionNotifier notifier : notifiers) {
      try {
        notifier.notify(notification, to);
      } catch (RuntimeException broken) {
        LOG.error("a session notifier threw despite its contract", broken);
      }
    }
  }

  void notifyAllSessions(String method) {
    notifySessions(method, Json.MAPPER.createObjectNode(), session -> true);
  }

  /**
   * A JSON-RPC error response, for errors a transport finds before the engine runs (a message
   * that does not parse, a missing session).
   *
   * @param id the request's id, or null when unknown
   * @param code the error code
   * @param message a message safe for the client
   * @return the response's bytes
   */
  public static byte[] errorResponse(@Nullable JsonNode id, ErrorCode code, String message) {
    return JsonRpc.error(id, code.jsonRpcCode(), message);
  }

  /**
   * The answer to a request of a protocol version the gateway does not speak: 2026-07-28's
   * {@code UnsupportedProtocolVersionError} (-32022), listing the versions it does.
   *
   * @param id the request's id, or null when unknown
   * @param requested the version the request named
   * @return the response's bytes
   */
  public static byte[] unsupportedVersionResponse(@Nullable JsonNode id, String requested) {
    ObjectNode data = Json.MAPPER.createObjectNode();
    McpGateway.ALL_PROTOCOL_VERSIONS.forEach(data.putArray("supported")::add);
    data.put("requested", requested);
    return JsonRpc.error(id, Engine.UNSUPPORTED_PROTOCOL_VERSION,
        "Unsupported protocol version", data);
  }

  /**
   * Checks the request headers 2026-07-28 requires on HTTP against the body: {@code Mcp-Method}
   * on every request, and {@code Mcp-Name} on {@code tools/call}, {@code prompts/get} (the
   * name), {@code resources/read} (the URI) and {@code tasks/get}, {@code tasks/update} and
   * {@code tasks/cancel} (the task id), decoding the {@code =?base64?...?=} form.
   *
   * @param message the parsed request
   * @param method the {@code Mcp-Method} header, or null when absent
   * @param name the {@code Mcp-Name} header, or null when absent
   * @return null if they match, else the {@code HeaderMismatch} (-32020) error response
   */
  public static byte @Nullable [] checkRequestHeaders(
      IncomingMessage message, @Nullable String method, @Nullable String name) {
    String problem = RequestHeaders.problem(message, method, name);
    return problem == null ? null
        : JsonRpc.error(message.id(), Engine.HEADER_MISMATCH, "Header mismatch: " + problem);
  }

  /**
   * Checks the {@code Mcp-Param-*} headers of a 2026-07-28 {@code tools/call} against its
   * arguments, for the parameters the tool's input schema marks with {@code x-mcp-header}
   * (decoding the {@code =?base64?...?=} form; numbers compared as numbers).
   *
   * <p>A tool the caller may not see is treated as one that does not exist: its headers are not
   * checked, so that the call answers exactly as a call of an unknown tool.
   *
   * @param message the parsed request
   * @param caller who calls, as {@link #authenticate(InboundRequest)} found
   * @param headers the request's headers by name, case-insensitive; null when absent
   * @return null if they match (or the call names no such tool the caller sees), else the {@code
   *     HeaderMismatch} (-32020) error response
   */
  public byte @Nullable [] checkParameterHeaders(
      IncomingMessage message, CallerContext caller, Function<String, @Nullable String> headers) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(headers, "headers");
    JsonNode params = message.params();
    if (!"tools/call".equals(message.method()) || params == null
        || !params.path("name").isString()) {
      return null;
    }
    JsonNode schema = engine.inputSchema(params.path("name").asString(), caller);
    JsonNode arguments = params.get("arguments");
    if (schema == null || arguments == null || !arguments.isObject()) {
      return null;
    }
    String problem = RequestHeaders.parameterProblem(schema, arguments, headers);
    return problem == null ? null
        : JsonRpc.error(message.id(), Engine.HEADER_MISMATCH, "Header mismatch: " + problem);
  }

  /**
   * Whether a version is the stateless revision, 2026-07-28.
   *
   * @param version the version
   * @return true for {@link McpGateway#STATELESS_PROTOCOL_VERSION}
   */
  public static boolean isStatelessProtocolVersion(String version) {
    return McpGateway.STATELESS_PROTOCOL_VERSION.equals(version);
  }

  /**
   * Whether a protocol version is one the gateway accepts.
   *
   * @param version the version
   * @return true if it is in {@link McpGateway#SUPPORTED_PROTOCOL_VERSIONS}
   */
  public static boolean isSupportedProtocolVersion(String version) {
    return McpGateway.SUPPORTED_PROTOCOL_VERSIONS.contains(version);
  }
}
