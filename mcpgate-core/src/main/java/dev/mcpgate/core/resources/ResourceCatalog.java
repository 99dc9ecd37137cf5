package dev.mcpgate.core.resources;

import dev.mcpgate.core.completion.Completer;
import java.util.Optional;

/**
 * The resources and resource templates a gateway serves; register and remove them at run time
 * here ({@link dev.mcpgate.core.McpGateway#resources()}), and say when a resource changed.
 *
 * <p>Sessions learn of a change to the lists by {@code notifications/resources/list_changed}, and
 * of a change to a resource they subscribed to by {@code notifications/resources/updated}.
 * Thread-safe: reads see an immutable snapshot that writes replace. Implemented by the gateway,
 * not by users.
 */
public interface ResourceCatalog {

  /**
   * Registers a resource, replacing one with the same URI.
   *
   * @param resource the resource
   * @param reader what reads it
   */
  void register(Resource resource, ResourceReader reader);

  /**
   * Registers a resource template, replacing one with the same template.
   *
   * @param template the template
   * @param reader what reads its resources
   */
  void register(ResourceTemplate template, ResourceReader reader);

  /**
   * Registers a resource template whose variables {@code completion/complete} can complete.
   *
   * @param template the template
   * @param reader what reads its resources
   * @param completer what suggests values for its variables
   */
  void register(ResourceTemplate template, ResourceReader reader, Completer completer);

  /**
   * Removes a resource by URI, or a template by its template text.
   *
   * @param uriOrTemplate the resource's URI or the template as written
   * @return true if something was removed
   */
  boolean remove(String uriOrTemplate);

  /**
   * A resource by URI.
   *
   * @param uri the URI
   * @return the resource, if registered
   */
  Optional<Resource> find(String uri);

  /**
   * Whether nothing is registered: then the gateway does not advertise the {@code resources}
   * capability to clients that initialize.
   *
   * @return true when no resource and no template is registered
   */
  boolean isEmpty();

  /**
   * Tells the sessions subscribed to a resource that it changed ({@code
   * notifications/resources/updated}), so that they read it again. A URI nobody subscribed to is
   * ignored.
   *
   * @param uri the URI of the resource that changed
   */
  void updated(String uri);
}
