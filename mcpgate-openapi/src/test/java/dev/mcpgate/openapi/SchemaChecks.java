package dev.mcpgate.openapi;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Checks generated schemas against the JSON Schema 2020-12 meta-schema. */
final class SchemaChecks {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private static final Schema META =
      REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

  private SchemaChecks() {}

  /**
   * The meta-schema violations of a schema.
   *
   * @param schemaJson the schema as JSON text
   * @return the errors; empty when valid
   */
  static List<String> metaErrors(String schemaJson) {
    JsonNode schema = JSON.readTree(schemaJson);
    List<Error> errors = META.validate(schema);
    return errors.stream().map(Error::toString).toList();
  }

  /**
   * Parses JSON text.
   *
   * @param json the text
   * @return the tree
   */
  static JsonNode tree(String json) {
    return JSON.readTree(json);
  }
}
