package dev.mcpgate.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * The MCP request the transport is answering on this thread, so that in-process dispatch can
 * forward a tool call inside the container. Set only while the engine handles one request
 * synchronously on the container's thread; a tool handler running elsewhere sees none.
 */
public final class CurrentExchange {

  private static final ThreadLocal<@Nullable CurrentExchange> CURRENT = new ThreadLocal<>();

  private final HttpServletRequest request;
  private final HttpServletResponse response;

  private CurrentExchange(HttpServletRequest request, HttpServletResponse response) {
    this.request = request;
    this.response = response;
  }

  /**
   * The exchange being answered on this thread.
   *
   * @return the exchange, or null outside the handling of an MCP request
   */
  public static @Nullable CurrentExchange get() {
    return CURRENT.get();
  }

  /**
   * Makes an exchange current for the duration of {@code work}, restoring whatever was current
   * before (a forward that reaches another MCP endpoint nests).
   *
   * @param request the MCP request
   * @param response its response
   * @param work what runs while the exchange is current
   */
  static void during(HttpServletRequest request, HttpServletResponse response, Runnable work) {
    CurrentExchange previous = CURRENT.get();
    CURRENT.set(new CurrentExchange(request, response));
    try {
      work.run();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  /**
   * The MCP request.
   *
   * @return the request
   */
  public HttpServletRequest request() {
    return request;
  }

  /**
   * The MCP request's response, which in-process dispatch must never write to.
   *
   * @return the response
   */
  public HttpServletResponse response() {
    return response;
  }
}
