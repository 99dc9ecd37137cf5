package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.Content;
import dev.mcpgate.core.ToolResult;
import dev.mcpgate.core.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps an upstream HTTP response to an MCP tool result.
 *
 * <ul>
 *   <li>2xx JSON: the JSON as text, plus {@code structuredContent} when the tool has an output
 *       schema (wrapped as {@code {"result": ...}} when the importer wrapped the schema, metadata
 *       {@code outputSchemaWrapped=result}); the engine then checks it against the schema the
 *       tool advertises;
 *   <li>2xx without a body: a note, plus an empty object as {@code structuredContent} when the
 *       tool has an output schema;
 *   <li>2xx text or XML: text; images and audio: image and audio content; anything else: an
 *       embedded resource with the bytes;
 *   <li>any other status: a result with {@code isError}, the status, the {@code Retry-After}
 *       value if the upstream sent one, and the body trimmed.
 * </ul>
 *
 * <p>The body arrives redacted and within the size cap ({@link
 * dev.mcpgate.core.internal.redaction.Redactor}): an upstream that echoes the credential it
 * received (in an error message, say) must not hand it to the agent, in any encoding, and the
 * redaction has to see the body before it is cut. Stateless and thread-safe.
 */
public final class ResponseMapper {

  /** How much of an error body the caller sees. */
  public static final int MAX_ERROR_TEXT = 2048;

  private ResponseMapper() {}

  /**
   * Maps a response.
   *
   * @param tool the tool called
   * @param source the request's URI without query, naming embedded resources
   * @param status the HTTP status
   * @param contentType the response's media type, or null
   * @param body the body, redacted and within the size cap
   * @param truncated whether the body was cut at the size cap
   * @return the result
   */
  public static ToolResult map(
      ToolDefinition tool,
      String source,
      int status,
      @Nullable String contentType,
      byte[] body,
      boolean truncated) {
    return map(tool, source, status, contentType, null, body, truncated);
  }

  /**
   * Maps a response whose {@code Retry-After} header, when the status is an error, is quoted
   * in the result so that an agent can wait before it tries again (429, 503).
   *
   * @param tool the tool called
   * @param source the request's URI without query, naming embedded resources
   * @param status the HTTP status
   * @param contentType the response's media type, or null
   * @param retryAfter the response's {@code Retry-After} value, or null
   * @param body the body, redacted and within the size cap
   * @param truncated whether the body was cut at the size cap
   * @return the result
   */
  public static ToolResult map(
      ToolDefinition tool,
      String source,
      int status,
      @Nullable String contentType,
      @Nullable String retryAfter,
      byte[] body,
      boolean truncated) {
    String media = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    if (status < 200 || status > 299) {
      String text = new String(body, StandardCharsets.UTF_8).strip();
      if (text.length() > MAX_ERROR_TEXT) {
        text = text.substring(0, MAX_ERROR_TEXT) + "...";
      }
      String wait = retryAfter(retryAfter);
      return ToolResult.error("The upstream API answered HTTP " + status
          + (wait == null ? "" : " (Retry-After: " + wait + ")")
          + (text.isEmpty() ? "." : ": " + text));
    }
    String note = truncated ? " (the response was cut at " + body.length + " bytes)" : "";
    if (body.length == 0) {
      // Nothing structured was promised and nothing came: an empty object says exactly that,
      // and conforms to any output schema that requires nothing (every relaxed one).
      return new ToolResult(
          List.of(Content.text("The upstream API answered HTTP " + status + " with no content.")),
          tool.outputSchema() == null ? null : Json.MAPPER.createObjectNode(), false);
    }
    if (isJson(media)) {
      String text = new String(body, StandardCharsets.UTF_8);
      // Parsing costs as much as the rest of the mapping: only a tool with an output schema
      // needs the parsed value.
      JsonNode parsed = truncated || tool.outputSchema() == null ? null : parse(text);
      JsonNode structured = parsed == null ? null : structured(tool, parsed);
      return new ToolResult(List.of(Content.text(text + note)), structured, false);
    }
    if (media.startsWith("text/") || media.contains("xml")) {
      return ToolResult.text(new String(body, StandardCharsets.UTF_8) + note);
    }
    String mime = contentType == null ? "application/octet-stream" : baseType(contentType);
    byte[] bytes = body;
    if (media.startsWith("image/")) {
      return ToolResult.of(Content.image(bytes, mime));
    }
    if (media.startsWith("audio/")) {
      return ToolResult.of(Content.audio(bytes, mime));
    }
    return ToolResult.of(new Content.EmbeddedResource(
        source, mime, null, Base64.getEncoder().encodeToString(bytes)));
  }

  /** A Retry-After value fit to quote: delay-seconds or an HTTP date, nothing else. */
  private static @Nullable String retryAfter(@Nullable String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.strip();
    return trimmed.length() <= 40 && trimmed.matches("[0-9A-Za-z ,:]+") ? trimmed : null;
  }

  private static @Nullable JsonNode structured(ToolDefinition tool, JsonNode parsed) {
    if (tool.outputSchema() == null) {
      return null;
    }
    if ("result".equals(tool.metadata().get("outputSchemaWrapped"))) {
      ObjectNode wrapped = Json.MAPPER.createObjectNode();
      wrapped.set("result", parsed);
      return wrapped;
    }
    return parsed.isObject() ? parsed : null;
  }

  private static @Nullable JsonNode parse(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (JacksonException notJson) {
      return null;
    }
  }

  private static boolean isJson(String media) {
    String base = baseType(media);
    return base.equals("application/json") || base.endsWith("+json");
  }

  private static String baseType(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
  }
}
