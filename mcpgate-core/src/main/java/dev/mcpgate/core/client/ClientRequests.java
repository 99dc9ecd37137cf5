package dev.mcpgate.core.client;

import dev.mcpgate.core.internal.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a running tool asks its client: elicitation, sampling and roots, the same way on both
 * protocol revisions. Get one from {@link dev.mcpgate.core.ToolCall#client()}.
 *
 * <p><b>How an answer arrives.</b> On a 2025-11-25 session (and 2025-06-18, 2025-03-26) {@link
 * #ask(Map)} sends the client one request per entry on the call's response stream and blocks
 * until the client answers them. On 2026-07-28 there are no server-to-client requests: {@code
 * ask} ends the run of the tool, the call is answered with an input-required result listing the
 * requests, and when the client retries with the answers the tool runs again from the start and
 * the same {@code ask} returns them. A tool must therefore do nothing before an {@code ask} that
 * it cannot do twice, and must not catch the {@link RuntimeException} by which {@code ask} ends
 * a run. The answers given so far travel back to the client inside an integrity-protected
 * request state (HMAC, bound to the caller, the tool and its arguments, expiring, used once), so
 * a retry can neither forge nor replay them.
 *
 * <p>Keys name the requests: the same key asks the same question, and its answer is returned
 * under it. Before asking, check {@link #supports(ClientCapability)}: a client that did not
 * declare a capability cannot be asked what needs it ({@link MissingClientCapabilityException}).
 *
 * <p>Belongs to one call; used by the thread running the tool.
 */
public interface ClientRequests {

  /**
   * Whether the client declared a capability, so that requests needing it may be asked. False
   * when the transport cannot carry requests to the client (a stateless 2025 transport).
   *
   * @param capability the capability
   * @return true if it may be asked
   */
  boolean supports(ClientCapability capability);

  /**
   * Asks the client several things at once and returns its answers: each key's result object
   * ({@code ElicitResult}, {@code CreateMessageResult} or {@code ListRootsResult}).
   *
   * @param requests the requests by key; keys are non-empty and unique
   * @return the answers by key, one for every request
   * @throws MissingClientCapabilityException if the client lacks a capability a request needs
   * @throws ClientRequestFailedException if the client answered with an error, not in time, or
   *     its session ended
   */
  Map<String, JsonNode> ask(Map<String, ClientRequest> requests);

  /**
   * Asks the client one thing.
   *
   * @param key names the request
   * @param request the request
   * @return the client's result object
   * @throws MissingClientCapabilityException if the client lacks the capability it needs
   * @throws ClientRequestFailedException as {@link #ask(Map)}
   */
  default JsonNode ask(String key, ClientRequest request) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(request, "request");
    Map<String, ClientRequest> one = new LinkedHashMap<>();
    one.put(key, request);
    return ask(one).get(key);
  }

  /**
   * Asks the user, through the client, to fill in a form.
   *
   * @param key names the request
   * @param message what to ask
   * @param requestedSchema the answer's schema: an object with primitive properties
   * @return the user's answer
   * @throws MissingClientCapabilityException if the client does not support elicitation
   * @throws ClientRequestFailedException as {@link #ask(Map)}
   */
  default Elicitation elicit(String key, String message, ObjectNode requestedSchema) {
    return Elicitation.of(ask(key, ClientRequest.elicitation(message, requestedSchema)));
  }

  /**
   * Asks the user, through the client, to confirm something, such as a change about to be
   * made. Check {@code supports(ClientCapability.ELICITATION)} first: without elicitation there
   * is no one to ask.
   *
   * @param key names the request
   * @param message what the user confirms
   * @return true only if the user accepted and ticked "confirm"
   * @throws MissingClientCapabilityException if the client does not support elicitation
   * @throws ClientRequestFailedException as {@link #ask(Map)}
   */
  default boolean confirm(String key, String message) {
    ObjectNode schema = Json.MAPPER.createObjectNode();
    schema.put("type", "object");
    ObjectNode confirm = schema.putObject("properties").putObject("confirm");
    confirm.put("type", "boolean");
    confirm.put("title", "Confirm");
    schema.putArray("required").add("confirm");
    Elicitation answer = elicit(key, message, schema);
    return answer.accepted()
        && answer.content() != null
        && answer.content().path("confirm").asBoolean(false);
  }

  /**
   * The requests of a call that cannot reach its client: nothing is supported.
   *
   * @return requests that support nothing
   */
  static ClientRequests unsupported() {
    return new ClientRequests() {
      @Override
      public boolean supports(ClientCapability capability) {
        return false;
      }

      @Override
      public Map<String, JsonNode> ask(Map<String, ClientRequest> requests) {
        Objects.requireNonNull(requests, "requests");
        if (requests.isEmpty()) {
          return Map.of();
        }
        throw new MissingClientCapabilityException(
            requests.values().iterator().next().capability());
      }
    };
  }
}
