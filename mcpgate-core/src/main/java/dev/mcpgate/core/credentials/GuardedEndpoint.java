package dev.mcpgate.core.credentials;

import dev.mcpgate.core.internal.upstream.CheckedTarget;
import dev.mcpgate.core.internal.upstream.TargetGuard;
import dev.mcpgate.core.internal.upstream.UpstreamClient;
import dev.mcpgate.core.internal.upstream.UpstreamTimeoutException;
import dev.mcpgate.core.upstream.Headers;
import dev.mcpgate.core.upstream.HostResolver;
import dev.mcpgate.core.upstream.TargetPolicy;
import dev.mcpgate.core.upstream.UpstreamRequest;
import dev.mcpgate.core.upstream.UpstreamResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Sends a credential exchange's one request the way upstream calls are sent: the endpoint is
 * checked against a {@link TargetPolicy} (host allowlist, SSRF guard), its host resolved once and
 * only the checked addresses connected to; no redirect is followed and no cookie is kept.
 * Thread-safe.
 */
final class GuardedEndpoint {

  private final TargetGuard guard;
  private final UpstreamClient client;
  private final Duration timeout;

  /**
   * @param targets where the endpoint may be
   * @param resolver how its host is resolved
   * @param connectTimeout how long connecting to one address may take
   * @param timeout how long the whole exchange may take
   */
  GuardedEndpoint(
      TargetPolicy targets, HostResolver resolver, Duration connectTimeout, Duration timeout) {
    this.guard = new TargetGuard(targets, resolver);
    // No pooling: an exchange is rare (once per token or session lifetime), and a resolver has
    // no close to release pooled connections with.
    this.client = new UpstreamClient(connectTimeout, Duration.ofSeconds(30), 0);
    this.timeout = timeout;
  }

  /** What an exchange came to: the answer, or why there is none. */
  sealed interface Outcome {}

  /** The endpoint answered. */
  record Answered(UpstreamResponse response) implements Outcome {
    Answered {
      Objects.requireNonNull(response, "response");
    }
  }

  /** Nothing was answered; the reason names no secret, no address and no response. */
  record Failed(String reason) implements Outcome {
    Failed {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * POSTs a body to the endpoint.
   *
   * @param endpoint the endpoint
   * @param where the endpoint as failures name it, such as {@code token endpoint https://...}
   * @param headers the request headers: fixed names, and values HTTP/1.1 can carry (ASCII,
   *     such as a Base64 Basic pair); credentials in the body are form- or JSON-encoded
   * @param contentType the body's media type
   * @param body the body
   * @param maxResponseBytes how much of the answer's body to read
   * @return the answer, or why there is none
   */
  Outcome post(URI endpoint, String where, Headers headers,
      String contentType, String body, int maxResponseBytes) {
    CheckedTarget checked = guard.check(endpoint);
    if (checked instanceof CheckedTarget.Refused) {
      // The guard's own message may name the addresses the host resolved to: not repeated.
      return new Failed(where + " is not allowed by the target policy");
    }
    UpstreamRequest request = new UpstreamRequest(
        "POST", endpoint, headers, body.getBytes(StandardCharsets.UTF_8), contentType);
    try {
      return new Answered(
          client.send(request, (CheckedTarget.Allowed) checked, null, timeout, maxResponseBytes));
    } catch (UpstreamTimeoutException e) {
      return new Failed(where + " unreachable (HttpTimeoutException)");
    } catch (IOException e) {
      Throwable cause = e.getCause() instanceof IOException inner ? inner : e;
      return new Failed(where + " unreachable (" + cause.getClass().getSimpleName() + ")");
    }
  }
}
