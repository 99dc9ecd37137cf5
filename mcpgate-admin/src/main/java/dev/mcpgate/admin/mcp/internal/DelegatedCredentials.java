package dev.mcpgate.admin.mcp.internal;

import dev.mcpgate.admin.OperatorGrants;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialBindingResolver;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.Secret;
import dev.mcpgate.control.Actor;
import java.util.Optional;

/**
 * The credential of an in-process call to the admin API: a single-use grant for the operator who
 * called the tool, with the surface {@code mcp}, so that the admin API authenticates the same
 * operator and the service layer records the change as made through the Management MCP endpoint.
 * The operator's own token is never forwarded. Thread-safe.
 */
final class DelegatedCredentials implements CredentialBindingResolver {

  private final OperatorGrants grants;

  DelegatedCredentials(OperatorGrants grants) {
    this.grants = grants;
  }

  @Override
  public CredentialResolution resolve(CredentialBinding binding, CallerContext caller) {
    Optional<Actor> actor = OperatorIdentity.actor(caller);
    if (actor.isEmpty()) {
      return CredentialResolution.missing("the caller is not an operator");
    }
    return CredentialResolution.resolved(Secret.of(grants.issue(actor.get())));
  }
}
