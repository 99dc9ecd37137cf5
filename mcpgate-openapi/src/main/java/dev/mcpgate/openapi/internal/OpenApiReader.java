package dev.mcpgate.openapi.internal;

import dev.mcpgate.openapi.ImportException;
import dev.mcpgate.openapi.ImportOptions;

/** Reads OpenAPI 3.x and Swagger 2.0 documents. (Implementation in progress on a branch.) */
public final class OpenApiReader implements DescriptionReader {

  @Override
  public ReadResult read(byte[] content, String location, ImportOptions options) {
    throw new ImportException(location, null, 0, "OpenAPI import is not implemented yet");
  }
}
