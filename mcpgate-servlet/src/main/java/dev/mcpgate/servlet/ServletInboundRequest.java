package dev.mcpgate.servlet;

import dev.mcpgate.api.InboundRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Adapts a servlet request to the SPI's {@link InboundRequest}, so that an {@code
 * IdentityResolver} can read it: the transport uses it, and so can another servlet of the host
 * app (or of {@code mcpgate-admin}) that authenticates its callers with the same resolvers.
 * Reads the request lazily; use it on the request's own thread. Client certificates come from
 * the container's {@code jakarta.servlet.request.X509Certificate} attribute.
 */
public final class ServletInboundRequest implements InboundRequest {

  private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

  private final HttpServletRequest request;

  /**
   * Wraps a request.
   *
   * @param request the servlet request
   */
  public ServletInboundRequest(HttpServletRequest request) {
    this.request = request;
  }

  @Override
  public String method() {
    return request.getMethod();
  }

  @Override
  public String path() {
    return request.getRequestURI();
  }

  @Override
  public @Nullable String header(String name) {
    return request.getHeader(name);
  }

  @Override
  public List<String> headers(String name) {
    return Collections.list(request.getHeaders(name));
  }

  @Override
  public List<X509Certificate> clientCertificates() {
    Object chain = request.getAttribute(CERTIFICATES);
    return chain instanceof X509Certificate[] certificates ? List.of(certificates) : List.of();
  }

  @Override
  public @Nullable String remoteAddress() {
    return request.getRemoteAddr();
  }
}
