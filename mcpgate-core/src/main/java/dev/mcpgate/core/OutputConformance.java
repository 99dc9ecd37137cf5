package dev.mcpgate.core;

import dev.mcpgate.core.internal.OutputContract;
import dev.mcpgate.core.internal.RegisteredTool;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The last step of a call: makes its result one that a client holding the tool's advertised
 * output schema accepts, whatever the tool (or the upstream behind it) answered.
 *
 * <p>A successful result must carry structured content conforming to the advertised schema
 * (the MCP rule the official clients enforce); one that does not becomes an {@code isError}
 * result that says why and keeps every content item, so that the agent still reads the answer.
 * An error result keeps its structured content only if it conforms. Stateless and thread-safe.
 */
final class OutputConformance {

  /** The audit detail naming what the check changed. */
  static final String DETAIL = "outputSchema";

  private static final int MAX_REASON = 300;

  private OutputConformance() {}

  /**
   * A result and what the check did to it.
   *
   * @param result the result to send
   * @param note {@code mismatch} or {@code unstructured} when a success became an error,
   *     {@code dropped} when structured content was removed; null when nothing changed
   */
  record Checked(ToolResult result, @Nullable String note) {}

  /**
   * Checks a result.
   *
   * @param tool the tool called
   * @param mode the mode of the tool's source; {@link OutputSchemaMode#STRICT} for a tool
   *     implemented in Java
   * @param result what the handler returned
   * @return the result to send
   */
  static Checked check(RegisteredTool tool, OutputSchemaMode mode, ToolResult result) {
    OutputContract contract = tool.output();
    JsonNode structured = result.structuredContent();
    if (contract == null) {
      // Nothing is advertised: structured content needs no schema, and a client checks none.
      return new Checked(result, null);
    }
    if (mode == OutputSchemaMode.NONE) {
      return structured == null ? new Checked(result, null)
          : new Checked(new ToolResult(result.content(), null, result.isError()), null);
    }
    List<String> errors = structured == null ? List.of()
        : mode == OutputSchemaMode.STRICT
            ? contract.checkDeclared(structured) : contract.checkRelaxed(structured);
    if (result.isError()) {
      return structured == null || errors.isEmpty() ? new Checked(result, null)
          : new Checked(new ToolResult(result.content(), null, true), "dropped");
    }
    if (structured != null && errors.isEmpty()) {
      return new Checked(result, null);
    }
    String reason = structured == null
        ? "The answer is not the JSON object that the tool's output schema describes"
            + " (no JSON, or JSON cut at the size limit)"
        : "The answer does not match the tool's output schema (" + clip(errors.get(0))
            + (errors.size() > 1 ? "; " + (errors.size() - 1) + " more" : "") + ")";
    List<Content> content = new ArrayList<>(result.content().size() + 1);
    content.add(Content.text(reason + "; it follows as received."));
    content.addAll(result.content());
    return new Checked(new ToolResult(content, null, true),
        structured == null ? "unstructured" : "mismatch");
  }

  private static String clip(String text) {
    return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON) + "...";
  }
}
