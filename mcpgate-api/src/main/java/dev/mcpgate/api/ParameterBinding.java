package dev.mcpgate.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where one tool argument goes in the upstream HTTP request.
 *
 * @param argument the argument's name in the tool's input schema
 * @param location where it goes
 * @param wireName the name on the wire (path variable, query parameter, header, cookie, form
 *     field); for {@link Location#BODY} the whole body, or null
 * @param style the OpenAPI serialization style, such as {@code form} or {@code simple}, or null
 *     for the location's default
 * @param explode the OpenAPI {@code explode} flag, or null for the style's default
 * @param required whether the argument must be present
 */
public record ParameterBinding(
    String argument,
    Location location,
    @Nullable String wireName,
    @Nullable String style,
    @Nullable Boolean explode,
    boolean required) {

  /** Where an argument travels. */
  public enum Location {
    /** A path segment, percent-encoded as one segment. */
    PATH,
    /** A query parameter. */
    QUERY,
    /** A request header; CR and LF are refused. */
    HEADER,
    /** A cookie. */
    COOKIE,
    /** The request body, or one field of it. */
    BODY
  }

  /** Validates the fields. */
  public ParameterBinding {
    Objects.requireNonNull(argument, "argument");
    Objects.requireNonNull(location, "location");
    if (argument.isEmpty()) {
      throw new IllegalArgumentException("a parameter binding needs an argument name");
    }
    if (location != Location.BODY && (wireName == null || wireName.isEmpty())) {
      throw new IllegalArgumentException(
          "argument '" + argument + "' in " + location + " needs a wire name");
    }
  }
}
