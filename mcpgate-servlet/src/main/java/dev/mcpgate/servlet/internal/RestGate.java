package dev.mcpgate.servlet.internal;

import dev.mcpgate.servlet.ServletInboundRequest;
import dev.mcpgate.api.AdapterOutcome;
import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.GateId;
import dev.mcpgate.api.GateOutcome;
import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.McpEndpoint;
import dev.mcpgate.core.RequestIds;
import dev.mcpgate.core.Ticker;
import dev.mcpgate.core.limits.RateLimitDecision;
import dev.mcpgate.servlet.ProtectedResourceMetadata;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door of the host application's own routes when the filter fronts them: the gateway's
 * identity resolver, rate limiter and audit sink, applied to one REST request before the
 * application sees it. Thread-safe.
 */
public final class RestGate {

  /** The audit method of a REST request. */
  public static final String METHOD = "rest";

  private static final Logger LOG = LoggerFactory.getLogger(RestGate.class);
  private static final CallerContext NOBODY =
      CallerContext.anonymous().toBuilder().surface("rest").build();

  private final McpEndpoint endpoint;
  private final Clock clock;
  private final WrongCredentials wrongCredentials;
  private final Ticker ticker;
  private final @Nullable String resourceMetadata;
  private final ToolDefinition restCall;
  private final String attribute;

  /**
   * A gate for a gateway's endpoint.
   *
   * @param endpoint whose identity resolver, rate limiter, audit sink, clock and ticker apply
   * @param metadata the protected resource metadata the challenges name, or null
   * @param restCallName the name a REST request is rate limited under
   * @param attribute the request attribute that carries the caller to the application
   */
  public RestGate(
      McpEndpoint endpoint,
      @Nullable ProtectedResourceMetadata metadata,
      String restCallName,
      String attribute) {
    this.endpoint = endpoint;
    this.clock = endpoint.clock();
    this.wrongCredentials = new WrongCredentials(clock);
    this.ticker = endpoint.ticker();
    this.resourceMetadata = BearerChallenge.resourceMetadata(metadata);
    this.restCall = ToolDefinition.builder(restCallName)
        .description("A request to the host application's own routes")
        .build();
    this.attribute = attribute;
  }

  /**
   * Authenticates, limits and records one request, and passes it down the chain if it may
   * proceed; otherwise answers it.
   *
   * @param request the request
   * @param response the response
   * @param chain the rest of the chain
   * @throws IOException if the connection or the application fails
   * @throws ServletException if the application fails
   */
  public void filter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    long started = ticker.read();
    String requestId = RequestIds.newRequestId();
    String httpMethod = request.getMethod();
    String path = withoutPathParameters(request.getRequestURI());
    IdentityResult result;
    try {
      result = wrongCredentials.judge(endpoint.authenticate(new ServletInboundRequest(request)), request);
    } catch (RuntimeException broken) {
      LOG.error("identity resolver failed on a REST request (request {})", requestId, broken);
      record(event(requestId, NOBODY, httpMethod, path)
          .gate(new GateOutcome(GateId.IDENTITY, false, "resolver failed")).outcome(AuditOutcome.ERROR));
      problem(response, 500, "Internal Server Error",
          "logged as request " + requestId);
      return;
    }
    if (!(result instanceof IdentityResult.Authenticated authenticated)) {
      BearerChallenge challenge = BearerChallenge.of(result, resourceMetadata);
      record(event(requestId, NOBODY, httpMethod, path)
          .gate(new GateOutcome(GateId.IDENTITY, false, reason(result))).outcome(AuditOutcome.DENIED));
      response.setHeader("WWW-Authenticate", challenge.header());
      problem(response, challenge.status(), challenge.status() == 403 ? "Forbidden" : "Unauthorized",
          null);
      return;
    }
    CallerContext caller = restCaller(authenticated.caller());
    AuditEvent.Builder event = event(requestId, caller, httpMethod, path)
        .gate(new GateOutcome(GateId.IDENTITY, true, caller.authMethod()));
    RateLimitDecision decision;
    try {
      decision = endpoint.acquire(caller, restCall);
    } catch (RuntimeException broken) {
      LOG.error("rate limiter failed on a REST request (request {})", requestId, broken);
      record(event.gate(new GateOutcome(GateId.RATE_LIMIT, false, "limiter failed")).outcome(AuditOutcome.ERROR));
      problem(response, 500, "Internal Server Error", "logged as request " + requestId);
      return;
    }
    if (decision instanceof RateLimitDecision.Limited limited) {
      long seconds = limited.retryAfterSeconds();
      record(event.gate(new GateOutcome(GateId.RATE_LIMIT, false, limited.limit())).outcome(AuditOutcome.DENIED));
      response.setHeader("Retry-After", Long.toString(seconds));
      problem(response, 429, "Too Many Requests", "retry after " + seconds + " s");
      return;
    }
    event.gate(new GateOutcome(GateId.RATE_LIMIT, true, "within limits"));
    request.setAttribute(attribute, caller);
    boolean async = false;
    try {
      chain.doFilter(request, response);
      if (request.isAsyncStarted()) {
        request.getAsyncContext().addListener(new Completion(event, started, response));
        async = true;
      }
    } catch (IOException | ServletException | RuntimeException | Error failed) {
      record(event.adapter(new AdapterOutcome(
              500, Duration.ofNanos(ticker.read() - started), 0,
              failed.getClass().getSimpleName()))
          .outcome(AuditOutcome.ERROR));
      throw failed;
    }
    if (!async) {
      record(answered(event, started, response));
    }
  }

  /** The context with the {@code rest} surface, unless the resolver chose a surface of its own. */
  private static CallerContext restCaller(CallerContext caller) {
    return "mcp".equals(caller.surface())
        ? caller.toBuilder().surface("rest").build()
        : caller;
  }

  /**
   * The URI without its path parameters: {@code ;jsessionid=...} carries a session token, which
   * must not reach the audit trail.
   */
  static String withoutPathParameters(String uri) {
    int semicolon = uri.indexOf(';');
    if (semicolon < 0) {
      return uri;
    }
    StringBuilder path = new StringBuilder(uri.length());
    int from = 0;
    while (semicolon >= 0) {
      path.append(uri, from, semicolon);
      int slash = uri.indexOf('/', semicolon);
      if (slash < 0) {
        return path.toString();
      }
      from = slash;
      semicolon = uri.indexOf(';', from);
    }
    return path.append(uri, from, uri.length()).toString();
  }

  private static String reason(IdentityResult result) {
    if (result instanceof IdentityResult.Rejected rejected) {
      return rejected.insufficientScope() ? "insufficient_scope" : "invalid_token";
    }
    return "no credential";
  }

  private AuditEvent.Builder event(
      String requestId, CallerContext caller, String httpMethod, String path) {
    return AuditEvent.builder(requestId, clock.instant(), METHOD, caller)
        .detail("httpMethod", httpMethod)
        .detail("path", path);
  }

  private AuditEvent.Builder answered(
      AuditEvent.Builder event, long started, HttpServletResponse response) {
    long bytes = 0;
    String length = response.getHeader("Content-Length");
    if (length != null) {
      try {
        bytes = Math.max(0, Long.parseLong(length.strip()));
      } catch (NumberFormatException ignored) {
        // An odd header the application set; the size stays unknown.
      }
    }
    int status = response.getStatus();
    return event.adapter(new AdapterOutcome(
            status, Duration.ofNanos(ticker.read() - started), bytes, null))
        .outcome(AuditOutcome.OK);
  }

  private void record(AuditEvent.Builder event) {
    try {
      endpoint.record(event.build());
    } catch (RuntimeException broken) {
      // The contract says sinks never throw; one that does must not fail the request.
      LOG.warn("audit sink failed", broken);
    }
  }

  private static void problem(
      HttpServletResponse response, int status, String title, @Nullable String detail)
      throws IOException {
    StringBuilder json = new StringBuilder("{\"title\":\"").append(title)
        .append("\",\"status\":").append(status);
    if (detail != null) {
      json.append(",\"detail\":\"").append(detail).append('"');
    }
    byte[] body = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("application/problem+json");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** Records an asynchronous request once the application has finished it. */
  private final class Completion implements AsyncListener {
    private final AuditEvent.Builder event;
    private final long started;
    private final HttpServletResponse response;

    Completion(AuditEvent.Builder event, long started, HttpServletResponse response) {
      this.event = event;
      this.started = started;
      this.response = response;
    }

    @Override
    public void onComplete(AsyncEvent done) {
      record(answered(event, started, response));
    }

    @Override
    public void onTimeout(AsyncEvent done) {
      // onComplete follows.
    }

    @Override
    public void onError(AsyncEvent done) {
      // onComplete follows.
    }

    @Override
    public void onStartAsync(AsyncEvent done) {
      done.getAsyncContext().addListener(this);
    }
  }
}
