package dev.mcpgate.core.upstream;

import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An upstream HTTP request built from a tool's binding and its validated arguments, before any
 * credential is added: the auth injector for the binding's method adds it afterwards.
 *
 * @param method the HTTP method
 * @param uri the absolute target, whose scheme, host and port are the binding's server URL's
 * @param headers the header fields, in order; a value with a CR, LF or other control character,
 *     or outside ISO-8859-1, is refused before anything is sent
 * @param body the body bytes, or null for none
 * @param contentType the body's media type, or null for none
 */
public record UpstreamRequest(
    String method,
    URI uri,
    Headers headers,
    byte @Nullable [] body,
    @Nullable String contentType) {

  /** Validates the fields. */
  public UpstreamRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(headers, "headers");
    if ((body == null) != (contentType == null)) {
      throw new IllegalArgumentException("a body needs a content type, and only a body has one");
    }
  }

  /**
   * Shows method and target without the query string, which may carry argument values, and
   * without user information.
   */
  @Override
  public String toString() {
    // Host and port only: user information in the authority would be a credential.
    return "UpstreamRequest[" + method + " " + uri.getScheme() + "://" + uri.getHost()
        + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + uri.getRawPath() + "]";
  }
}
