package dev.mcpgate.openapi.internal;

import dev.mcpgate.openapi.ImportException;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Converts Swagger 2.0 to OpenAPI 3.0 with swagger-parser's optional v2 converter. The
 * converter's classes are touched only here, and only once it is known to be present, so the
 * rest of the importer works without it.
 */
final class SwaggerConversion {

  private static final String CONVERTER = "io.swagger.v3.parser.converter.SwaggerConverter";
  static final String ARTIFACT = "io.swagger.parser.v3:swagger-parser-v2-converter";

  private SwaggerConversion() {}

  static JsonNode convert(JsonNode swagger, String location) {
    try {
      Class.forName(CONVERTER, false, SwaggerConversion.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new ImportException(location, "/swagger", 0, "Swagger 2.0 documents need "
          + ARTIFACT + " on the classpath; add that artifact (same version as swagger-parser-v3)");
    }
    return Converter.convert(swagger, location);
  }

  /** Loaded only when the converter is present. */
  private static final class Converter {
    static JsonNode convert(JsonNode swagger, String location) {
      io.swagger.v3.parser.core.models.ParseOptions parse =
          new io.swagger.v3.parser.core.models.ParseOptions();
      parse.setResolve(false);
      io.swagger.v3.parser.core.models.SwaggerParseResult result;
      try {
        result = new io.swagger.v3.parser.converter.SwaggerConverter()
            .readContents(DocumentParser.JSON.writeValueAsString(swagger), null, parse);
      } catch (RuntimeException e) {
        throw new ImportException(location, null, 0,
            "the Swagger 2.0 document cannot be converted: " + e.getMessage());
      }
      if (result == null || result.getOpenAPI() == null) {
        List<String> messages = result == null ? List.of() : result.getMessages();
        throw new ImportException(location, null, 0, "the Swagger 2.0 document cannot be read"
            + (messages == null || messages.isEmpty() ? "" : ": " + String.join("; ",
                messages.subList(0, Math.min(3, messages.size())))));
      }
      try {
        String json = io.swagger.v3.core.util.Json.mapper().writeValueAsString(result.getOpenAPI());
        return DocumentParser.JSON.readTree(json);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new ImportException(location, null, 0,
            "the converted Swagger 2.0 document cannot be written: " + e.getOriginalMessage());
      }
    }
  }
}
