package dev.mcpgate.core.internal.asks;

import dev.mcpgate.core.client.ClientCapability;
import dev.mcpgate.core.client.ClientRequest;
import dev.mcpgate.core.client.ClientRequests;
import dev.mcpgate.core.client.MissingClientCapabilityException;
import dev.mcpgate.core.internal.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Asks a 2026-07-28 client: answers come from the retry (its {@code inputResponses} and the
 * sealed {@code requestState}); a question without one ends the run with {@link InputRequired}.
 * Remembers which answers the tool used, for the next request state.
 */
public final class StatelessClientRequests implements ClientRequests {

  private final @Nullable JsonNode declared;
  private final ObjectNode known;
  private final ObjectNode used = Json.MAPPER.createObjectNode();

  /**
   * The requests of one 2026-07-28 call.
   *
   * @param declared the capabilities the client declared in the request's {@code _meta}
   * @param known the answers the retry brings, by key
   */
  public StatelessClientRequests(@Nullable JsonNode declared, ObjectNode known) {
    this.declared = declared;
    this.known = known;
  }

  @Override
  public boolean supports(ClientCapability capability) {
    JsonNode value = declared == null ? null : declared.get(capability.wireName());
    return value != null && value.isObject();
  }

  @Override
  public Map<String, JsonNode> ask(Map<String, ClientRequest> requests) {
    Objects.requireNonNull(requests, "requests");
    for (ClientRequest request : requests.values()) {
      if (!supports(request.capability())) {
        throw new MissingClientCapabilityException(request.capability());
      }
    }
    Map<String, JsonNode> answers = new LinkedHashMap<>();
    Map<String, ClientRequest> missing = new LinkedHashMap<>();
    requests.forEach((key, request) -> {
      JsonNode answer = known.get(key);
      if (answer != null && answer.isObject()) {
        answers.put(key, answer.deepCopy());
        used.set(key, answer);
      } else {
        missing.put(key, request);
      }
    });
    if (!missing.isEmpty()) {
      throw new InputRequired(missing);
    }
    return answers;
  }

  /**
   * The answers the tool used so far: what the next request state carries.
   *
   * @return them by key
   */
  public ObjectNode used() {
    return used;
  }
}
