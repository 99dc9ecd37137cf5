package dev.mcpgate.admin;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The admin API's OpenAPI document, read as the contract: its routes, and the schema each
 * response must match (OpenAPI 3.1 schemas are JSON Schema 2020-12).
 */
final class OpenApiDocument {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(
      SpecificationVersion.DRAFT_2020_12,
      builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));

  final JsonNode root;

  private OpenApiDocument(JsonNode root) {
    this.root = root;
  }

  static OpenApiDocument load() {
    try (InputStream in = OpenApiDocument.class
        .getResourceAsStream("/dev/mcpgate/admin/admin-api.json")) {
      return new OpenApiDocument(JSON.readTree(in));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every documented route, as {@code METHOD /path/{param}}. */
  TreeSet<String> routes() {
    TreeSet<String> routes = new TreeSet<>();
    for (Map.Entry<String, JsonNode> path : root.get("paths").properties()) {
      for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
        routes.add(method.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
      }
    }
    return routes;
  }

  /** The template a concrete path matches, if any. */
  Optional<String> template(String path) {
    String[] parts = path.substring(1).split("/", -1);
    outer:
    for (Map.Entry<String, JsonNode> entry : root.get("paths").properties()) {
      String[] template = entry.getKey().substring(1).split("/");
      if (template.length != parts.length) {
        continue;
      }
      for (int i = 0; i < template.length; i++) {
        if (!template[i].startsWith("{") && !template[i].equals(parts[i])) {
          continue outer;
        }
      }
      return Optional.of(entry.getKey());
    }
    return Optional.empty();
  }

  /**
   * Checks an answer against the document: the route is documented and the body matches the
   * schema of its status (or the default problem).
   *
   * @return the violations, empty when the answer conforms
   */
  List<String> check(String method, String path, int status, String contentType, String body) {
    List<String> violations = new ArrayList<>();
    Optional<String> template = template(path);
    JsonNode operation = template.map(t -> root.get("paths").get(t)
        .get(method.toLowerCase(java.util.Locale.ROOT))).orElse(null);
    JsonNode schema;
    String media = contentType.split(";")[0].strip();
    if (operation == null) {
      if (!media.equals("application/problem+json")) {
        violations.add(method + " " + path + " is not documented but answered " + status);
        return violations;
      }
      schema = ref("Problem");
    } else {
      JsonNode responses = operation.get("responses");
      JsonNode response = responses.has(Integer.toString(status))
          ? responses.get(Integer.toString(status)) : responses.get("default");
      if (response == null) {
        violations.add(method + " " + template.get() + " does not document status " + status);
        return violations;
      }
      if (!response.has("content")) {
        if (!body.isEmpty()) {
          violations.add(method + " " + template.get() + " " + status + " documents no body");
        }
        return violations;
      }
      JsonNode content = response.get("content").get(media);
      if (content == null) {
        violations.add(method + " " + template.get() + " " + status + " documents no " + media);
        return violations;
      }
      schema = content.get("schema");
    }
    ObjectNode wrapped = JSON.createObjectNode();
    wrapped.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    wrapped.putArray("allOf").add(schema);
    wrapped.set("components", root.get("components"));
    Schema compiled = SCHEMAS.getSchema(wrapped);
    List<Error> errors = compiled.validate(JSON.readTree(body));
    for (Error error : errors) {
      violations.add(method + " " + path + " " + status + ": " + error);
    }
    return violations;
  }

  private static JsonNode ref(String name) {
    return JSON.createObjectNode().put("$ref", "#/components/schemas/" + name);
  }
}
