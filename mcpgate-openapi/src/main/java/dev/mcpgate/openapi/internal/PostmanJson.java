package dev.mcpgate.openapi.internal;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Small readers for the loosely typed fields of a Postman collection. Stateless. */
public final class PostmanJson {

  private PostmanJson() {}

  /**
   * A field as text: a string, number or boolean; null when absent, null or a container.
   *
   * @param node the object
   * @param field the field's name
   * @return the text, or null
   */
  public static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || value.isContainer() || value.isMissingNode()) {
      return null;
    }
    return value.asString();
  }

  /**
   * A Postman description: a string, or an object with {@code content}.
   *
   * @param node the object holding {@code description}
   * @return the description's text, or null
   */
  public static @Nullable String description(JsonNode node) {
    JsonNode value = node.get("description");
    if (value == null) {
      return null;
    }
    if (value.isObject()) {
      return text(value, "content");
    }
    return value.isString() ? value.asString() : null;
  }

  /**
   * Whether a list entry (header, query parameter, form field) is switched off: {@code
   * disabled: true}, or {@code enabled: false} in older collections.
   *
   * @param entry the entry
   * @return true if it is disabled
   */
  public static boolean disabled(JsonNode entry) {
    return entry.path("disabled").asBoolean(false)
        || (entry.has("enabled") && !entry.path("enabled").asBoolean(true));
  }
}
