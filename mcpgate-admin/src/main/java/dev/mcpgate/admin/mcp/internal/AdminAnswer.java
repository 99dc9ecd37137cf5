package dev.mcpgate.admin.mcp.internal;

import dev.mcpgate.core.Content;
import dev.mcpgate.core.ToolResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * What the admin API answered an in-process call, read back from the upstream adapter's result:
 * its HTTP status and its body as JSON (or as a string when it is not JSON).
 *
 * @param status the HTTP status
 * @param body the body; an empty object when there was none
 */
record AdminAnswer(int status, JsonNode body) {

  private static final Pattern FAILED =
      Pattern.compile("(?s)The upstream API answered HTTP (\\d{3})[^:.]*(?:[:.]\\s*(.*))?");
  private static final Pattern EMPTY =
      Pattern.compile("The upstream API answered HTTP (\\d{3}) with no content\\.");

  boolean ok() {
    return status >= 200 && status <= 299;
  }

  /** Reads a result of the upstream adapter for a call into the admin API. */
  static AdminAnswer of(ToolResult result) {
    String text = result.content().stream()
        .filter(Content.Text.class::isInstance).map(c -> ((Content.Text) c).text())
        .findFirst().orElse("");
    if (result.isError()) {
      Matcher failed = FAILED.matcher(text);
      if (failed.matches()) {
        return new AdminAnswer(Integer.parseInt(failed.group(1)), json(failed.group(2)));
      }
      // The adapter refused before calling (bad arguments, say): its text is ours, not data.
      return new AdminAnswer(0, StringNode.valueOf(text));
    }
    Matcher empty = EMPTY.matcher(text);
    if (empty.matches()) {
      return new AdminAnswer(Integer.parseInt(empty.group(1)),
          ManagementCatalog.JSON.createObjectNode());
    }
    return new AdminAnswer(200, json(text));
  }

  private static JsonNode json(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return ManagementCatalog.JSON.createObjectNode();
    }
    try {
      return ManagementCatalog.JSON.readTree(text);
    } catch (JacksonException e) {
      return StringNode.valueOf(text);
    }
  }
}
