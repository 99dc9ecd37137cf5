package dev.mcpgate.core.resources;

import java.util.List;

/**
 * Reads a resource, or the resources of a template, in Java. Register one with {@link
 * dev.mcpgate.core.McpGateway.Builder#resource(Resource, ResourceReader)} or {@link
 * dev.mcpgate.core.McpGateway.Builder#resourceTemplate(ResourceTemplate, ResourceReader)}.
 *
 * <p>Readers must be thread-safe. A reader that finds nothing at a URI its template matched
 * returns an empty list: the client then gets the same "not found" error as for an unknown URI.
 * An exception is treated as a bug: the client gets JSON-RPC error -32603 without the
 * exception's message, and the gateway logs it.
 */
@FunctionalInterface
public interface ResourceReader {

  /**
   * Reads.
   *
   * @param read the URI, its template variables and the caller
   * @return the contents; empty when there is nothing at this URI
   * @throws Exception if reading fails unexpectedly
   */
  List<ResourceContents> read(ResourceRead read) throws Exception;
}
