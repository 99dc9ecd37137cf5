package dev.mcpgate.core.internal;

import dev.mcpgate.core.Content;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes one {@link Content} item in its wire form, for tool results and prompt messages alike,
 * so that both carry the same shape. Stateless; thread-safe.
 */
public final class ContentJson {

  private ContentJson() {}

  /**
   * The item as a JSON object ({@code type} and the fields of that type).
   *
   * @param item a content item
   * @param out the object to write into
   * @return {@code out}
   */
  public static ObjectNode write(Content item, ObjectNode out) {
    if (item instanceof Content.Text text) {
      out.put("type", "text").put("text", text.text());
    } else if (item instanceof Content.Image image) {
      out.put("type", "image").put("data", image.data()).put("mimeType", image.mimeType());
    } else if (item instanceof Content.Audio audio) {
      out.put("type", "audio").put("data", audio.data()).put("mimeType", audio.mimeType());
    } else if (item instanceof Content.EmbeddedResource resource) {
      out.put("type", "resource");
      ObjectNode inner = out.putObject("resource").put("uri", resource.uri());
      if (resource.mimeType() != null) {
        inner.put("mimeType", resource.mimeType());
      }
      if (resource.text() != null) {
        inner.put("text", resource.text());
      } else {
        inner.put("blob", resource.blob());
      }
    } else if (item instanceof Content.ResourceLink link) {
      out.put("type", "resource_link").put("uri", link.uri()).put("name", link.name());
      if (link.mimeType() != null) {
        out.put("mimeType", link.mimeType());
      }
    }
    return out;
  }
}
