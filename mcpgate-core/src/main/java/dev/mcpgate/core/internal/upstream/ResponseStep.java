package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.api.AdapterOutcome;
import dev.mcpgate.core.ToolResult;
import dev.mcpgate.core.internal.redaction.Redactor;
import dev.mcpgate.core.upstream.UpstreamResponse;
import java.net.URI;

/**
 * The adapter's last step: redacts every secret value the call's credentials used (and the
 * signatures they made) from the answer, cuts it at the size cap, records what the upstream did
 * and maps the answer to a tool result ({@link ResponseMapper}); a failing status is an {@code
 * isError} result. Stateless and thread-safe.
 */
public final class ResponseStep {

  private ResponseStep() {}

  /**
   * Maps an answer.
   *
   * @param call the call
   * @param uri the URL that answered
   * @param response the answer, read up to the call's read cap
   * @return the result
   */
  public static ToolResult map(AdapterCall call, URI uri, UpstreamResponse response) {
    Redactor redactor = call.redactor();
    CallCredential credential = call.credential();
    if (credential != null) {
      redactor = redactor.with(credential.signatures());
    }
    // Redaction before the cap: a cut never leaves the first bytes of a secret standing.
    Redactor.Cut body = redactor.redactAndCut(
        response.body(), response.truncated(), call.maxResponseBytes());
    call.audit().adapter(new AdapterOutcome(response.status(), call.elapsed(),
        body.bytes().length, body.truncated() ? "response truncated" : null));
    return ResponseMapper.map(call.call().tool(),
        uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath(),
        response.status(), response.header("Content-Type").orElse(null),
        response.header("Retry-After").orElse(null), body.bytes(), body.truncated());
  }
}
