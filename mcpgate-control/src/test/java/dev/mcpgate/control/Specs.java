package dev.mcpgate.control;

import java.nio.charset.StandardCharsets;

/** Small OpenAPI descriptions, one per revision a test imports. */
final class Specs {

  private Specs() {}

  /** Pets: a read and a write, bearer auth, on api.example.com. */
  static byte[] pets(String listSummary) {
    return pets(listSummary, "https://api.example.com", "bearer", "");
  }

  static byte[] pets(String listSummary, String server, String scheme, String extraPath) {
    String yaml = """
        openapi: 3.0.3
        info: {title: Pets, version: "1"}
        servers: [{url: "%s"}]
        components:
          securitySchemes:
            main: {type: http, scheme: %s}
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
        %s""".formatted(server, scheme, listSummary, extraPath);
    return yaml.getBytes(StandardCharsets.UTF_8);
  }

  /** Adds a DELETE operation to the pets paths. */
  static final String DELETE_PET = """
          /pets/{id}:
            delete:
              operationId: deletePet
              summary: Delete a pet
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses: {"204": {description: deleted}}
        """;
}
