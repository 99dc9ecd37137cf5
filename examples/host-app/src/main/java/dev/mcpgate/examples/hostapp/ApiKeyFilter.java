package dev.mcpgate.examples.hostapp;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * An application's own authentication: every request must carry its API key in a header. The
 * host app maps it for {@code REQUEST} and {@code FORWARD} dispatches, so in-process MCP tool
 * calls are checked exactly like calls from outside. Thread-safe.
 */
final class ApiKeyFilter implements Filter {

  private final String header;
  private final byte[] key;

  ApiKeyFilter(String header, String key) {
    this.header = header;
    this.key = key.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String presented = ((HttpServletRequest) request).getHeader(header);
    // Constant-time, so response timing does not reveal how much of a guess was right.
    if (presented != null
        && MessageDigest.isEqual(key, presented.getBytes(StandardCharsets.UTF_8))) {
      chain.doFilter(request, response);
      return;
    }
    HttpServletResponse http = (HttpServletResponse) response;
    http.setStatus(401);
    http.setContentType("application/json");
    http.getOutputStream().write(("{\"error\":\"missing or wrong " + header + "\"}")
        .getBytes(StandardCharsets.UTF_8));
  }
}
