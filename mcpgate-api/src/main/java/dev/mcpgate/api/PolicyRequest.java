package dev.mcpgate.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link PolicyEngine} decides on: a caller, a tool and, for {@code tools/call}, the
 * arguments. {@code tools/list} asks without arguments, so discovery and execution run the same
 * rules.
 *
 * @param caller who is calling
 * @param tool the tool in question
 * @param arguments the call's arguments as plain Java JSON values, or null when listing
 */
public record PolicyRequest(
    CallerContext caller, ToolDefinition tool, @Nullable Map<String, @Nullable Object> arguments) {

  /** Validates and copies the fields. */
  public PolicyRequest {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(tool, "tool");
    if (arguments != null) {
      arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }
  }

  /**
   * A request for discovery ({@code tools/list}): no arguments.
   *
   * @param caller who is calling
   * @param tool the tool
   * @return the request
   */
  public static PolicyRequest forListing(CallerContext caller, ToolDefinition tool) {
    return new PolicyRequest(caller, tool, null);
  }

  /**
   * Whether this request is for a call (arguments known) rather than a listing.
   *
   * @return true when arguments are present
   */
  public boolean isCall() {
    return arguments != null;
  }
}
