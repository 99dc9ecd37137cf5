package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.core.upstream.Headers;
import dev.mcpgate.core.upstream.UpstreamRequest;
import dev.mcpgate.core.upstream.UpstreamResponse;
import java.net.URI;
import java.util.Objects;

/**
 * The step that follows redirects, when the target policy allows them: each hop's target is
 * checked by gate 7 again ({@link TargetStep#checkRedirect}), the credential goes only to the
 * origin it was configured for ({@link Origin}), cookies stay with the first origin, and a 303
 * (or a 301/302 of a method other than GET and HEAD) continues as a GET without body. In-process
 * requests are never redirected. Thread-safe.
 */
public final class RedirectStep {

  private final TargetStep targets;
  private final SendStep sender;

  /**
   * A step.
   *
   * @param targets checks each hop
   * @param sender sends each hop's request
   */
  public RedirectStep(TargetStep targets, SendStep sender) {
    this.targets = Objects.requireNonNull(targets, "targets");
    this.sender = Objects.requireNonNull(sender, "sender");
  }

  /**
   * Sends a request and follows the redirects the policy allows.
   *
   * @param call the call, for its credential and read cap
   * @param request the request, without credentials
   * @param destination where the first request goes
   * @return the final answer, or why there is none
   */
  public Exchange follow(AdapterCall call, UpstreamRequest request,
      TargetStep.Destination destination) {
    CallCredential credential = call.credential();
    if (!(destination instanceof TargetStep.Network network)) {
      return answered(request.uri(), sender.send(request, destination, credential, call.readCap()));
    }
    Origin origin = network.target().origin();
    UpstreamRequest current = request;
    CheckedTarget.Allowed hop = network.target();
    while (true) {
      // The credential goes only to the origin it was configured for, never to a redirect's.
      boolean sameOrigin = origin.equals(hop.origin());
      SendStep.Result sent = sender.send(current, new TargetStep.Network(hop),
          sameOrigin ? credential : null, call.readCap());
      if (!(sent instanceof SendStep.Sent answer)) {
        return (Exchange) sent;
      }
      UpstreamResponse response = answer.response();
      String location = response.header("Location").orElse(null);
      if (!isRedirect(response.status()) || location == null || !targets.followsRedirects()) {
        return new AdapterExit.Answered(current.uri(), response);
      }
      CheckedTarget next = targets.checkRedirect(hop, location);
      if (next instanceof CheckedTarget.Refused refused) {
        return new AdapterExit.RedirectRefused(refused.message(), response);
      }
      hop = (CheckedTarget.Allowed) next;
      current = redirected(current, response.status(), hop.uri());
    }
  }

  private static Exchange answered(URI uri, SendStep.Result sent) {
    return sent instanceof SendStep.Sent answer
        ? new AdapterExit.Answered(uri, answer.response())
        : (Exchange) sent;
  }

  private static UpstreamRequest redirected(UpstreamRequest request, int status, URI next) {
    boolean keepsMethod = status == 307 || status == 308
        || request.method().equals("GET") || request.method().equals("HEAD");
    // Cookies and headers meant for the first origin stay there.
    Headers headers = request.headers().without("Cookie");
    return keepsMethod
        ? new UpstreamRequest(request.method(), next, headers, request.body(), request.contentType())
        : new UpstreamRequest("GET", next, headers, null, null);
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }
}
