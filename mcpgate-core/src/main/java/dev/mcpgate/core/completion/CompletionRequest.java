package dev.mcpgate.core.completion;

import dev.mcpgate.api.CallerContext;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code completion/complete} for an argument of a prompt or a variable of a resource
 * template. Policy has already allowed the caller to use the prompt or template.
 *
 * @param argument the argument's (or variable's) name; one the prompt or template declares
 * @param value what the user typed so far
 * @param context the values of other arguments already chosen, if the client sent them
 * @param caller who is asking
 */
public record CompletionRequest(
    String argument, String value, Map<String, String> context, CallerContext caller) {

  /** Validates and copies the fields. */
  public CompletionRequest {
    Objects.requireNonNull(argument, "argument");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(caller, "caller");
    context = Map.copyOf(context);
  }
}
