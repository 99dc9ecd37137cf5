package dev.mcpgate.admin;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Descriptions and headers the tests send. */
final class Fixtures {

  private Fixtures() {}

  /** Pets: a read and a write, bearer auth, on api.example.com. */
  static byte[] pets(String listSummary) {
    return """
        openapi: 3.0.3
        info: {title: Pets, version: "1"}
        servers: [{url: "https://api.example.com"}]
        components:
          securitySchemes:
            main: {type: http, scheme: bearer}
        security: [{main: []}]
        paths:
          /pets:
            get:
              operationId: listPets
              summary: %s
              responses: {"200": {description: ok}}
            post:
              operationId: addPet
              summary: Add a pet
              requestBody:
                content:
                  application/json:
                    schema: {type: object, properties: {name: {type: string}}}
              responses: {"201": {description: created}}
        """.formatted(listSummary).getBytes(StandardCharsets.UTF_8);
  }

  static Map<String, String> ifMatch(String etag) {
    return Map.of("If-Match", etag);
  }
}
