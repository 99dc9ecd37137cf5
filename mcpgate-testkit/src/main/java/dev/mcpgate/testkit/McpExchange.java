package dev.mcpgate.testkit;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One HTTP exchange with an MCP endpoint, as it went over the wire: the status, the headers, the
 * raw body, and the JSON-RPC messages it carried (one for a JSON answer, several for an SSE
 * stream).
 *
 * @param status the HTTP status
 * @param headers the response headers, names in lower case
 * @param body the raw response body as text
 * @param messages the JSON-RPC messages in the body, in order
 */
public record McpExchange(
    int status, Map<String, List<String>> headers, String body, List<JsonNode> messages) {

  /** Copies the collections. */
  public McpExchange {
    headers = Map.copyOf(headers);
    messages = List.copyOf(messages);
  }

  /**
   * The first value of a response header.
   *
   * @param name the header's name, any case
   * @return the value, if present
   */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * Whether the answer came as an SSE stream.
   *
   * @return true for {@code text/event-stream}
   */
  public boolean isSse() {
    return header("Content-Type").map(type -> type.startsWith("text/event-stream")).orElse(false);
  }

  /**
   * The JSON-RPC response among the messages (the one with an id and a result or error).
   *
   * @return the response, or null if the exchange carried none
   */
  public @Nullable JsonNode response() {
    for (JsonNode message : messages) {
      if (message.has("id") && (message.has("result") || message.has("error"))) {
        return message;
      }
    }
    return null;
  }

  /**
   * The notifications among the messages, in order.
   *
   * @return the notifications
   */
  public List<JsonNode> notifications() {
    return messages.stream().filter(message -> !message.has("id")).toList();
  }
}
