package dev.mcpgate.servlet.internal;

import dev.mcpgate.servlet.ProtectedResourceMetadata;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Serves the protected resource metadata document at {@code /.well-known/oauth-protected-resource}
 * and at the path RFC 9728 §3.1 forms from the resource (the well-known prefix followed by the
 * resource's path). The document is public, so it needs no credential, is cacheable and may be
 * read from any origin. Immutable and thread-safe.
 */
public final class MetadataEndpoint {

  private final String suffixedPath;
  private final byte[] document;

  /**
   * An endpoint for a document.
   *
   * @param metadata the metadata
   */
  public MetadataEndpoint(ProtectedResourceMetadata metadata) {
    this.suffixedPath = metadata.metadataPath();
    this.document = metadata.toJson().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Whether a path, relative to the context path, names the document.
   *
   * @param path such as {@code /.well-known/oauth-protected-resource/mcp}
   * @return true if this endpoint answers it
   */
  public boolean matches(String path) {
    return path.equals(ProtectedResourceMetadata.WELL_KNOWN_PATH) || path.equals(suffixedPath);
  }

  /**
   * Answers a request for the document: {@code GET} and {@code HEAD} get it, {@code OPTIONS} a
   * CORS preflight answer, anything else 405.
   *
   * @param request the request
   * @param response the response
   * @throws IOException if the connection fails
   */
  public void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setHeader("Access-Control-Allow-Origin", "*");
    switch (request.getMethod()) {
      case "GET", "HEAD" -> {
        response.setStatus(200);
        response.setContentType("application/json;charset=utf-8");
        response.setHeader("Cache-Control", "public, max-age=3600");
        response.setContentLength(document.length);
        if (request.getMethod().equals("GET")) {
          response.getOutputStream().write(document);
        }
      }
      case "OPTIONS" -> {
        response.setHeader("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
        response.setHeader("Access-Control-Allow-Headers", "*");
        response.setHeader("Access-Control-Max-Age", "86400");
        response.setStatus(204);
      }
      default -> {
        response.setHeader("Allow", "GET, HEAD, OPTIONS");
        response.setStatus(405);
        response.setContentLength(0);
      }
    }
  }
}
