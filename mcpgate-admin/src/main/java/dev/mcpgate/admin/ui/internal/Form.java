package dev.mcpgate.admin.ui.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The fields of a query string or an {@code application/x-www-form-urlencoded} body, read here
 * rather than by the container so the UI's own size limit applies and a field may repeat.
 */
final class Form {

  /** A form the UI cannot read: too large, or not form-encoded. */
  static final class Unreadable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    Unreadable(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private final Map<String, List<String>> fields;

  private Form(Map<String, List<String>> fields) {
    this.fields = fields;
  }

  static Form query(HttpServletRequest request) {
    return parse(request.getQueryString() == null ? "" : request.getQueryString());
  }

  static Form body(HttpServletRequest request, int maxBytes) throws IOException {
    String type = request.getContentType();
    if (type == null
        || !type.toLowerCase(java.util.Locale.ROOT).startsWith(
            "application/x-www-form-urlencoded")) {
      throw new Unreadable(415, "the UI's forms are sent as application/x-www-form-urlencoded");
    }
    if (request.getContentLengthLong() > maxBytes) {
      throw new Unreadable(413, "the form is larger than " + maxBytes + " bytes");
    }
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes(maxBytes + 1);
      if (body.length > maxBytes) {
        throw new Unreadable(413, "the form is larger than " + maxBytes + " bytes");
      }
      return parse(new String(body, StandardCharsets.UTF_8));
    }
  }

  static Form parse(String encoded) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    if (!encoded.isEmpty()) {
      for (String pair : encoded.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        try {
          String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq),
              StandardCharsets.UTF_8);
          String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1),
              StandardCharsets.UTF_8);
          fields.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        } catch (IllegalArgumentException e) {
          throw new Unreadable(400, "the form is not well-formed");
        }
      }
    }
    return new Form(fields);
  }

  /** A field's first value, stripped; null when absent or blank. */
  @Nullable String get(String name) {
    List<String> values = fields.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    String value = values.get(0).strip();
    return value.isEmpty() ? null : value;
  }

  /** Whether the form sent the field at all, even empty. */
  boolean has(String name) {
    return fields.containsKey(name);
  }

  /** A field's first value, as typed (a pasted description keeps its whitespace). */
  @Nullable String raw(String name) {
    List<String> values = fields.get(name);
    return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
  }

  String require(String name, String label) {
    String value = get(name);
    if (value == null) {
      throw new IllegalArgumentException(label + " is required");
    }
    return value;
  }

  List<String> all(String name) {
    return fields.getOrDefault(name, List.of()).stream().map(String::strip)
        .filter(v -> !v.isEmpty()).toList();
  }

  long number(String name) {
    String value = get(name);
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number");
    }
  }
}
