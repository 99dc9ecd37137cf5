package dev.mcpgate.api;

import java.util.List;
import java.util.Objects;

/**
 * Authenticates the caller of the gateway: turns an inbound request into a {@link
 * CallerContext}, or says why it cannot.
 *
 * <p>Implementations must be thread-safe and should be fast: the transport calls this on every
 * request, MCP and (when the filter fronts the host's REST routes) REST alike. A missing or bad
 * credential is a result ({@link IdentityResult.Unauthenticated}, {@link
 * IdentityResult.Rejected}), not an exception; an exception means the resolver itself is
 * broken (an identity provider out of reach) and fails the request with an error that carries
 * no detail of it.
 */
@FunctionalInterface
public interface IdentityResolver {

  /**
   * Authenticates one request.
   *
   * @param request the inbound request
   * @return the outcome; never null
   */
  IdentityResult resolve(InboundRequest request);

  /**
   * A resolver that lets every request in as {@link CallerContext#anonymous()}. For local
   * development and conformance tests only: it authenticates nobody.
   *
   * @return the resolver
   */
  static IdentityResolver anonymous() {
    return request -> new IdentityResult.Authenticated(CallerContext.anonymous());
  }

  /**
   * A resolver that tries each given resolver in order and answers with the first outcome that
   * is not {@link IdentityResult.Unauthenticated}: the first to authenticate or reject wins, and
   * a request no resolver recognizes stays unauthenticated.
   *
   * @param resolvers the resolvers, in order; at least one
   * @return the composite resolver
   * @throws IllegalArgumentException if {@code resolvers} is empty
   */
  static IdentityResolver firstOf(List<IdentityResolver> resolvers) {
    List<IdentityResolver> chain = List.copyOf(resolvers);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("firstOf needs at least one resolver");
    }
    return request -> {
      IdentityResult last = null;
      for (IdentityResolver resolver : chain) {
        IdentityResult result = Objects.requireNonNull(resolver.resolve(request), "result");
        if (!(result instanceof IdentityResult.Unauthenticated)) {
          return result;
        }
        last = result;
      }
      return Objects.requireNonNull(last);
    };
  }
}
