package dev.mcpgate.core.internal.asks;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.core.internal.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One run of a 2026-07-28 request that may ask the client: the answers its retry brings (sealed
 * {@code requestState} and {@code inputResponses}), and the input-required result when it asks
 * more.
 */
public final class StatelessRound {

  private final RequestStates states;
  private final RequestStates.Binding binding;
  private final StatelessClientRequests client;

  private StatelessRound(
      RequestStates states, RequestStates.Binding binding, StatelessClientRequests client) {
    this.states = states;
    this.binding = binding;
    this.client = client;
  }

  /**
   * Starts a run.
   *
   * @param states the request state codec
   * @param caller who sends the request
   * @param method the request's method
   * @param target the tool or prompt name, or the resource URI
   * @param arguments the request's arguments
   * @param params the request's params, with {@code inputResponses} and {@code requestState}
   * @param capabilities what the client declared
   * @return the run, or why its answers are refused (a {@code String})
   */
  public static Object begin(RequestStates states, CallerContext caller, String method,
      String target, JsonNode arguments, JsonNode params, @Nullable JsonNode capabilities) {
    RequestStates.Binding binding = RequestStates.Binding.of(caller, method, target, arguments);
    JsonNode responses = params.get("inputResponses");
    if (responses != null && !responses.isObject()) {
      return "\"inputResponses\" must be an object";
    }
    ObjectNode known = Json.MAPPER.createObjectNode();
    JsonNode state = params.get("requestState");
    if (state != null) {
      if (!state.isString()) {
        return "\"requestState\" must be a string";
      }
      RequestStates.Opened opened = states.open(state.asString(), binding);
      if (opened instanceof RequestStates.Opened.Refused refused) {
        return refused.reason();
      }
      known.setAll(((RequestStates.Opened.Valid) opened).answers());
    }
    if (responses != null) {
      // An answer that is not an object is no answer: the handler asks again.
      responses.properties().forEach(entry -> {
        if (entry.getValue().isObject()) {
          known.set(entry.getKey(), entry.getValue());
        }
      });
    }
    return new StatelessRound(states, binding, new StatelessClientRequests(capabilities, known));
  }

  /**
   * What the handler asks through.
   *
   * @return the requests
   */
  public StatelessClientRequests client() {
    return client;
  }

  /**
   * The input-required result of a run that asked what is not answered yet.
   *
   * @param input the signal that ended the run
   * @return the result object
   */
  public ObjectNode inputRequired(InputRequired input) {
    ObjectNode result = Json.MAPPER.createObjectNode();
    result.put("resultType", "input_required");
    ObjectNode requests = result.putObject("inputRequests");
    input.missing().forEach((key, request) -> {
      ObjectNode entry = requests.putObject(key);
      entry.put("method", request.method());
      entry.set("params", request.params());
    });
    result.put("requestState", states.seal(binding, client.used()));
    return result;
  }

  /**
   * The asks of the requests of one 2026-07-28 message, for handlers other than tools.
   *
   * @param states the request state codec
   * @param caller who sends it
   * @param params its params
   * @param capabilities what the client declared
   * @return the asks
   */
  public static Asks asks(RequestStates states, CallerContext caller, JsonNode params,
      @Nullable JsonNode capabilities) {
    return (method, target, arguments) -> {
      Object begun = begin(states, caller, method, target, arguments, params, capabilities);
      if (begun instanceof String problem) {
        return new Asks.Refused(problem);
      }
      StatelessRound round = (StatelessRound) begun;
      return new Asks.Ready(round.client(), round::inputRequired);
    };
  }
}
