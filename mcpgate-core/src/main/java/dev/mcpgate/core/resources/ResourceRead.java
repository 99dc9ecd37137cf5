package dev.mcpgate.core.resources;

import dev.mcpgate.api.CallerContext;
import java.util.Map;

/**
 * One {@code resources/read}, as its {@link ResourceReader} sees it. Policy has already allowed
 * it. An instance belongs to one request and the thread serving it.
 */
public interface ResourceRead {

  /**
   * The URI the client asked for.
   *
   * @return the URI
   */
  String uri();

  /**
   * The variables of the template the URI matched, percent-decoded; empty for a resource with a
   * fixed URI.
   *
   * @return variable name to value
   */
  Map<String, String> variables();

  /**
   * Who is reading.
   *
   * @return the caller
   */
  CallerContext caller();

  /**
   * The gateway's id for this request, as recorded in the audit trail.
   *
   * @return the request id
   */
  String requestId();
}
