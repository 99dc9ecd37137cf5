package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.api.AuthRequirement;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.upstream.Headers;
import dev.mcpgate.core.upstream.UpstreamRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * The adapter's first step: builds the upstream request from the tool's {@link HttpOperation}
 * and the validated arguments ({@link RequestBuilder}), then drops every header that carries a
 * credential ({@code Authorization}, {@code Proxy-Authorization}) and every header a detected
 * API-key requirement of the tool uses: only the injector may put a credential on the request.
 * An argument the request cannot carry is {@link AdapterExit.InvalidArguments}, before anything
 * is resolved or sent. Stateless and thread-safe.
 */
public final class RequestStep {

  private static final List<String> CREDENTIAL_HEADERS =
      List.of("Authorization", "Proxy-Authorization");

  private RequestStep() {}

  /** What building the request came to. */
  public sealed interface Result permits Built, AdapterExit.InvalidArguments {}

  /**
   * The request, without any credential.
   *
   * @param request the request
   */
  public record Built(UpstreamRequest request) implements Result {
    /** Validates the fields. */
    public Built {
      Objects.requireNonNull(request, "request");
    }
  }

  /**
   * Builds a call's request.
   *
   * @param tool the tool, for its detected auth requirements
   * @param http the tool's HTTP binding
   * @param arguments the validated arguments
   * @return the request, or why the arguments cannot make one
   */
  public static Result build(ToolDefinition tool, HttpOperation http, ObjectNode arguments) {
    RequestBuilder.Built built = RequestBuilder.attempt(http, arguments);
    if (built instanceof RequestBuilder.Built.Refused refused) {
      // The builder's reasons name the argument, never its value.
      return new AdapterExit.InvalidArguments(refused.reason());
    }
    UpstreamRequest request = ((RequestBuilder.Built.Request) built).request();
    List<String> dropped = new ArrayList<>(CREDENTIAL_HEADERS);
    for (AuthRequirement requirement : tool.auth()) {
      if (requirement instanceof AuthRequirement.ApiKey key) {
        dropped.add(key.name());
      }
    }
    Headers kept = request.headers().withoutAny(dropped);
    return new Built(kept == request.headers()
        ? request
        : new UpstreamRequest(
            request.method(), request.uri(), kept, request.body(), request.contentType()));
  }
}
