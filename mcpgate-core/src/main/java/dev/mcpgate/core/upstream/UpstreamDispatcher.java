package dev.mcpgate.core.upstream;

import java.io.IOException;

/**
 * Delivers an upstream request without the network: the servlet module's in-process dispatch
 * hands it to the host application's own endpoints inside the container. The request already
 * carries the injected credential and nothing of the MCP caller's own.
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface UpstreamDispatcher {

  /**
   * Delivers a request and returns the response.
   *
   * @param request the request, credential included
   * @param maxResponseBytes how much of the body to keep; more is cut and marked truncated
   * @return the response
   * @throws IOException when the request could not be delivered
   */
  UpstreamResponse dispatch(UpstreamRequest request, int maxResponseBytes) throws IOException;
}
