package dev.mcpgate.core.internal.asks;

import dev.mcpgate.core.client.ClientRequests;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How the requests of one client request reach the client, for handlers other than tools
 * (prompts): made by the engine per request, which knows the revision and the session.
 */
@FunctionalInterface
public interface Asks {

  /**
   * Starts the asks of one request.
   *
   * @param method the request's method
   * @param target the prompt's name or the resource's URI
   * @param arguments the request's arguments, which a request state is bound to
   * @return the handler's requests, or why the retry's answers are refused
   */
  Begun begin(String method, String target, JsonNode arguments);

  /** The outcome of {@link #begin}. */
  sealed interface Begun {}

  /**
   * The handler may ask.
   *
   * @param client what the handler asks through
   * @param inputRequired the input-required result when the handler's run ends with {@link
   *     InputRequired}; null on a revision with sessions, where it cannot
   */
  record Ready(ClientRequests client, Function<InputRequired, ObjectNode> inputRequired)
      implements Begun {}

  /**
   * The retry's answers or request state are refused.
   *
   * @param problem why, safe to tell the client
   */
  record Refused(String problem) implements Begun {}

  /**
   * Asks for requests that cannot ask anything.
   *
   * @return the asks
   */
  static Asks none() {
    return (method, target, arguments) -> new Ready(ClientRequests.unsupported(), signal -> {
      throw new IllegalStateException("nothing was asked", signal);
    });
  }
}
