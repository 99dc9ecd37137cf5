package dev.mcpgate.core.client;

import dev.mcpgate.core.internal.Json;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * One request to the client: its method and params, as the specification defines them for
 * {@code elicitation/create}, {@code sampling/createMessage} and {@code roots/list}. Make one
 * with the static factories. Immutable (the params are copied).
 *
 * @param method the method
 * @param params the params object
 * @param capability what the client must have declared to be asked
 */
public record ClientRequest(String method, ObjectNode params, ClientCapability capability) {

  /** Validates the fields and copies the params. */
  public ClientRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(capability, "capability");
    params = Objects.requireNonNull(params, "params").deepCopy();
  }

  /** The params, a copy: the request itself cannot be changed. */
  @Override
  public ObjectNode params() {
    return params.deepCopy();
  }

  /**
   * A form elicitation: a message for the user and the flat object schema of the answer.
   *
   * @param message what to ask the user
   * @param requestedSchema the answer's schema: an object with primitive properties
   * @return the request
   * @throws IllegalArgumentException if the schema is not of type {@code object}
   */
  public static ClientRequest elicitation(String message, ObjectNode requestedSchema) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(requestedSchema, "requestedSchema");
    if (!"object".equals(requestedSchema.path("type").asString(""))) {
      throw new IllegalArgumentException("requestedSchema must have \"type\": \"object\"");
    }
    ObjectNode params = Json.MAPPER.createObjectNode();
    params.put("mode", "form");
    params.put("message", message);
    params.set("requestedSchema", requestedSchema.deepCopy());
    return new ClientRequest("elicitation/create", params, ClientCapability.ELICITATION);
  }

  /**
   * A sampling request, with the params {@code sampling/createMessage} takes ({@code messages},
   * {@code maxTokens}, optionally {@code systemPrompt}, {@code modelPreferences}, ...).
   *
   * @param params the params
   * @return the request
   * @throws IllegalArgumentException if {@code messages} or {@code maxTokens} is missing
   */
  public static ClientRequest sampling(ObjectNode params) {
    Objects.requireNonNull(params, "params");
    if (!params.path("messages").isArray() || !params.path("maxTokens").isIntegralNumber()) {
      throw new IllegalArgumentException(
          "a sampling request needs \"messages\" (an array) and \"maxTokens\" (an integer)");
    }
    return new ClientRequest("sampling/createMessage", params, ClientCapability.SAMPLING);
  }

  /**
   * A request for the client's roots.
   *
   * @return the request
   */
  public static ClientRequest listRoots() {
    return new ClientRequest(
        "roots/list", Json.MAPPER.createObjectNode(), ClientCapability.ROOTS);
  }
}
