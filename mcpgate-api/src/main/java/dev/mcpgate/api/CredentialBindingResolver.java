package dev.mcpgate.api;

/**
 * Turns a {@link CredentialBinding} into a {@link Secret} for one call, from the deployment's
 * secret store (environment, mounted files, Vault, a cloud secret manager, an OAuth2 token
 * endpoint).
 *
 * <p>The gateway calls this only after every runtime gate has passed; a call that is denied or
 * invalid never reaches it. Implementations must be thread-safe and may block: the gateway calls
 * them on the thread that runs the tool call (with the servlet transport, the container's request
 * thread), so a slow store holds that thread until it answers or the resolver gives up; size the
 * container's pool for it, or cache (as the OAuth2 and cookie-login resolvers do). A secret that
 * cannot be had is a {@link
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
   * Says that the upstream rejected a secret this resolver gave out (it answered HTTP 401), so
   * that a cached copy, such as an OAuth2 access token or a session cookie, is dropped and the
   * next {@link #resolve} obtains a fresh one. The gateway then resolves once more and retries
   * the call once. Must not block for long and must not throw.
   *
   * <p>The default does nothing: a secret read from a plain store cannot be renewed.
   *
   * @param binding the binding the secret was resolved for
   * @param caller the caller it was resolved for
   * @param rejected the secret the upstream rejected; a newer secret must be kept
   */
  default void invalidate(CredentialBinding binding, CallerContext caller, Secret rejected) {}

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
