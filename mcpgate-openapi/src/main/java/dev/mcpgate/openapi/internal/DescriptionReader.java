package dev.mcpgate.openapi.internal;

import dev.mcpgate.openapi.ImportException;
import dev.mcpgate.openapi.ImportOptions;

/** Reads one description format into candidate tools. Implementations are stateless. */
public interface DescriptionReader {

  /**
   * Reads a document.
   *
   * @param content the document's bytes (JSON or YAML), already within the size limit
   * @param location the file path or URL it came from, for messages and relative references
   * @param options the import options (limits, server override)
   * @return the candidates, the source and the warnings
   * @throws ImportException if the document cannot be read at all
   */
  ReadResult read(byte[] content, String location, ImportOptions options);
}
