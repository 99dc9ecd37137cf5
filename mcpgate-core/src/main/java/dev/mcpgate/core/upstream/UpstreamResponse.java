package dev.mcpgate.core.upstream;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An upstream HTTP response as the gateway received it, its body already cut at the size cap.
 * Immutable, except that {@link #body()} returns the array itself: do not modify it.
 *
 * @param status the HTTP status code, 100 to 599
 * @param headers the header fields in the order received; a header sent twice appears twice
 * @param body the body as received, at most the size cap
 * @param truncated whether the body was longer than the size cap and was cut
 */
public record UpstreamResponse(
    int status, Headers headers, byte[] body, boolean truncated) {

  /** Validates the fields. */
  public UpstreamResponse {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(headers, "headers");
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("not an HTTP status: " + status);
    }
  }

  /**
   * The first value of a header, by case-insensitive name.
   *
   * @param name the header's name
   * @return its first value, if present
   */
  public Optional<String> header(String name) {
    return headers.first(name);
  }

  /**
   * Every value of a header, by case-insensitive name, such as each {@code Set-Cookie}.
   *
   * @param name the header's name
   * @return the values in the order received; empty when absent
   */
  public List<String> headers(String name) {
    return headers.values(name);
  }

  /**
   * The response's media type without parameters, in lower case.
   *
   * @return the media type, or null when the response has none
   */
  public @Nullable String mediaType() {
    String type = header("Content-Type").orElse(null);
    if (type == null) {
      return null;
    }
    int semicolon = type.indexOf(';');
    return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }

  /** Shows the status and size, never the body or headers, which may carry echoed secrets. */
  @Override
  public String toString() {
    return "UpstreamResponse[" + status + ", " + body.length + " bytes"
        + (truncated ? ", truncated" : "") + "]";
  }
}
