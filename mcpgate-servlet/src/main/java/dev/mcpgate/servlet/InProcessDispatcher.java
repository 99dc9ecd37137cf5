package dev.mcpgate.servlet;

import dev.mcpgate.core.upstream.UpstreamDispatcher;
import dev.mcpgate.core.upstream.Headers;
import dev.mcpgate.core.upstream.UpstreamRequest;
import dev.mcpgate.core.upstream.UpstreamResponse;
import dev.mcpgate.servlet.internal.CapturedResponse;
import dev.mcpgate.servlet.internal.CurrentExchange;
import dev.mcpgate.servlet.internal.InProcessRequest;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the host application's own endpoints without a network hop: an {@link
 * UpstreamDispatcher} that forwards each upstream request, inside the servlet container, to the
 * servlet that answers its path.
 *
 * <pre>{@code
 * HttpUpstream self = HttpUpstream.builder()
 *     .credentials(secrets)
 *     .dispatcher(InProcessDispatcher.create())
 *     .build();
 * }</pre>
 *
 * <p><b>Where the call goes.</b> The target is the upstream request's raw path and query, with
 * only the origin removed, taken relative to the host application's context root: a tool whose
 * server URL is {@code http://localhost/api} and whose path is {@code /orders/{id}} reaches
 * {@code /api/orders/42} in the context the MCP endpoint is mounted in. The server URL's host is
 * not used for routing; nothing leaves the process.
 *
 * <p><b>What the application sees.</b> A forward ({@code DispatcherType.FORWARD}) whose request
 * is the upstream request alone: its method, path, query, headers (the injected credential
 * among them), body, cookies from its {@code Cookie} header, and parameters from its query and
 * form body. Nothing of the MCP request is visible: not its {@code Authorization}, cookies,
 * {@code MCP-*} or other headers, not its body, attributes or session, not the container's login
 * ({@code getUserPrincipal()}, {@code getRemoteUser()} and {@code getAuthType()} are null,
 * {@code isUserInRole} is false). The remote address is the server's own: the caller is the
 * gateway. A session, if the application asks for one, lasts for the call only. The
 * application's authentication filter must therefore be mapped for {@code FORWARD} as well as
 * {@code REQUEST} dispatches, or it never checks the injected credential (Spring Security's
 * filter chain is registered for every dispatcher type by default in Spring Boot 3).
 *
 * <p><b>What comes back.</b> The status, headers and body the application wrote, into a capture
 * that never touches the MCP response; the body is cut at the adapter's size cap. An exception
 * from the application is a 500, logged here and not shown to the caller; a path no servlet
 * answers is a 404.
 *
 * <p><b>Limits.</b> A call is dispatched only while mcpgate's transport handles the MCP request
 * on the same thread (it does so for every {@code tools/call}), and only before the MCP response
 * has started streaming: a Java tool that sends progress or log notifications, or asks the
 * client something, and then calls in-process fails with an error result. {@link #direct} has
 * no such limit. The target must answer synchronously (no {@code startAsync}) and multipart
 * bodies are not supported.
 *
 * <p>Thread-safe and stateless.
 */
public final class InProcessDispatcher implements UpstreamDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(InProcessDispatcher.class);

  private final @Nullable Servlet servlet;
  private final @Nullable String servletPath;

  private InProcessDispatcher(@Nullable Servlet servlet, @Nullable String servletPath) {
    this.servlet = servlet;
    this.servletPath = servletPath;
  }

  /**
   * A dispatcher into the servlet context of whichever MCP request is being handled.
   *
   * @return the dispatcher
   */
  public static InProcessDispatcher create() {
    return new InProcessDispatcher(null, null);
  }

  /**
   * A dispatcher that hands each request to one servlet directly, as if it were mapped at {@code
   * servletPath + "/*"}, without the container's forward: no filter runs, and the servlet must
   * not need the container's dispatching ({@code getRequestDispatcher}, {@code startAsync}).
   * The servlet sees the request as {@link #create()}'s would show it, with dispatcher type
   * {@code FORWARD}. Unlike a forward, it also works once the MCP response has started streaming
   * (after progress or log notifications, or a request to the client). A path outside {@code
   * servletPath} is a 404.
   *
   * @param servlet the servlet; it is not initialized here, so it must not need {@code init}
   * @param servletPath its mapping without {@code /*}, such as {@code /admin}
   * @return the dispatcher
   * @throws IllegalArgumentException if the path does not start with '/' or ends with it
   */
  public static InProcessDispatcher direct(Servlet servlet, String servletPath) {
    Objects.requireNonNull(servlet, "servlet");
    Objects.requireNonNull(servletPath, "servletPath");
    if (!servletPath.startsWith("/") || servletPath.endsWith("/")) {
      throw new IllegalArgumentException("servletPath must start with '/' and not end with it");
    }
    return new InProcessDispatcher(servlet, servletPath);
  }

  /**
   * Forwards a request to the host application and returns what it answered.
   *
   * @param request the upstream request, credential included
   * @param maxResponseBytes how much of the body to keep
   * @return the application's response
   * @throws IOException if no MCP request is being handled on this thread, or its response has
   *     already started
   */
  @Override
  public UpstreamResponse dispatch(UpstreamRequest request, int maxResponseBytes)
      throws IOException {
    CurrentExchange exchange = CurrentExchange.get();
    if (exchange == null) {
      throw new IOException("in-process dispatch works only while mcpgate's servlet transport"
          + " handles an MCP request on the calling thread");
    }
    if (servlet != null) {
      return direct(exchange, request, maxResponseBytes);
    }
    if (exchange.response().isCommitted()) {
      // A forward resets the container's response buffer, which a started response forbids.
      throw new IOException("in-process dispatch is not possible once the MCP response has"
          + " started streaming");
    }
    String path = request.uri().getRawPath();
    RequestDispatcher target;
    try {
      target = exchange.request().getServletContext()
          .getRequestDispatcher(path == null || path.isEmpty() ? "/" : path);
    } catch (IllegalArgumentException noServlet) {
      target = null;
    }
    if (target == null) {
      return new UpstreamResponse(404, Headers.empty(), new byte[0], false);
    }
    InProcessRequest forwarded = new InProcessRequest(exchange.request(), request);
    CapturedResponse captured = new CapturedResponse(exchange.response(), maxResponseBytes);
    try {
      target.forward(forwarded, captured);
    } catch (ServletException | IOException | RuntimeException failed) {
      // What a container would answer to an exception, without its detail for the caller.
      LOG.warn("the host application failed an in-process call to {}", request, failed);
      return new UpstreamResponse(500, Headers.empty(), new byte[0], false);
    }
    return captured.toUpstreamResponse();
  }

  private UpstreamResponse direct(CurrentExchange exchange, UpstreamRequest request,
      int maxResponseBytes) {
    String path = request.uri().getPath();
    if (path == null || !(path.equals(servletPath) || path.startsWith(servletPath + "/"))) {
      return new UpstreamResponse(404, Headers.empty(), new byte[0], false);
    }
    InProcessRequest handed = new InProcessRequest(exchange.request(), request, servletPath);
    CapturedResponse captured = new CapturedResponse(exchange.response(), maxResponseBytes);
    try {
      servlet.service(handed, captured);
    } catch (ServletException | IOException | RuntimeException failed) {
      LOG.warn("the host application failed an in-process call to {}", request, failed);
      return new UpstreamResponse(500, Headers.empty(), new byte[0], false);
    }
    return captured.toUpstreamResponse();
  }
}
