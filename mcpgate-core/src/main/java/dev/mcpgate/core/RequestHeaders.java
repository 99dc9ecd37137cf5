package dev.mcpgate.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** The 2026-07-28 standard request headers ({@code Mcp-Method}, {@code Mcp-Name}) and the body. */
final class RequestHeaders {

  private static final String PREFIX = "=?base64?";
  private static final String SUFFIX = "?=";

  private RequestHeaders() {}

  /** Why the headers do not match the body, or null if they do. */
  static @Nullable String problem(
      IncomingMessage message, @Nullable String method, @Nullable String name) {
    if (method == null) {
      return "the Mcp-Method header is required";
    }
    if (!method.equals(message.method())) {
      return "the Mcp-Method header does not match the body's method";
    }
    String field = switch (method) {
      case "tools/call", "prompts/get" -> "name";
      case "resources/read" -> "uri";
      case "tasks/get", "tasks/update", "tasks/cancel" -> "taskId";
      default -> null;
    };
    if (field == null) {
      return null;
    }
    if (name == null) {
      return "the Mcp-Name header is required for " + method;
    }
    String decoded = decode(name);
    if (decoded == null) {
      return "the Mcp-Name header is not a valid header value";
    }
    JsonNode params = message.params();
    JsonNode value = params == null ? null : params.get(field);
    if (value == null || !value.isString() || !value.asString().equals(decoded)) {
      return "the Mcp-Name header does not match the body's \"" + field + "\"";
    }
    return null;
  }

  /**
   * Why the {@code Mcp-Param-*} headers of a {@code tools/call} do not match its arguments, or
   * null if they do: every top-level property of the tool's input schema marked with {@code
   * x-mcp-header} whose argument is present (and not null) must come with the header {@code
   * Mcp-Param-<name>} carrying the same value, as text.
   */
  static @Nullable String parameterProblem(
      JsonNode schema, JsonNode arguments, Function<String, @Nullable String> headers) {
    JsonNode properties = schema.get("properties");
    if (properties == null || !properties.isObject()) {
      return null;
    }
    for (Map.Entry<String, JsonNode> property : properties.properties()) {
      JsonNode marker = property.getValue().get("x-mcp-header");
      if (marker == null || !marker.isString() || marker.asString().isEmpty()) {
        continue;
      }
      String header = "Mcp-Param-" + marker.asString();
      String sent = headers.apply(header);
      JsonNode value = arguments.get(property.getKey());
      if (value == null || value.isNull()) {
        if (sent != null) {
          return "the " + header + " header has no argument to match";
        }
        continue;
      }
      if (sent == null) {
        return "the " + header + " header is required when \"" + property.getKey()
            + "\" is given";
      }
      String decoded = decode(sent);
      if (decoded == null) {
        return "the " + header + " header is not a valid header value";
      }
      if (!matches(value, decoded)) {
        return "the " + header + " header does not match the argument \"" + property.getKey()
            + "\"";
      }
    }
    return null;
  }

  private static boolean matches(JsonNode value, String header) {
    if (value.isString()) {
      return value.asString().equals(header);
    }
    if (value.isBoolean()) {
      return Boolean.toString(value.asBoolean()).equals(header);
    }
    if (value.isNumber()) {
      try {
        return new BigDecimal(header).compareTo(value.decimalValue()) == 0;
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return false;
  }

  /** A header value as text: plain visible ASCII, or the Base64 sentinel form; null if neither. */
  private static @Nullable String decode(String header) {
    if (header.startsWith(PREFIX) && header.endsWith(SUFFIX)
        && header.length() >= PREFIX.length() + SUFFIX.length()) {
      String encoded = header.substring(PREFIX.length(), header.length() - SUFFIX.length());
      // Strict: padding is required, as the sentinel form is defined on padded Base64.
      if (encoded.length() % 4 != 0) {
        return null;
      }
      try {
        byte[] bytes = Base64.getDecoder().decode(encoded);
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes)).toString();
      } catch (IllegalArgumentException | CharacterCodingException e) {
        return null;
      }
    }
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c != '\t' && (c < 0x20 || c > 0x7E)) {
        return null;
      }
    }
    return header;
  }
}
