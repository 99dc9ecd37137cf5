package dev.mcpgate.core.internal;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Compiles JSON Schemas once and validates instances against them. JSON Schema 2020-12 is the
 * default dialect, as in MCP; a schema naming another dialect in {@code $schema} gets it.
 * Remote {@code $ref}s are never fetched: a tool's schema must be self-contained, and a
 * gateway must not make requests a description asks for.
 */
public final class SchemaCompiler {

  private final SchemaRegistry registry =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));

  /**
   * Compiles a schema.
   *
   * @param schema the schema document
   * @return the compiled schema
   * @throws IllegalArgumentException if the schema cannot be compiled
   */
  public Schema compile(JsonNode schema) {
    try {
      Schema compiled = registry.getSchema(schema);
      // Resolve every $ref now, so a broken schema fails at registration, not on a call.
      compiled.initializeValidators();
      return compiled;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a usable JSON Schema: " + e.getMessage(), e);
    }
  }

  /**
   * Validates an instance.
   *
   * @param schema the compiled schema
   * @param instance the instance
   * @return the errors, each as {@code location: message}; empty when valid
   */
  public static List<String> validate(Schema schema, JsonNode instance) {
    List<Error> errors = schema.validate(instance);
    if (errors.isEmpty()) {
      return List.of();
    }
    return errors.stream().map(Error::toString).toList();
  }
}
