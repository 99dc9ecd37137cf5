package dev.mcpgate.core;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The result of a tool call: content for the model, optional structured content matching the
 * tool's output schema, and whether the tool failed.
 *
 * <p>A tool that fails returns a result with {@code isError} true rather than throwing, so the
 * model sees what went wrong and can correct itself. Instances are immutable.
 *
 * @param content the content items
 * @param structuredContent a JSON object matching the tool's output schema, or null
 * @param isError whether the call failed
 */
public record ToolResult(List<Content> content, @Nullable JsonNode structuredContent, boolean isError) {

  /** Validates and copies the fields. */
  public ToolResult {
    content = List.copyOf(content);
    if (structuredContent != null && !structuredContent.isObject()) {
      throw new IllegalArgumentException("structured content must be a JSON object");
    }
  }

  /**
   * A successful result with one text item.
   *
   * @param text the text
   * @return the result
   */
  public static ToolResult text(String text) {
    return new ToolResult(List.of(Content.text(text)), null, false);
  }

  /**
   * A successful result with the given content.
   *
   * @param content the content items
   * @return the result
   */
  public static ToolResult of(Content... content) {
    return new ToolResult(List.of(content), null, false);
  }

  /**
   * A successful result with structured content and its JSON text as a text item, as the
   * specification recommends for clients that do not read structured content.
   *
   * @param structured a JSON object
   * @return the result
   */
  public static ToolResult structured(JsonNode structured) {
    Objects.requireNonNull(structured, "structured");
    return new ToolResult(List.of(Content.text(structured.toString())), structured, false);
  }

  /**
   * A failed result with one text item saying why.
   *
   * @param message what went wrong, for the model; never a secret
   * @return the result
   */
  public static ToolResult error(String message) {
    return new ToolResult(List.of(Content.text(message)), null, true);
  }
}
