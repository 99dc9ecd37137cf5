package dev.mcpgate.api;

import java.security.cert.X509Certificate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A transport-neutral view of an inbound request, as much of it as an {@link IdentityResolver}
 * needs. The servlet module adapts {@code HttpServletRequest} to it; tests build their own.
 *
 * <p>Implementations are used by one thread at a time.
 */
public interface InboundRequest {

  /**
   * The HTTP method.
   *
   * @return such as {@code POST}
   */
  String method();

  /**
   * The request path, without query string.
   *
   * @return the path
   */
  String path();

  /**
   * The first value of a header, matched case-insensitively.
   *
   * @param name the header's name
   * @return its first value, or null if absent
   */
  @Nullable String header(String name);

  /**
   * Every value of a header, matched case-insensitively.
   *
   * @param name the header's name
   * @return its values, empty if absent
   */
  List<String> headers(String name);

  /**
   * The client certificate chain of a mutually authenticated TLS connection.
   *
   * @return the chain, leaf first; empty when the connection did not present one
   */
  default List<X509Certificate> clientCertificates() {
    return List.of();
  }

  /**
   * The remote peer's address as the container sees it.
   *
   * @return an IP address literal, or null if unknown
   */
  default @Nullable String remoteAddress() {
    return null;
  }
}
