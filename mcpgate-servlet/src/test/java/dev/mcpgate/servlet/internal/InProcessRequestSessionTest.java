package dev.mcpgate.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.core.upstream.Headers;
import dev.mcpgate.core.upstream.UpstreamRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.net.URI;
import org.junit.jupiter.api.Test;

class InProcessRequestSessionTest {

  private final InProcessRequest request = new InProcessRequest(mcpRequest(),
      new UpstreamRequest("GET", URI.create("http://localhost/api/orders"), Headers.empty(), null, null));

  @Test
  void aSessionAskedForAfterInvalidationIsANewOne() {
    HttpSession first = request.getSession();
    first.setAttribute("user", "before");
    first.invalidate();

    // Session fixation protection does exactly this: invalidate, then ask for a new session.
    HttpSession second = request.getSession();

    assertThat(second).isNotNull().isNotSameAs(first);
    assertThat(second.getId()).isNotEqualTo(first.getId());
    assertThat(second.getAttribute("user")).isNull();
  }

  @Test
  void afterInvalidationThereIsNoSessionUntilOneIsAskedFor() {
    request.getSession().invalidate();

    assertThat(request.getSession(false)).isNull();
  }

  /** The MCP request: only its servlet context is asked for, and it has none here. */
  private static HttpServletRequest mcpRequest() {
    return (HttpServletRequest) Proxy.newProxyInstance(
        HttpServletRequest.class.getClassLoader(),
        new Class<?>[] {HttpServletRequest.class},
        (proxy, method, args) -> null);
  }
}
