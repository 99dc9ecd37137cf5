package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.core.upstream.UpstreamRequest;
import java.util.Objects;

/**
 * The step that renews a rejected credential once: when the upstream answers 401 to a request
 * that carried a credential, the resolver is told the secret was rejected ({@link
 * CredentialStep#renew}) and, if it hands out a different one, the request is sent again with it
 * (redirects followed as the first time). The second answer stands, whatever it is. Thread-safe.
 */
public final class RenewStep {

  private final CredentialStep credentials;
  private final RedirectStep redirects;

  /**
   * A step.
   *
   * @param credentials renews the credential
   * @param redirects sends the request and follows redirects
   */
  public RenewStep(CredentialStep credentials, RedirectStep redirects) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.redirects = Objects.requireNonNull(redirects, "redirects");
  }

  /**
   * Sends the call's request, renewing its credential once on a 401.
   *
   * @param call the call; its credential is replaced when renewed
   * @param request the request, without credentials
   * @param destination where it goes
   * @return the final answer, or why there is none
   */
  public Exchange exchange(AdapterCall call, UpstreamRequest request,
      TargetStep.Destination destination) {
    Exchange first = redirects.follow(call, request, destination);
    CallCredential used = call.credential();
    if (!(first instanceof AdapterExit.Answered answered)
        || answered.response().status() != 401 || used == null) {
      return first;
    }
    CredentialStep.Renewal renewal = credentials.renew(used, call.call().caller());
    call.audit().credential(used.binding().id(), renewal.status());
    if (!(renewal instanceof CredentialStep.Renewed renewed)) {
      return first;
    }
    call.renewed(renewed.credential());
    return redirects.follow(call, request, destination);
  }
}
