package dev.mcpgate.openapi.internal;

import dev.mcpgate.openapi.ImportException;
import dev.mcpgate.openapi.ImportOptions;

/** Reads Postman collections v2.0 and v2.1. (Implementation in progress on a branch.) */
public final class PostmanReader implements DescriptionReader {

  @Override
  public ReadResult read(byte[] content, String location, ImportOptions options) {
    throw new ImportException(location, null, 0, "Postman import is not implemented yet");
  }
}
