package dev.mcpgate.servlet.internal;

import dev.mcpgate.servlet.ServletInboundRequest;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.api.McpGateException.ErrorCode;
import dev.mcpgate.core.IncomingMessage;
import dev.mcpgate.core.McpEndpoint;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.McpProtocolException;
import dev.mcpgate.core.McpSession;
import dev.mcpgate.core.MessageSink;
import dev.mcpgate.core.SessionNotifier;
import dev.mcpgate.servlet.McpTransportConfig;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MCP Streamable HTTP over the servlet API: checks every request at the door (host, origin,
 * method, media types, protocol version, size, identity, session) and hands one JSON-RPC message
 * at a time to the engine. Thread-safe; one instance per mounted filter or servlet.
 */
public final class StreamableHttpTransport implements AutoCloseable {

  /** The session header. */
  public static final String SESSION_HEADER = "MCP-Session-Id";
  /** The protocol version header. */
  public static final String VERSION_HEADER = "MCP-Protocol-Version";
  /** The 2026-07-28 header naming the request's method. */
  public static final String METHOD_HEADER = "Mcp-Method";
  /** The 2026-07-28 header naming the tool, prompt or resource a request is about. */
  public static final String NAME_HEADER = "Mcp-Name";

  private static final Logger LOG = LoggerFactory.getLogger(StreamableHttpTransport.class);

  private final McpEndpoint endpoint;
  private final McpTransportConfig config;
  private final SessionRegistry sessions;
  private final ScheduledExecutorService timer;
  private final SessionNotifier sessionNotifier = this::notifySessions;
  private final @Nullable String resourceMetadata;
  private final WrongCredentials wrongCredentials;
  private final Map<ServerStream, Runnable> listens = new ConcurrentHashMap<>();

  /**
   * A transport for a gateway's endpoint.
   *
   * @param endpoint the gateway's endpoint
   * @param config the transport's configuration
   */
  public StreamableHttpTransport(McpEndpoint endpoint, McpTransportConfig config) {
    this.endpoint = endpoint;
    this.config = config;
    this.resourceMetadata =
        BearerChallenge.resourceMetadata(config.protectedResource().orElse(null));
    this.wrongCredentials = new WrongCredentials(endpoint.clock());
    this.sessions =
        new SessionRegistry(
            config.sessionIdleTimeout().toNanos(), config.maxSessions(), endpoint.ticker());
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            config.threadFactory().orElse(runnable -> {
              Thread thread = new Thread(runnable, "mcpgate-sessions");
              thread.setDaemon(true);
              return thread;
            }));
    long keepAlive = config.keepAliveInterval().toMillis();
    timer.scheduleWithFixedDelay(this::keepAlive, keepAlive, keepAlive, TimeUnit.MILLISECONDS);
    endpoint.onSessionNotification(sessionNotifier);
  }

  /**
   * The transport's configuration.
   *
   * @return the configuration
   */
  public McpTransportConfig config() {
    return config;
  }

  /**
   * Answers one HTTP request addressed to the MCP endpoint. Never lets an exception reach the
   * container: bad input gets a 4xx, a failure inside the gateway a bare 500.
   *
   * @param request the request
   * @param response the response
   * @throws IOException if the connection fails
   */
  public void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    try {
      dispatch(request, response);
    } catch (IOException e) {
      throw e;
    } catch (RuntimeException e) {
      LOG.error("MCP request failed inside the gateway", e);
      if (!response.isCommitted()) {
        response.reset();
        reject(response, 500, ErrorCode.INTERNAL_ERROR, "Internal error");
      }
    }
  }

  private void dispatch(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String host = request.getHeader("Host");
    if (host == null || !config.isHostAllowed(host)) {
      refuse(request, response, 403, ErrorCode.INVALID_REQUEST, "Forbidden: Host not allowed");
      return;
    }
    String origin = request.getHeader("Origin");
    if (origin != null && !config.isOriginAllowed(origin)) {
      refuse(request, response, 403, ErrorCode.INVALID_REQUEST, "Forbidden: Origin not allowed");
      return;
    }
    switch (request.getMethod()) {
      case "POST" -> post(request, response);
      case "GET" -> get(request, response);
      case "DELETE" -> delete(request, response);
      default -> {
        response.setHeader("Allow", config.stateless() ? "POST" : "GET, POST, DELETE");
        refuse(request, response, 405, ErrorCode.INVALID_REQUEST, "Method not allowed");
      }
    }
  }

  private void post(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!isJson(request.getContentType())) {
      refuse(request, response, 415, ErrorCode.INVALID_REQUEST,
          "Unsupported Media Type: Content-Type must be application/json");
      return;
    }
    String accept = request.getHeader("Accept");
    if (!accepts(accept, "application/json") || !accepts(accept, "text/event-stream")) {
      refuse(request, response, 406, ErrorCode.INVALID_REQUEST,
          "Not Acceptable: Accept must allow application/json and text/event-stream");
      return;
    }
    String version = request.getHeader(VERSION_HEADER);
    if (version != null && McpEndpoint.isStatelessProtocolVersion(version)) {
      statelessPost(version, request, response);
      return;
    }
    if (version != null && !McpEndpoint.isSupportedProtocolVersion(version)) {
      unsupportedVersion(version, request, response);
      return;
    }
    CallerContext caller = authenticate(request, response);
    if (caller == null) {
      return;
    }
    byte[] body = readBody(request, response);
    if (body == null) {
      return;
    }
    IncomingMessage message;
    try {
      message = endpoint.parse(body);
    } catch (McpProtocolException e) {
      writeJson(response, 400, McpEndpoint.errorResponse(e.requestId(), e.code(), e.getMessage()));
      return;
    }

    if (config.stateless()) {
      answer(endpoint.statelessSession(version), caller, message, request, response);
      return;
    }
    String sessionId = request.getHeader(SESSION_HEADER);
    if (message.isInitialize()) {
      initialize(caller, message, response);
      return;
    }
    SessionState state = session(sessionId, caller, response);
    if (state != null) {
      state.session.touch(endpoint.ticker().read());
      answer(state.session, caller, message, request, response);
    }
  }

  /**
   * A version the gateway does not speak: the 2026-07-28 error that lists the ones it does,
   * carrying the request's id when the body has one.
   */
  private void unsupportedVersion(
      String version, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    byte[] body = readBody(request, response);
    if (body == null) {
      return;
    }
    JsonNode id = null;
    try {
      id = endpoint.parse(body).id();
    } catch (McpProtocolException e) {
      id = e.requestId();
    }
    writeJson(response, 400, McpEndpoint.unsupportedVersionResponse(id, version));
  }

  /**
   * A 2026-07-28 request: no sessions, the standard headers checked against the body, and the
   * status of an error chosen by its code.
   */
  private void statelessPost(
      String version, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    CallerContext caller = authenticate(request, response);
    if (caller == null) {
      return;
    }
    byte[] body = readBody(request, response);
    if (body == null) {
      return;
    }
    IncomingMessage message;
    try {
      message = endpoint.parse(body);
    } catch (McpProtocolException e) {
      writeJson(response, 400, McpEndpoint.errorResponse(e.requestId(), e.code(), e.getMessage()));
      return;
    }
    if (message.kind() == IncomingMessage.Kind.RESPONSE) {
      writeJson(response, 400, McpEndpoint.errorResponse(message.id(), ErrorCode.INVALID_REQUEST,
          "Invalid request: a 2026-07-28 client sends no responses"));
      return;
    }
    if (message.kind() == IncomingMessage.Kind.NOTIFICATION) {
      response.setStatus(202);
      response.setContentLength(0);
      return;
    }
    byte[] mismatch = McpEndpoint.checkRequestHeaders(
        message, request.getHeader(METHOD_HEADER), request.getHeader(NAME_HEADER));
    if (mismatch == null) {
      mismatch = endpoint.checkParameterHeaders(message, caller, request::getHeader);
    }
    if (mismatch != null) {
      writeJson(response, 400, mismatch);
      return;
    }
    McpSession session = endpoint.statelessSession(version);
    if ("subscriptions/listen".equals(message.method())) {
      listen(session, caller, message, request, response);
      return;
    }
    ResponseSink sink = new ResponseSink(response);
    CurrentExchange.during(request, response, () -> endpoint.handle(session, caller, message, sink));
    sink.finish();
  }

  /** A 2026-07-28 subscriptions/listen stream: open until the client closes it. */
  private void listen(McpSession session, CallerContext caller, IncomingMessage message,
      HttpServletRequest request,
      HttpServletResponse response) throws IOException {
    ListenSink sink = new ListenSink();
    Runnable end = endpoint.listen(session, caller, message, sink);
    if (end == null) {
      byte[] refusal = sink.refusal();
      writeJson(response, statusOf(sink.refusalCode()), refusal);
      return;
    }
    if (!request.isAsyncSupported()) {
      end.run();
      reject(response, 405, ErrorCode.INVALID_REQUEST,
          "Method not allowed: subscription streams need async support in the container");
      return;
    }
    response.setStatus(200);
    response.setContentType("text/event-stream;charset=utf-8");
    response.setHeader("Cache-Control", "no-cache");
    response.setHeader("X-Accel-Buffering", "no");
    AsyncContext async = request.startAsync();
    async.setTimeout(0);
    ServerStream stream = new ServerStream(async, response.getOutputStream());
    Runnable closed = () -> {
      end.run();
      listens.remove(stream);
      stream.close();
    };
    listens.put(stream, closed);
    sink.stream(stream, closed);
  }

  /** The HTTP status of a 2026-07-28 JSON-RPC error. */
  static int statusOf(int code) {
    return switch (code) {
      case -32601 -> 404;
      case -32700, -32600, -32602, -32020, -32021, -32022 -> 400;
      default -> 200;
    };
  }

  private void initialize(
      CallerContext caller, IncomingMessage message, HttpServletResponse response)
      throws IOException {
    if (!sessions.hasRoom()) {
      response.setHeader("Retry-After", "60");
      reject(response, 503, ErrorCode.INTERNAL_ERROR, "Service Unavailable: too many sessions");
      return;
    }
    McpSession session = endpoint.newSession(SessionRegistry.newId(), owner(caller));
    BufferingSink buffered = new BufferingSink();
    endpoint.handle(session, caller, message, buffered);
    // The engine sets the protocol version only when initialize succeeded.
    if (session.protocolVersion() != null) {
      sessions.add(new SessionState(session));
      response.setHeader(SESSION_HEADER, session.id());
    }
    writeJson(response, 200, buffered.response());
  }

  private void answer(
      McpSession session,
      CallerContext caller,
      IncomingMessage message,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    if (message.kind() != IncomingMessage.Kind.REQUEST) {
      endpoint.handle(session, caller, message, new BufferingSink());
      response.setStatus(202);
      response.setContentLength(0);
      return;
    }
    ResponseSink sink = new ResponseSink(response);
    // In-process dispatch forwards tool calls through this exchange; see InProcessDispatcher.
    CurrentExchange.during(request, response, () -> endpoint.handle(session, caller, message, sink));
    sink.finish();
  }

  private void get(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (config.stateless()) {
      response.setHeader("Allow", "POST");
      reject(response, 405, ErrorCode.INVALID_REQUEST,
          "Method not allowed: a stateless server has no server-to-client stream");
      return;
    }
    if (!accepts(request.getHeader("Accept"), "text/event-stream")) {
      reject(response, 406, ErrorCode.INVALID_REQUEST,
          "Not Acceptable: Accept must allow text/event-stream");
      return;
    }
    String version = request.getHeader(VERSION_HEADER);
    if (version != null && !McpEndpoint.isSupportedProtocolVersion(version)) {
      reject(response, 400, ErrorCode.INVALID_REQUEST, "Bad Request: unsupported MCP-Protocol-Version");
      return;
    }
    CallerContext caller = authenticate(request, response);
    if (caller == null) {
      return;
    }
    SessionState state = session(request.getHeader(SESSION_HEADER), caller, response);
    if (state == null) {
      return;
    }
    if (!request.isAsyncSupported()) {
      response.setHeader("Allow", "POST, DELETE");
      reject(response, 405, ErrorCode.INVALID_REQUEST,
          "Method not allowed: server-to-client streams need async support in the container");
      return;
    }
    response.setStatus(200);
    response.setContentType("text/event-stream;charset=utf-8");
    response.setHeader("Cache-Control", "no-cache");
    response.setHeader("X-Accel-Buffering", "no");
    AsyncContext async = request.startAsync();
    async.setTimeout(0);
    ServletOutputStream out = response.getOutputStream();
    ServerStream stream = new ServerStream(async, out);
    if (!state.addStream(stream, config.maxStreamsPerSession())) {
      stream.close();
      return;
    }
    stream.keepAlive();
  }

  private void delete(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (config.stateless()) {
      response.setHeader("Allow", "POST");
      reject(response, 405, ErrorCode.INVALID_REQUEST, "Method not allowed: no sessions to end");
      return;
    }
    CallerContext caller = authenticate(request, response);
    if (caller == null) {
      return;
    }
    SessionState state = session(request.getHeader(SESSION_HEADER), caller, response);
    if (state != null) {
      sessions.remove(state.session.id());
      response.setStatus(204);
    }
  }

  private @Nullable SessionState session(
      @Nullable String id, CallerContext caller, HttpServletResponse response) throws IOException {
    if (id == null || id.isEmpty()) {
      reject(response, 400, ErrorCode.INVALID_REQUEST, "Bad Request: missing MCP-Session-Id");
      return null;
    }
    SessionState state = sessions.find(id, endpoint.ticker().read());
    // A session presented by another identity answers exactly like an unknown one.
    if (state == null || !Objects.equals(state.session.owner(), owner(caller))) {
      reject(response, 404, ErrorCode.INVALID_REQUEST, "Not Found: session expired or unknown");
      return null;
    }
    return state;
  }

  private @Nullable CallerContext authenticate(
      HttpServletRequest request, HttpServletResponse response) throws IOException {
    IdentityResult result = wrongCredentials.judge(
        endpoint.authenticate(new ServletInboundRequest(request)), request);
    if (result instanceof IdentityResult.Authenticated authenticated) {
      return authenticated.caller();
    }
    RefusedAuthentication.record(endpoint, request, result);
    BearerChallenge challenge = BearerChallenge.of(result, resourceMetadata);
    response.setHeader("WWW-Authenticate", challenge.header());
    refuse(request, response, challenge.status(), ErrorCode.INVALID_REQUEST, challenge.message());
    return null;
  }

  /** The key a session is bound to: who opened it, never the credential they used. */
  private static @Nullable String owner(CallerContext caller) {
    if (caller.isAnonymous()) {
      return null;
    }
    return String.join("\u0000", caller.authMethod(), String.valueOf(caller.subject()),
        String.valueOf(caller.clientId()), String.valueOf(caller.agent()),
        String.valueOf(caller.workload()), String.valueOf(caller.tenant()),
        String.valueOf(caller.environment()));
  }

  private byte @Nullable [] readBody(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    long limit = config.maxBodyBytes();
    long declared = request.getContentLengthLong();
    if (declared > limit) {
      response.setHeader("Connection", "close");
      reject(response, 413, ErrorCode.INVALID_REQUEST,
          "Payload Too Large: the limit is " + limit + " bytes");
      return null;
    }
    if (declared >= 0 && declared <= Integer.MAX_VALUE - 8) {
      // The usual case: a declared length within the limit, read straight into its array.
      // The container ends the stream at the declared length.
      try (InputStream in = request.getInputStream()) {
        return in.readNBytes((int) declared);
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
    byte[] buffer = new byte[8192];
    try (InputStream in = request.getInputStream()) {
      int read;
      while ((read = in.read(buffer)) != -1) {
        if (body.size() + read > limit) {
          response.setHeader("Connection", "close");
          reject(response, 413, ErrorCode.INVALID_REQUEST,
              "Payload Too Large: the limit is " + limit + " bytes");
          return null;
        }
        body.write(buffer, 0, read);
      }
    }
    return body.toByteArray();
  }

  private static boolean isJson(@Nullable String contentType) {
    if (contentType == null) {
      return false;
    }
    String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
    if (!parts[0].strip().equals("application/json")) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip();
      if (parameter.startsWith("charset=")) {
        String charset = parameter.substring("charset=".length()).replace("\"", "");
        if (!charset.equals("utf-8")) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether an Accept header admits a media type (wildcards count, q=0 excludes). */
  static boolean accepts(@Nullable String accept, String mediaType) {
    if (accept == null) {
      return false;
    }
    String type = mediaType.substring(0, mediaType.indexOf('/'));
    for (String range : accept.toLowerCase(Locale.ROOT).split(",")) {
      String[] parts = range.split(";");
      String value = parts[0].strip();
      boolean excluded = false;
      for (int i = 1; i < parts.length; i++) {
        String parameter = parts[i].strip().replace(" ", "");
        if (parameter.matches("q=0(\\.0*)?")) {
          excluded = true;
        }
      }
      if (!excluded
          && (value.equals(mediaType) || value.equals(type + "/*") || value.equals("*/*"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Refuses a request whose body was not read. A small body is drained first so the connection
   * stays usable for the client's next request; a large one is not read at all, and the
   * connection is closed instead.
   */
  private void refuse(
      HttpServletRequest request, HttpServletResponse response, int status, ErrorCode code,
      String message) throws IOException {
    long declared = request.getContentLengthLong();
    if (declared > config.maxBodyBytes()) {
      response.setHeader("Connection", "close");
    } else if (declared != 0) {
      try (InputStream in = request.getInputStream()) {
        long drained = 0;
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) != -1) {
          drained += read;
          if (drained > config.maxBodyBytes()) {
            response.setHeader("Connection", "close");
            break;
          }
        }
      }
    }
    reject(response, status, code, message);
  }

  private static void reject(HttpServletResponse response, int status, ErrorCode code, String message)
      throws IOException {
    writeJson(response, status, McpEndpoint.errorResponse(null, code, message));
  }

  private static void writeJson(HttpServletResponse response, int status, byte[] json)
      throws IOException {
    response.setStatus(status);
    // One call with a full, common value: containers cache it; setCharacterEncoding rebuilds
    // the header and costs as much as writing a small response.
    response.setContentType("application/json;charset=utf-8");
    response.setContentLength(json.length);
    ServletOutputStream out = response.getOutputStream();
    out.write(json);
    out.flush();
  }

  private void keepAlive() {
    try {
      long now = endpoint.ticker().read();
      sessions.forEach(state -> state.keepAlive(now));
      listens.forEach((stream, closed) -> {
        if (!stream.keepAlive()) {
          closed.run();
        }
      });
      sessions.sweep(now);
    } catch (RuntimeException e) {
      LOG.warn("session upkeep failed", e);
    }
  }

  /** Tool, resource and prompt list changes, and updates of subscribed resources. */
  private void notifySessions(byte[] notification, Predicate<McpSession> recipients) {
    sessions.forEach(state -> {
      if (recipients.test(state.session)) {
        state.broadcast(notification);
      }
    });
  }

  /** Ends every session and stops the upkeep timer. */
  @Override
  public void close() {
    endpoint.removeSessionNotification(sessionNotifier);
    timer.shutdownNow();
    sessions.closeAll();
    listens.values().forEach(Runnable::run);
  }

  /** Writes plain JSON for a lone response, or switches to SSE once a notification comes first. */
  private static final class ResponseSink implements MessageSink {
    private final HttpServletResponse response;
    private @Nullable ServletOutputStream sse;
    private byte @Nullable [] pending;
    private int status = 200;
    private boolean broken;

    ResponseSink(HttpServletResponse response) {
      this.response = response;
    }

    @Override
    public void notification(byte[] json) {
      write(json);
    }

    @Override
    public void response(byte[] json) {
      if (sse == null) {
        pending = json;
      } else {
        write(json);
      }
    }

    @Override
    public void errorResponse(int code, byte[] json) {
      status = statusOf(code);
      response(json);
    }

    private void write(byte[] json) {
      if (broken) {
        return;
      }
      try {
        if (sse == null) {
          response.setStatus(200);
          response.setContentType("text/event-stream;charset=utf-8");
          response.setHeader("Cache-Control", "no-cache");
          response.setHeader("X-Accel-Buffering", "no");
          sse = response.getOutputStream();
        }
        sse.write(Sse.event(json));
        sse.flush();
      } catch (IOException clientGone) {
        // The client hung up; the call still completes and is audited, its answer is dropped.
        broken = true;
      }
    }

    void finish() throws IOException {
      if (pending != null) {
        writeJson(response, status, pending);
      } else if (sse == null) {
        // A cancelled request gets no response; the exchange still has to end.
        response.setStatus(202);
        response.setContentLength(0);
      }
    }
  }

  /** Keeps the response of a request answered without streaming. */
  private static final class BufferingSink implements MessageSink {
    private byte @Nullable [] response;

    @Override
    public void notification(byte[] json) {
      // initialize sends no notifications; anything else would have nowhere to go.
    }

    @Override
    public void response(byte[] json) {
      this.response = json;
    }

    byte[] response() {
      if (response == null) {
        throw new IllegalStateException("the engine sent no response");
      }
      return response;
    }
  }
}
