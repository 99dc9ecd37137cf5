package dev.mcpgate.api;

/**
 * Turns a {@link CredentialBinding} into a {@link Secret} for one call, from the deployment's
 * secret store (environment, mounted files, Vault, a cloud secret manager, an OAuth2 token
 * endpoint).
 *
 * <p>The gateway calls this only after every runtime gate has passed; a call that is denied or
 * invalid never reaches it. Implementations must be thread-safe and may block (the gateway
 * calls them on its blocking executor). A secret that cannot be had is a {@link
 * CredentialResolution.Unavailable}; an exception means the resolver itself is broken. Neither
 * may carry a secret value in a message.
 */
@FunctionalInterface
public interface CredentialBindingResolver {

  /**
   * Resolves a binding for a caller.
   *
   * @param binding the binding
   * @param caller who is calling, for per-environment or per-tenant secrets
   * @return the outcome; never null
   */
  CredentialResolution resolve(CredentialBinding binding, CallerContext caller);

  /**
   * A resolver with no secrets: every binding is missing. The default until a deployment
   * configures one.
   *
   * @return the resolver
   */
  static CredentialBindingResolver none() {
    return (binding, caller) ->
        CredentialResolution.missing("no secret store configured for binding " + binding.id());
  }
}
