package dev.mcpgate.core.internal.features;

import dev.mcpgate.core.Content;
import dev.mcpgate.core.internal.ContentJson;
import dev.mcpgate.core.internal.Json;
import dev.mcpgate.core.prompts.Prompt;
import dev.mcpgate.core.prompts.PromptArgument;
import dev.mcpgate.core.prompts.PromptMessage;
import dev.mcpgate.core.prompts.PromptResult;
import dev.mcpgate.core.resources.Annotations;
import dev.mcpgate.core.resources.Resource;
import dev.mcpgate.core.resources.ResourceContents;
import dev.mcpgate.core.resources.ResourceTemplate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The wire form of resources, templates, prompts and their contents. */
final class FeatureJson {

  private FeatureJson() {}

  static ObjectNode resource(Resource resource) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("uri", resource.uri()).put("name", resource.name());
    optional(node, "title", resource.title());
    optional(node, "description", resource.description());
    optional(node, "mimeType", resource.mimeType());
    annotations(node, resource.annotations());
    if (resource.size() != null) {
      node.put("size", resource.size().longValue());
    }
    return node;
  }

  static ObjectNode template(ResourceTemplate template) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("uriTemplate", template.uriTemplate().toString()).put("name", template.name());
    optional(node, "title", template.title());
    optional(node, "description", template.description());
    optional(node, "mimeType", template.mimeType());
    annotations(node, template.annotations());
    return node;
  }

  static ObjectNode contents(ResourceContents contents) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("uri", contents.uri());
    optional(node, "mimeType", contents.mimeType());
    if (contents instanceof ResourceContents.Text text) {
      node.put("text", text.text());
    } else if (contents instanceof ResourceContents.Blob blob) {
      node.put("blob", blob.blob());
    }
    return node;
  }

  static ObjectNode prompt(Prompt prompt) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("name", prompt.name());
    optional(node, "title", prompt.title());
    optional(node, "description", prompt.description());
    if (!prompt.arguments().isEmpty()) {
      ArrayNode arguments = node.putArray("arguments");
      for (PromptArgument argument : prompt.arguments()) {
        ObjectNode out = arguments.addObject().put("name", argument.name());
        optional(out, "title", argument.title());
        optional(out, "description", argument.description());
        out.put("required", argument.required());
      }
    }
    return node;
  }

  static ObjectNode promptResult(PromptResult result) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    optional(node, "description", result.description());
    ArrayNode messages = node.putArray("messages");
    for (PromptMessage message : result.messages()) {
      ObjectNode out = messages.addObject().put("role", message.role().wireName());
      out.set("content", content(message.content()));
    }
    return node;
  }

  static ObjectNode content(Content item) {
    return ContentJson.write(item, Json.MAPPER.createObjectNode());
  }

  private static void annotations(ObjectNode node, @Nullable Annotations annotations) {
    if (annotations == null) {
      return;
    }
    ObjectNode out = node.putObject("annotations");
    if (!annotations.audience().isEmpty()) {
      ArrayNode audience = out.putArray("audience");
      annotations.audience().forEach(who -> audience.add(who.wireName()));
    }
    if (annotations.priority() != null) {
      out.put("priority", annotations.priority().doubleValue());
    }
    optional(out, "lastModified", annotations.lastModified());
  }

  private static void optional(ObjectNode node, String field, @Nullable String value) {
    if (value != null) {
      node.put(field, value);
    }
  }
}
