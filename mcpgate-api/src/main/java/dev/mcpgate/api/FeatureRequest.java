package dev.mcpgate.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link PolicyEngine} decides on for a server feature other than a tool: a resource, a
 * resource template or a prompt. As with tools, discovery ({@code resources/list}, {@code
 * resources/templates/list}, {@code prompts/list}) asks without arguments and use ({@code
 * resources/read}, {@code resources/subscribe}, {@code prompts/get}, {@code
 * completion/complete}) asks with them, so a feature is either visible and usable or hidden and
 * indistinguishable from one that does not exist.
 *
 * @param caller who is asking
 * @param kind what kind of feature
 * @param id what identifies it: the URI of a resource, the URI template of a template, the name
 *     of a prompt
 * @param uri for a use of a resource or template, the concrete URI; otherwise null
 * @param arguments for a use, the prompt's arguments or the template's variables (empty for a
 *     static resource); null when listing. Not yet validated: read them defensively
 */
public record FeatureRequest(
    CallerContext caller,
    Kind kind,
    String id,
    @Nullable String uri,
    @Nullable Map<String, String> arguments) {

  /** The kinds of feature a {@link FeatureRequest} is about. */
  public enum Kind {
    /** A resource with a fixed URI. */
    RESOURCE,
    /** A resource template: resources whose URIs match an RFC 6570 template. */
    RESOURCE_TEMPLATE,
    /** A prompt. */
    PROMPT
  }

  /** Validates and copies the fields. */
  public FeatureRequest {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    if (arguments != null) {
      arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }
  }

  /**
   * A request for discovery: no URI, no arguments.
   *
   * @param caller who is listing
   * @param kind the feature's kind
   * @param id the feature's URI, URI template or name
   * @return the request
   */
  public static FeatureRequest forListing(CallerContext caller, Kind kind, String id) {
    return new FeatureRequest(caller, kind, id, null, null);
  }

  /**
   * Whether this request is for a use (arguments known) rather than a listing.
   *
   * @return true when arguments are present
   */
  public boolean isUse() {
    return arguments != null;
  }
}
