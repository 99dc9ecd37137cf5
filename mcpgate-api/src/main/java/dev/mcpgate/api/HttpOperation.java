package dev.mcpgate.api;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How an API-backed tool is called upstream: the HTTP method, the server, the path template
 * and where each argument goes. Only the gateway builds the request from it; no argument can
 * change the scheme, host or route.
 *
 * @param method the HTTP method, upper case
 * @param serverUrl the base URL, with server variables already resolved
 * @param pathTemplate the path template, such as {@code /repos/{owner}/{repo}}
 * @param parameters where each argument goes
 * @param bodyMediaType the request body's media type (JSON, form-urlencoded, multipart), or
 *     null when the operation has no body
 */
public record HttpOperation(
    String method,
    String serverUrl,
    String pathTemplate,
    List<ParameterBinding> parameters,
    @Nullable String bodyMediaType) {

  /** Validates, normalizes and copies the fields. */
  public HttpOperation {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(serverUrl, "serverUrl");
    Objects.requireNonNull(pathTemplate, "pathTemplate");
    method = method.toUpperCase(Locale.ROOT);
    if (!method.matches("[A-Z]+")) {
      throw new IllegalArgumentException("not an HTTP method: '" + method + "'");
    }
    if (!pathTemplate.startsWith("/")) {
      throw new IllegalArgumentException("a path template starts with '/': " + pathTemplate);
    }
    parameters = List.copyOf(parameters);
  }
}
