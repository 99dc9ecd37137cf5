package dev.mcpgate.core.upstream;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An upstream HTTP response as the gateway received it, its body already cut at the size cap.
 * Immutable, except that {@link #body()} returns the array itself: do not modify it.
 *
 * @param status the HTTP status code, 100 to 599
 * @param headers header names to values, in the order received; a header sent twice appears
 *     twice
 * @param body the body as received, at most the size cap
 * @param truncated whether the body was longer than the size cap and was cut
 */
public record UpstreamResponse(
    int status, List<Map.Entry<String, String>> headers, byte[] body, boolean truncated) {

  /** Validates and copies the fields. */
  public UpstreamResponse {
    Objects.requireNonNull(body, "body");
    headers = List.copyOf(headers);
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
    for (Map.Entry<String, String> header : headers) {
      if (header.getKey().equalsIgnoreCase(name)) {
        return Optional.of(header.getValue());
      }
    }
    return Optional.empty();
  }

  /**
   * Every value of a header, by case-insensitive name, such as each {@code Set-Cookie}.
   *
   * @param name the header's name
   * @return the values in the order received; empty when absent
   */
  public List<String> headers(String name) {
    return headers.stream()
        .filter(header -> header.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .toList();
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
