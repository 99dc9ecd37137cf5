package dev.mcpgate.core.prompts;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.core.client.ClientRequests;
import java.util.Map;

/**
 * One {@code prompts/get}, as its {@link PromptHandler} sees it. Policy has already allowed it
 * and the arguments are checked: every required argument is present and every value is a
 * string. An instance belongs to one request and the thread serving it.
 */
public interface PromptGet {

  /**
   * The prompt asked for.
   *
   * @return its definition
   */
  Prompt prompt();

  /**
   * The arguments the client sent.
   *
   * @return argument name to value; only names the prompt declares
   */
  Map<String, String> arguments();

  /**
   * An argument's value, or a default when the client did not send it.
   *
   * @param name the argument's name
   * @param fallback the value when absent
   * @return the value
   */
  default String argument(String name, String fallback) {
    return arguments().getOrDefault(name, fallback);
  }

  /**
   * Who is asking.
   *
   * @return the caller
   */
  CallerContext caller();

  /**
   * The gateway's id for this request, as recorded in the audit trail.
   *
   * @return the request id
   */
  String requestId();

  /**
   * How the prompt asks its client for input while it is filled in, on either protocol revision
   * (see {@link ClientRequests}). The default supports nothing.
   *
   * @return the request's requests to the client
   */
  default ClientRequests client() {
    return ClientRequests.unsupported();
  }
}
